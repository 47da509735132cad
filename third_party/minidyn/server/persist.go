package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/truora/minidyn/core"
	"github.com/truora/minidyn/types"
)

// Persistence. A server opened on a directory (Open) keeps its tables
// there so that a crash at any moment (kill -9) loses no write it has
// answered:
//
//   - every change is a JSON line appended to a journal: a table's
//     definition requests (CreateTable, UpdateTable, DeleteTable,
//     UpdateTimeToLive) as they came, and item writes as the items' new
//     state (a Put of the whole stored item, or a Delete of its key), one
//     line per request, so a transaction is all or nothing;
//   - the journal is written and fsynced before the HTTP answer; requests
//     that arrive while an fsync runs share the next one (group commit);
//   - at start the snapshot and then the journal are replayed, and both
//     are compacted into a new snapshot (written to a temporary file,
//     fsynced, renamed) with a new, empty journal generation. A last line
//     cut short by a crash is a write that was never answered and is
//     dropped; a bad line before the last is corruption and refuses start.

const (
	snapshotFile  = "snapshot.json"
	journalPrefix = "journal-"
	journalSuffix = ".jsonl"
)

// Record operations.
const (
	opCreateTable      = "CreateTable"
	opUpdateTable      = "UpdateTable"
	opDeleteTable      = "DeleteTable"
	opUpdateTimeToLive = "UpdateTimeToLive"
	opWrite            = "Write"
)

// record is one journal line.
type record struct {
	Op     string          `json:"op"`
	Table  string          `json:"table,omitempty"`
	Input  json.RawMessage `json:"input,omitempty"`
	Writes []itemWrite     `json:"writes,omitempty"`
}

// itemWrite is an item's new state: Item when it exists, else Key.
type itemWrite struct {
	Table string                     `json:"table"`
	Item  map[string]*AttributeValue `json:"item,omitempty"`
	Key   map[string]*AttributeValue `json:"key,omitempty"`
}

// snapshot is the compacted state: per table its definition requests and
// its items.
type snapshot struct {
	Generation int64           `json:"generation"`
	Tables     []snapshotTable `json:"tables"`
}

type snapshotTable struct {
	Name    string                       `json:"name"`
	History []record                     `json:"history"`
	Items   []map[string]*AttributeValue `json:"items"`
}

// logTable records a table definition request; create starts its history.
func (c *Client) logTable(name, op string, input any, create bool) {
	raw, err := json.Marshal(input)
	if err != nil {
		return
	}

	rec := record{Op: op, Table: name, Input: raw}
	if create {
		c.history[name] = nil
	}

	if op != opDeleteTable {
		c.history[name] = append(c.history[name], rec)
	}

	c.journal.append(rec)
}

// endChanges logs what the table's current request changed.
func (c *Client) endChanges(name string, table *core.Table) {
	c.logChanges(name, table, table.EndChanges())
}

func (c *Client) logChanges(name string, table *core.Table, changes []core.Change) {
	c.logWrites(c.changeWrites(name, table, changes))
}

// changeWrites turns changed keys into their new states.
func (c *Client) changeWrites(name string, table *core.Table, changes []core.Change) []itemWrite {
	if c.journal == nil || len(changes) == 0 {
		return nil
	}

	writes := make([]itemWrite, 0, len(changes))

	for _, ch := range changes {
		if item, ok := table.Data[ch.Key]; ok {
			writes = append(writes, itemWrite{Table: name, Item: mapTypesMapToAttributeValue(item)})

			continue
		}

		if ch.Before != nil {
			writes = append(writes, itemWrite{Table: name, Key: mapTypesMapToAttributeValue(table.KeyItem(ch.Before))})
		}
	}

	return writes
}

func (c *Client) logWrites(writes []itemWrite) {
	if len(writes) > 0 {
		c.journal.append(record{Op: opWrite, Writes: writes})
	}
}

// journal appends records to a file, fsyncing a group at a time.
type journal struct {
	mu       sync.Mutex
	cond     *sync.Cond
	f        *os.File
	pending  []byte // appended, not yet written
	appended uint64 // records appended
	synced   uint64 // records written and fsynced
	flushing bool
	err      error
}

