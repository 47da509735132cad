package store

import "time"

// SetQueriesClock lets tests move the queries' notion of now.
func SetQueriesClock(q *Queries, now func() time.Time) { q.now = now }
