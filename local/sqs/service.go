package sqs

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Local account and region: the same as local/stack's.
const (
	DefaultRegion  = "us-east-1"
	DefaultAccount = "123456789012"
)

// Config configures a Service.
type Config struct {
	// Dir holds the journal (sqs.journal). Empty keeps everything in memory.
	Dir string
	// BaseURL is what queue URLs start with, e.g. "http://127.0.0.1:4566/sqs".
	// Empty: taken from each request's Host and the path it was mounted at.
	BaseURL string
	// Region and Account name queues in ARNs and URLs; DefaultRegion and
	// DefaultAccount when empty.
	Region, Account string
	// Verify, when set, checks each request (its SigV4 signature) before it
	// is served; a failing request is answered 403 with its error's
	// ErrorCode() if it has one, InvalidSignatureException otherwise.
	// Verify may read r.Body: the service reads its own copy.
	Verify func(r *http.Request) error
	// Now is the clock that stamps messages and times visibility, delays,
	// retention and purges; time.Now when nil. Long polls wait in real time.
	Now func() time.Time
	// Logger gets journal failures; slog.Default when nil.
	Logger *slog.Logger
}

// Service is a local SQS: an http.Handler speaking the SQS JSON protocol.
type Service struct {
	cfg Config
	log *compactingLog // nil in memory

	mu      sync.Mutex
	queues  map[string]*queue
	deleted map[string]int64 // queue name → when it was deleted, ms

	waiting atomic.Int32 // long polls waiting now (tests watch it)
}

// New returns a Service, replaying and compacting cfg.Dir's journal first.
func New(cfg Config) (*Service, error) {
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	if cfg.Account == "" {
		cfg.Account = DefaultAccount
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	s := &Service{cfg: cfg, queues: map[string]*queue{}, deleted: map[string]int64{}}
	if cfg.Dir == "" {
		return s, nil
	}
	j, err := openJournal(cfg.Dir, s.apply, s.snapshot)
	if err != nil {
		return nil, fmt.Errorf("sqs journal in %s: %w", cfg.Dir, err)
	}
	s.log = j
	j.wmu.Lock()
	j.grown = s.compact
	j.wmu.Unlock()
	return s, nil
}

// compact rewrites the journal as the live state, so a stack left running
// all day keeps a journal the size of its queues, not of its history.
func (s *Service) compact() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.log.rewrite(s.snapshot); err != nil {
		s.cfg.Logger.Error("sqs journal compaction failed", "err", err)
	}
}

// Close flushes and closes the journal.
func (s *Service) Close() error {
	if s.log == nil {
		return nil
	}
	return s.log.close()
}

func (s *Service) now() int64 { return s.cfg.Now().UnixMilli() }

// ARN is the ARN of the queue called name.
func (s *Service) ARN(name string) string {
	return "arn:aws:sqs:" + s.cfg.Region + ":" + s.cfg.Account + ":" + name
}

func (s *Service) queueByARN(arn string) *queue {
	name, ok := strings.CutPrefix(arn, "arn:aws:sqs:"+s.cfg.Region+":"+s.cfg.Account+":")
	if !ok {
		return nil
	}
	return s.queues[name]
}

// queueOf finds the queue a QueueUrl names: its last two path segments are
// the account and the queue name, whatever host the client used.
func (s *Service) queueOf(url string) (*queue, *apiError) {
	if url == "" {
		return nil, errorf("MissingParameter", "The request must contain the parameter QueueUrl.")
	}
	parts := strings.Split(strings.TrimSuffix(url, "/"), "/")
	if len(parts) < 2 || parts[len(parts)-2] != s.cfg.Account {
		return nil, errorf("InvalidAddress", "The address %s is not valid for this endpoint.", url)
	}
	q := s.queues[parts[len(parts)-1]]
	if q == nil {
		return nil, errNoQueue()
	}
	return q, nil
}

// record is one journal line: one acknowledged change.
type record struct {
	Op     string            `json:"op"`
	Queue  string            `json:"q"`
	Attrs  map[string]string `json:"attrs,omitempty"`
	At     int64             `json:"at,omitempty"`
	Mod    int64             `json:"mod,omitempty"`
	Msg    *message          `json:"msg,omitempty"`
	ID     string            `json:"id,omitempty"`
	Vis    int64             `json:"vis,omitempty"`
	Recv   int               `json:"recv,omitempty"`
	First  int64             `json:"first,omitempty"`
	Handle string            `json:"rh,omitempty"`
	To     string            `json:"to,omitempty"`
	Source string            `json:"src,omitempty"`
}