func newJournal(f *os.File) *journal {
	j := &journal{f: f}
	j.cond = sync.NewCond(&j.mu)

	return j
}

// append queues rec; the caller holds the client's lock, so records are
// in the order their changes were applied.
func (j *journal) append(rec record) {
	if j == nil {
		return
	}

	line, err := json.Marshal(rec)
	if err != nil {
		j.mu.Lock()
		j.err = fmt.Errorf("encode journal record: %w", err)
		j.mu.Unlock()

		return
	}

	j.mu.Lock()
	j.pending = append(append(j.pending, line...), '\n')
	j.appended++
	j.mu.Unlock()
}

// sync returns once every record appended before the call is on disk.
// One caller writes and fsyncs all pending records while the others wait
// for it, so concurrent writers share an fsync.
func (j *journal) sync() error {
	if j == nil {
		return nil
	}

	j.mu.Lock()
	defer j.mu.Unlock()

	target := j.appended

	for j.synced < target {
		if j.err != nil {
			return j.err
		}

		if j.flushing {
			j.cond.Wait()

			continue
		}

		j.flushing = true
		buf, upto := j.pending, j.appended
		j.pending = nil
		j.mu.Unlock()

		_, err := j.f.Write(buf)
		if err == nil {
			err = j.f.Sync()
		}

		j.mu.Lock()
		j.flushing = false

		if err != nil {
			j.err = fmt.Errorf("write journal: %w", err)
		} else {
			j.synced = upto
		}

		j.cond.Broadcast()
	}

	return j.err
}

func (j *journal) close() error {
	if j == nil {
		return nil
	}

	err := j.sync()

	return errors.Join(err, j.f.Close())
}

// Open returns a server that keeps its tables in dir (created if needed),
// after loading what an earlier server left there. Close it when done.
// Two servers must not share a directory.
func Open(dir string) (*Server, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("minidyn: %w", err)
	}

	c := NewClient()

	gen, err := c.load(dir)
	if err != nil {
		return nil, fmt.Errorf("minidyn: load %s: %w", dir, err)
	}

	if err := c.compact(dir, gen+1); err != nil {
		return nil, fmt.Errorf("minidyn: compact %s: %w", dir, err)
	}

	f, err := os.OpenFile(journalPath(dir, gen+1), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("minidyn: %w", err)
	}

	if err := syncDir(dir); err != nil {
		f.Close()

		return nil, fmt.Errorf("minidyn: %w", err)
	}

	c.journal = newJournal(f)

	removeOldJournals(dir, gen+1)

	return &Server{client: c}, nil
}

// Close writes what is pending and closes the journal. A server from
// NewServer has nothing to close.
func (s *Server) Close() error {
	s.client.mu.Lock()
	j := s.client.journal
	s.client.journal = nil
	s.client.mu.Unlock()

	return j.close()
}

func journalPath(dir string, gen int64) string {
	return filepath.Join(dir, journalPrefix+strconv.FormatInt(gen, 10)+journalSuffix)
}

// load replays the snapshot and its journal generation; it returns the
// generation.
func (c *Client) load(dir string) (int64, error) {
	var snap snapshot

	data, err := os.ReadFile(filepath.Join(dir, snapshotFile))

	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return 0, err
	default:
		if err := json.Unmarshal(data, &snap); err != nil {
			return 0, fmt.Errorf("%s: %w", snapshotFile, err)
		}
	}

	for _, t := range snap.Tables {
		for _, rec := range t.History {
			if err := c.replay(rec); err != nil {
				return 0, fmt.Errorf("%s: table %s: %w", snapshotFile, t.Name, err)
			}
		}

		writes := make([]itemWrite, len(t.Items))
		for i, item := range t.Items {
			writes[i] = itemWrite{Table: t.Name, Item: item}
		}

		if err := c.replay(record{Op: opWrite, Writes: writes}); err != nil {
			return 0, fmt.Errorf("%s: table %s: %w", snapshotFile, t.Name, err)
		}
	}

	f, err := os.Open(journalPath(dir, snap.Generation))
	if errors.Is(err, os.ErrNotExist) {
		return snap.Generation, nil
	}

	if err != nil {
		return 0, err
	}
	defer f.Close()

	return snap.Generation, c.replayJournal(f)
}

