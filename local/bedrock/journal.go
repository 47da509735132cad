package bedrock

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"docflow/local/journal"
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

// rotatingLog makes acknowledged changes durable without waiting for bleve.
//
// bleve's scorch persists a safe batch with several fsyncs (segment file,
// bolt commit, bolt sync), which on a slow disk costs tens of milliseconds
// per ingestion call. So the index runs scorch's unsafe batches (persisted
// in the background) and each change is first appended to a journal file
// and fsynced (package journal: one fsync shared by every call waiting at
// that moment). Once scorch reports a batch persisted (its
// PersistedCallback), the journal file holding it is no longer needed; a
// file whose batches are all persisted is removed when the journal has
// moved on to the next. Open replays what is left, so a kill -9 loses no
// acknowledged change. The rotation and removal are bedrock's own: they
// follow scorch's persistence, which nothing else has.
type rotatingLog struct {
	dir string

	mu sync.Mutex      // held from append until the change is in the index
	w  *journal.Writer // the current file

	pmu     sync.Mutex  // not mu: scorch's persister must never wait for an ingestion
	seq     int         // number of the current file
	pending map[int]int // file → batches not yet persisted by scorch
}

// journalFileSize is when the journal moves on to a new file.
var journalFileSize int64 = 8 << 20

func journalName(seq int) string { return fmt.Sprintf("journal-%08d.log", seq) }

// openJournal reads the journal files in dir and returns their changes by
// file; the caller applies them (counting each with applying) and then
// calls rotate to start a new file. A torn last record of a file (a crash
// mid-write, never acknowledged) is dropped; a bad line before it is an
// error.
func openJournal(dir string) (*rotatingLog, map[int][]change, error) {
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
	j := &rotatingLog{dir: dir, pending: map[int]int{}}
	replay := map[int][]change{}
	for _, seq := range seqs {
		name := filepath.Join(dir, journalName(seq))
		err := journal.ReadFile(name, func(c change) error {
			replay[seq] = append(replay[seq], c)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", journalName(seq), err)
		}
		if len(replay[seq]) == 0 {
			_ = os.Remove(name)
		}
		j.seq = seq
	}
	return j, replay, nil
}

// rotate starts the next file; the caller holds mu (or owns j alone).
// Closing the current file fsyncs it, so the waits of its appends return.
func (j *rotatingLog) rotate() error {
	j.pmu.Lock()
	defer j.pmu.Unlock()
	if j.w != nil {
		if err := j.w.Close(); err != nil {
			return err
		}
	}
	j.seq++
	w, err := journal.Create(filepath.Join(j.dir, journalName(j.seq)), 0o644)
	if err != nil {
		return err
	}
	j.w = w
	j.removePersisted()
	return nil
}

// append queues c and returns the file it is in and a wait for its fsync;
// the batch is counted as not yet persisted. It is called with mu held, so
// journal order is the order changes are applied to the index. A full
// file is closed first and the change goes to a new one.
func (j *rotatingLog) append(c change) (seq int, wait func() error, err error) {
	if j.w.Size() >= journalFileSize {
		if err := j.rotate(); err != nil {
			return 0, nil, err
		}
	}
	wait = j.w.Append(c)
	j.pmu.Lock()
	seq = j.seq
	j.pending[seq]++
	j.pmu.Unlock()
	return seq, wait, nil
}

// applying counts a replayed batch of file seq as not yet persisted.
func (j *rotatingLog) applying(seq int) {
	j.pmu.Lock()
	defer j.pmu.Unlock()
	j.pending[seq]++
}

// persisted records that scorch persisted a batch from file seq.
func (j *rotatingLog) persisted(seq int) {
	j.pmu.Lock()
	defer j.pmu.Unlock()
	j.pending[seq]--
	j.removePersisted()
}

// removePersisted deletes the files before the current one whose batches
// are all persisted; the caller holds pmu. The removals need no directory
// fsync: a file that comes back after a crash is replayed again, and
// replaying a persisted change sets what the index already holds.
func (j *rotatingLog) removePersisted() {
	for seq, n := range j.pending {
		if seq < j.seq && n <= 0 {
			delete(j.pending, seq)
			_ = os.Remove(filepath.Join(j.dir, journalName(seq)))
		}
	}
}

func (j *rotatingLog) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.w.Close()
}
