package store

import "time"

// SetClock lets tests move the store's notion of now (expiry, defaults).
func SetClock(s *Store, now func() time.Time) { s.now = now }
