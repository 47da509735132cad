package bedrock

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// change is one ingestion or deletion call's effect on the index: the unit
// written to the journal and applied as one bleve batch.
type change struct {
	Index  []chunk   `json:"index,omitempty"`
	Failed []failure `json:"failed,omitempty"`
	Delete []string  `json:"delete,omitempty"`
}

// failure is a document that could not be ingested, and why.
type failure struct {
	URI    string `json:"uri"`
	Record []byte `json:"record"` // the failedKey value
}

// journal makes acknowledged changes durable without waiting for bleve.
//
// bleve's scorch persists a safe batch with several fsyncs (segment file,
// bolt commit, bolt sync), which on a slow disk costs tens of milliseconds
// per ingestion call. So the index runs scorch's unsafe batches (persisted
// in the background) and each change is first appended to a journal file
// and fsynced — one fsync shared by every call waiting at that moment.
// Once scorch reports a batch persisted (its PersistedCallback), the
// journal file holding it is no longer needed; a file whose batches are all
// persisted is removed when the journal has moved on to the next. Open
// replays what is left, so a kill -9 loses no acknowledged change.
type journal struct {
	dir string

	mu      sync.Mutex // held from append until the change is in the index
	f       *os.File
	size    int64 // bytes in the current file
	written int64 // bytes written, over all files

	pmu     sync.Mutex  // not mu: scorch's persister must never wait for an ingestion
	seq     int         // number of the current file
	pending map[int]int // file → batches not yet persisted by scorch

	syncMu sync.Mutex
	synced int64 // bytes known durable, over all files
}

// journalFileSize is when the journal moves on to a new file.
var journalFileSize int64 = 8 << 20

func journalName(seq int) string { return fmt.Sprintf("journal-%08d.log", seq) }

// openJournal reads the journal files in dir and returns their changes by
// file; the caller applies them (counting each with applying) and then
// calls rotate to start a new file. A torn last record (a crash mid-write,
// never acknowledged) is dropped.
func openJournal(dir string) (*journal, map[int][]change, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var seqs []int
	for _, e := range entries {
		if n, ok := strings.CutPrefix(e.Name(), "journal-"); ok {
			if seq, err := strconv.Atoi(strings.TrimSuffix(n, ".log")); err == nil {
				seqs = append(seqs, seq)
			}
		}
	}
	slices.Sort(seqs)
	j := &journal{dir: dir, pending: map[int]int{}}
	replay := map[int][]change{}
	for _, seq := range seqs {
		b, err := os.ReadFile(filepath.Join(dir, journalName(seq)))
		if err != nil {
			return nil, nil, err
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, maxBody*4)
		for sc.Scan() {
			var c change
			if json.Unmarshal(sc.Bytes(), &c) != nil {
				break // a torn tail
			}
			replay[seq] = append(replay[seq], c)
		}
		if len(replay[seq]) == 0 {
			_ = os.Remove(filepath.Join(dir, journalName(seq)))
		}
		j.seq = seq
	}
	return j, replay, nil
}

// rotate starts the next file; the caller holds mu (or owns j alone).
func (j *journal) rotate() error {
	j.pmu.Lock()
	defer j.pmu.Unlock()
	if j.f != nil {
		if err := j.f.Sync(); err != nil {
			return err
		}
		if err := j.f.Close(); err != nil {
			return err
		}
	}
	j.seq++
	f, err := os.OpenFile(filepath.Join(j.dir, journalName(j.seq)), os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	j.f, j.size = f, 0
	j.removePersisted()
	return syncDir(j.dir)
}

// append writes c and returns the file it is in and the offset a sync must
// reach for it to be durable; the batch is counted as not yet persisted.
// It is called with mu held, so journal order is the order changes are
// applied to the index.
func (j *journal) append(c change) (seq int, upTo int64, err error) {
	b, err := json.Marshal(c)
	if err != nil {
		return 0, 0, err
	}
	if j.size > 0 && j.size+int64(len(b)) > journalFileSize {
		if err := j.rotate(); err != nil {
			return 0, 0, err
		}
	}
	n, err := j.f.Write(append(b, '\n'))
	j.size += int64(n)
	j.written += int64(n)
	if err != nil {
		return 0, 0, err
	}
	j.pmu.Lock()
	seq = j.seq
	j.pending[seq]++
	j.pmu.Unlock()
	return seq, j.written, nil
}

// applying counts a replayed batch of file seq as not yet persisted.
func (j *journal) applying(seq int) {
	j.pmu.Lock()
	defer j.pmu.Unlock()
	j.pending[seq]++
}

// sync returns once everything up to upTo is on disk; one fsync serves
// every caller waiting behind it.
func (j *journal) sync(upTo int64) error {
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	if j.synced >= upTo {
		return nil
	}
	j.mu.Lock()
	f, target := j.f, j.written
	j.mu.Unlock()
	// A rotation since then synced and closed the older file itself.
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrClosed) {
		return err
	}
	j.synced = target
	return nil
}

// persisted records that scorch persisted a batch from file seq.
func (j *journal) persisted(seq int) {
	j.pmu.Lock()
	defer j.pmu.Unlock()
	j.pending[seq]--
	j.removePersisted()
}

// removePersisted deletes the files before the current one whose batches
// are all persisted; the caller holds pmu.
func (j *journal) removePersisted() {
	for seq, n := range j.pending {
		if seq < j.seq && n <= 0 {
			delete(j.pending, seq)
			_ = os.Remove(filepath.Join(j.dir, journalName(seq)))
		}
	}
}

func (j *journal) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.f.Sync(); err != nil {
		return err
	}
	return j.f.Close()
}

// syncDir makes a new file's directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
