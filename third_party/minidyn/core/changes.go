package core

import (
	"container/heap"
	"strconv"
	"time"

	"github.com/truora/minidyn/types"
)

// changeLog remembers, for each key written since BeginChanges, the item
// it held before the first write (nil: none), so that a failed transaction
// can put back exactly what it touched.
type changeLog struct {
	prior map[string]map[string]*types.Item
	order []string
}

// record notes key's item before a write; only the first write counts.
func (c *changeLog) record(key string, old map[string]*types.Item, exists bool) {
	if c == nil {
		return
	}

	if _, seen := c.prior[key]; seen {
		return
	}

	if !exists {
		old = nil
	}

	c.prior[key] = old
	c.order = append(c.order, key)
}

// BeginChanges starts remembering the items that writes replace.
func (t *Table) BeginChanges() {
	t.changes = &changeLog{prior: map[string]map[string]*types.Item{}}
}

// Change is a key written since BeginChanges and the item it held before
// (nil: none).
type Change struct {
	Key    string
	Before map[string]*types.Item
}

// EndChanges stops remembering and returns the keys written since
// BeginChanges, in the order first written.
func (t *Table) EndChanges() []Change {
	c := t.changes
	if c == nil {
		return nil
	}

	t.changes = nil
	out := make([]Change, len(c.order))

	for i, k := range c.order {
		out[i] = Change{Key: k, Before: c.prior[k]}
	}

	return out
}

// Rollback puts back every item written since BeginChanges, as it was, and
// stops remembering. Items not written are left alone.
func (t *Table) Rollback() {
	c := t.changes
	if c == nil {
		return
	}

	t.changes = nil

	for i := len(c.order) - 1; i >= 0; i-- {
		key := c.order[i]
		t.restoreItem(key, c.prior[key])
	}
}

// KeyOf is the stored key string of an item (or of a key map).
func (t *Table) KeyOf(item map[string]*types.Item) (string, error) {
	return t.KeySchema.GetKey(t.AttributesDef, item)
}

// KeyItem returns the primary key attributes of item.
func (t *Table) KeyItem(item map[string]*types.Item) map[string]*types.Item {
	return t.KeySchema.getKeyItem(item)
}

// expiry is when the item under key expires, as seen when it was written.
type expiry struct {
	at  int64 // epoch seconds
	key string
}

// expiryHeap orders expiries, soonest first. Entries go stale when their
// item is rewritten or deleted; ExpiredKeys checks each against the item.
type expiryHeap []expiry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].at < h[j].at }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]

	return e
}

// expiresAt reads an item's TTL attribute as DynamoDB does: a number of
// epoch seconds. Items without one, or with another type, never expire.
func (t *Table) expiresAt(item map[string]*types.Item) (int64, bool) {
	if t.TTLAttribute == "" {
		return 0, false
	}

	v, ok := item[t.TTLAttribute]
	if !ok || v == nil || v.N == nil {
		return 0, false
	}

	f, err := strconv.ParseFloat(*v.N, 64)
	if err != nil {
		return 0, false
	}

	return int64(f), true
}

func (t *Table) trackExpiry(key string, item map[string]*types.Item) {
	if at, ok := t.expiresAt(item); ok {
		heap.Push(&t.expiries, expiry{at: at, key: key})
	}
}

// SetTTL turns TTL on with attribute as the expiry attribute, or off when
// attribute is empty.
func (t *Table) SetTTL(attribute string) {
	t.TTLAttribute = attribute
	t.expiries = nil

	for key, item := range t.Data {
		if at, ok := t.expiresAt(item); ok {
			t.expiries = append(t.expiries, expiry{at: at, key: key})
		}
	}

	heap.Init(&t.expiries)
}

// ttlMaxAge is how far in the past an expiry may lie and still be acted
// on: DynamoDB ignores TTL values more than five years old.
const ttlMaxAge = 5 * 365 * 24 * time.Hour

// ExpiredKeys removes from the expiry heap and returns the keys of the
// items whose TTL lies before now, as primary key attribute maps. Stale
// heap entries (items rewritten or deleted since) are dropped. Its cost is
// the number of entries that expired, not the table size.
func (t *Table) ExpiredKeys(now time.Time) []map[string]*types.Item {
	var keys []map[string]*types.Item

	cutoff := now.Unix()
	oldest := now.Add(-ttlMaxAge).Unix()

	for len(t.expiries) > 0 && t.expiries[0].at < cutoff {
		e := heap.Pop(&t.expiries).(expiry)

		item, ok := t.Data[e.key]
		if !ok {
			continue
		}

		at, ok := t.expiresAt(item)
		if !ok || at != e.at || at < oldest {
			continue
		}

		keys = append(keys, t.KeySchema.getKeyItem(item))
	}

	return keys
}

// KeyItems returns the primary key attributes of every item, in key order.
func (t *Table) KeyItems() []map[string]*types.Item {
	keys := t.keys()
	out := make([]map[string]*types.Item, len(keys))

	for i, k := range keys {
		out[i] = t.KeySchema.getKeyItem(t.Data[k])
	}

	return out
}