// apply makes one change to the state. Live operations and the journal
// replay both go through it, so a replayed state is the acknowledged one.
// Callers hold s.mu (or own s exclusively, during replay).
func (s *Service) apply(r record) error {
	q := s.queues[r.Queue]
	if q == nil && r.Op != "queue" {
		return fmt.Errorf("%s on unknown queue %q", r.Op, r.Queue)
	}
	var m *message
	if r.ID != "" {
		if m = q.msgs[r.ID]; m == nil {
			return fmt.Errorf("%s of unknown message %s in %s", r.Op, r.ID, r.Queue)
		}
	}
	switch r.Op {
	case "queue":
		st, err := parseSettings(defaultSettings, r.Attrs, func(string) bool { return true })
		if err != nil {
			return err
		}
		q = newQueue(r.Queue, r.Attrs, st, r.At)
		if r.Mod != 0 {
			q.modified = r.Mod
		}
		s.queues[r.Queue] = q
		delete(s.deleted, r.Queue)
	case "attrs":
		attrs := maps.Clone(q.attrs)
		maps.Copy(attrs, r.Attrs)
		st, err := parseSettings(q.settings, r.Attrs, func(string) bool { return true })
		if err != nil {
			return err
		}
		q.attrs, q.settings, q.modified = attrs, st, r.At
		q.notify()
	case "dropq":
		delete(s.queues, r.Queue)
		s.deleted[r.Queue] = r.At
		q.notify()
	case "msg":
		q.add(r.Msg)
		q.notify()
	case "recv":
		m.Received, m.First, m.Handle = r.Recv, r.First, r.Handle
		q.setVisible(m, r.Vis)
	case "vis":
		q.setVisible(m, r.Vis)
		q.notify()
	case "del":
		q.remove(m)
	case "move":
		to := s.queues[r.To]
		if to == nil {
			return fmt.Errorf("move to unknown queue %q", r.To)
		}
		q.remove(m)
		m.VisibleAt, m.Source = r.Vis, r.Source
		to.add(m)
		to.notify()
	case "purge":
		for _, m := range q.msgs {
			q.remove(m)
		}
		q.lastPurge = r.At
	default:
		return fmt.Errorf("unknown journal op %q", r.Op)
	}
	return nil
}

// snapshot is the live state as records, oldest message first, for the
// journal's compaction.
func (s *Service) snapshot(emit func(record) error) error {
	now := s.now()
	// Dead-letter targets first, so every RedrivePolicy names a queue that
	// exists when it is replayed (replay does not check, but readers might).
	for _, q := range s.queues {
		if err := emit(record{Op: "queue", Queue: q.name, Attrs: q.attrs, At: q.created, Mod: q.modified}); err != nil {
			return err
		}
	}
	for _, q := range s.queues {
		live := make(byVisible, 0, len(q.msgs))
		for _, m := range q.msgs {
			if !q.expired(m, now) {
				live = append(live, m)
			}
		}
		// Arrival order keeps the order receives see across a restart.
		sortBySeq(live)
		for _, m := range live {
			if err := emit(record{Op: "msg", Queue: q.name, Msg: m}); err != nil {
				return err
			}
		}
		if q.lastPurge != 0 && now-q.lastPurge < purgeInterval {
			if err := emit(record{Op: "purge", Queue: q.name, At: q.lastPurge}); err != nil {
				return err
			}
		}
	}
	return nil
}

// commit applies records under s.mu and journals them in the same order;
// the returned wait blocks until they are on disk.
func (s *Service) commitLocked(recs ...record) (wait func() error) {
	for _, r := range recs {
		if err := s.apply(r); err != nil {
			// Only a bug gets here: live callers validate first.
			panic(fmt.Sprintf("sqs: apply %s: %v", r.Op, err))
		}
	}
	if s.log == nil || len(recs) == 0 {
		return func() error { return nil }
	}
	return s.log.add(recs)
}

// durable waits for a commit and turns a journal failure into an answer.
func (s *Service) durable(wait func() error) *apiError {
	if err := wait(); err != nil {
		s.cfg.Logger.Error("sqs journal write failed", "err", err)
		return errorf("InternalFailure", "The request could not be made durable: %v", err)
	}
	return nil
}

// newID is a random UUID-shaped message ID, as SQS's are.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// newHandle is a receipt handle: opaque to clients, and naming the message
// so DeleteMessage and ChangeMessageVisibility find it.
func newHandle(id string) string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString([]byte(id + ":" + base64.RawURLEncoding.EncodeToString(b[:])))
}

// handleID returns the message ID inside a receipt handle.
func handleID(h string) (string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(h)
	if err != nil {
		return "", false
	}
	id, _, ok := strings.Cut(string(raw), ":")
	return id, ok && len(id) == 36
}

// waitChanged blocks until q changes, until is reached or ctx ends.
func waitChanged(ctx context.Context, changed <-chan struct{}, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-changed:
	case <-t.C:
	case <-ctx.Done():
	}
}