// replayJournal applies every complete record; a torn last line is
// dropped.
func (c *Client) replayJournal(r io.Reader) error {
	br := bufio.NewReader(r)

	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			// A line without its newline was being written when the
			// process died; it was never acknowledged.
			return nil
		}

		if err != nil {
			return err
		}

		var rec record
		if err := json.Unmarshal(bytes.TrimSpace(line), &rec); err != nil {
			if rest, _ := io.ReadAll(br); len(bytes.TrimSpace(rest)) == 0 {
				return nil // torn last line
			}

			return fmt.Errorf("journal line %d: %w", n, err)
		}

		if err := c.replay(rec); err != nil {
			return fmt.Errorf("journal line %d: %w", n, err)
		}
	}
}

// replay applies one record. Definition requests are re-run as they ran
// (an error they met then, they meet again); item writes set the state.
func (c *Client) replay(rec record) error {
	ctx := context.Background()

	switch rec.Op {
	case opCreateTable:
		var in CreateTableInput
		if err := json.Unmarshal(rec.Input, &in); err != nil {
			return err
		}

		_, err := c.CreateTable(ctx, &in)

		return err
	case opUpdateTable:
		var in UpdateTableInput
		if err := json.Unmarshal(rec.Input, &in); err != nil {
			return err
		}

		_, _ = c.UpdateTable(ctx, &in)

		return nil
	case opDeleteTable:
		var in DeleteTableInput
		if err := json.Unmarshal(rec.Input, &in); err != nil {
			return err
		}

		_, err := c.DeleteTable(ctx, &in)

		return err
	case opUpdateTimeToLive:
		var in UpdateTimeToLiveInput
		if err := json.Unmarshal(rec.Input, &in); err != nil {
			return err
		}

		_, err := c.UpdateTimeToLive(ctx, &in)

		return err
	case opWrite:
		c.lock()
		defer c.mu.Unlock()

		for _, w := range rec.Writes {
			table, err := c.getTable(w.Table)
			if err != nil {
				return err
			}

			if w.Item != nil {
				if _, err := table.Put(&types.PutItemInput{Item: mapAttributeValueMapToTypes(w.Item)}); err != nil {
					return err
				}

				continue
			}

			if _, err := table.Delete(&types.DeleteItemInput{Key: mapAttributeValueMapToTypes(w.Key)}); err != nil {
				return err
			}
		}

		return nil
	}

	return fmt.Errorf("unknown record %q", rec.Op)
}

// compact writes the current state as generation gen's snapshot.
func (c *Client) compact(dir string, gen int64) error {
	c.mu.Lock()

	snap := snapshot{Generation: gen}

	for name, table := range c.tables {
		t := snapshotTable{Name: name, History: c.history[name]}
		for _, key := range table.KeyItems() {
			k, _ := table.KeyOf(key)
			t.Items = append(t.Items, mapTypesMapToAttributeValue(table.Data[k]))
		}

		snap.Tables = append(snap.Tables, t)
	}

	c.mu.Unlock()

	data, err := json.Marshal(snap)
	if err != nil {
		return err
	}

	tmp := filepath.Join(dir, snapshotFile+".tmp")

	f, err := os.Create(tmp)
	if err != nil {
		return err
	}

	if _, err := f.Write(data); err != nil {
		f.Close()

		return err
	}

	if err := f.Sync(); err != nil {
		f.Close()

		return err
	}

	if err := f.Close(); err != nil {
		return err
	}

	if err := os.Rename(tmp, filepath.Join(dir, snapshotFile)); err != nil {
		return err
	}

	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()

	return d.Sync()
}

// removeOldJournals deletes the journals of generations before gen, which
// the snapshot of gen contains.
func removeOldJournals(dir string, gen int64) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, journalPrefix) || !strings.HasSuffix(name, journalSuffix) {
			continue
		}

		g, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(name, journalPrefix), journalSuffix), 10, 64)
		if err == nil && g < gen {
			_ = os.Remove(filepath.Join(dir, name))
		}
	}
}

// syncJournal waits until every change made so far is on disk.
func (c *Client) syncJournal() error {
	c.mu.Lock()
	j := c.journal
	c.mu.Unlock()

	return j.sync()
}
