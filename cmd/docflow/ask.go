package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// citation is one source of an answer, as answerComplete and answerStatus
// carry it.
type citation struct {
	DocumentID   string `json:"documentId"`
	DocumentName string `json:"documentName"`
	Page         int    `json:"page"`
	Excerpt      string `json:"excerpt"`
}

// answerEvent is the data of any answer frame of one query: answerChunk,
// answerComplete, answerFailed or answerStatus (fields a frame lacks stay
// zero). Action and Message come from the frame itself.
type answerEvent struct {
	Action    string     `json:"-"`
	Message   string     `json:"-"`
	QueryID   string     `json:"queryId"`
	Attempt   int        `json:"attempt"`
	Seq       int64      `json:"seq"`
	Text      string     `json:"text"`
	Answer    string     `json:"answer"`
	Citations []citation `json:"citations"`
	SessionID string     `json:"sessionId"`
	Code      string     `json:"code"`
	Status    string     `json:"status"`
}

func isAnswerFrame(action string) bool {
	switch action {
	case "answerChunk", "answerComplete", "answerFailed", "answerStatus":
		return true
	}
	return false
}

// answerPollInterval is how often ask asks for an answer whose frames go
// to a connection that dropped (the worker posts to the connection that
// asked; after a reconnect only get_answer reaches the answer).
var answerPollInterval = time.Second

// answerFailedError is an answer that failed for good; the message is the
// stack's sentence for a person.
type answerFailedError struct{ QueryID, Code, Message string }

func (e *answerFailedError) Error() string {
	return fmt.Sprintf("the question could not be answered: %s (%s, query %s)", e.Message, e.Code, e.QueryID)
}

// askRequest is one question.
type askRequest struct {
	QueryID     string
	Query       string
	DocumentIDs []string
	SessionID   string
}

// newQueryID makes the client's idempotency key: known before the invoke
// is sent, so a Ctrl-C or a dropped socket can always name the query.
func newQueryID() string { return "cli-" + rand.Text() }

// answerWriter shows one query's answer. On a terminal it streams the
// text as it arrives and says so when a new attempt restarts it; elsewhere
// (a pipe, a script) it writes only the final answer, so output never
// holds an abandoned attempt.
type answerWriter struct {
	w       io.Writer
	tty     bool
	attempt int
	seq     int64
	shown   strings.Builder // text of the current attempt shown so far
}

// chunk shows an answerChunk, dropping older attempts and duplicates.
func (a *answerWriter) chunk(ev answerEvent) {
	switch {
	case ev.Attempt < a.attempt:
		return
	case ev.Attempt > a.attempt:
		a.restart(ev.Attempt)
	case ev.Seq <= a.seq:
		return
	}
	a.seq = ev.Seq
	a.shown.WriteString(ev.Text)
	if a.tty {
		fmt.Fprint(a.w, ev.Text)
	}
}

// restart starts showing attempt from nothing.
func (a *answerWriter) restart(attempt int) {
	if a.tty && a.shown.Len() > 0 {
		fmt.Fprintf(a.w, "\n[the answer restarted (attempt %d); what is above is dropped]\n", attempt)
	}
	a.attempt, a.seq = attempt, 0
	a.shown.Reset()
}

// complete shows the whole answer and its citations.
func (a *answerWriter) complete(answer string, citations []citation) {
	switch shown := a.shown.String(); {
	case !a.tty:
		fmt.Fprint(a.w, answer)
	case strings.HasPrefix(answer, shown):
		fmt.Fprint(a.w, answer[len(shown):]) // the chunks missed, if any
	default:
		fmt.Fprintf(a.w, "\n[the streamed text was incomplete; the whole answer:]\n%s", answer)
	}
	if !strings.HasSuffix(answer, "\n") {
		fmt.Fprintln(a.w)
	}
	if len(citations) == 0 {
		return
	}
	fmt.Fprintln(a.w, "\nSources:")
	for i, c := range citations {
		name := c.DocumentName
		if name == "" {
			name = c.DocumentID
		}
		fmt.Fprintf(a.w, "  [%d] %s", i+1, name)
		if c.Page > 0 {
			fmt.Fprintf(a.w, ", page %d", c.Page)
		}
		fmt.Fprintf(a.w, " (document %s)\n", c.DocumentID)
	}
}

// ask sends the question and shows its answer until answerComplete or
// answerFailed. It returns the session id to continue the conversation.
// When the socket drops, the client reconnects and asks for the answer
// with get_answer, again every answerPollInterval until it is final.
func ask(ctx context.Context, c *client, req askRequest, out *answerWriter) (sessionID string, err error) {
	events := c.watchQuery(req.QueryID)
	defer c.unwatchQuery(req.QueryID)
	msg := map[string]any{"action": "invoke", "query": req.Query, "query_id": req.QueryID}
	if len(req.DocumentIDs) > 0 {
		msg["document_ids"] = req.DocumentIDs
	}
	if req.SessionID != "" {
		msg["session_id"] = req.SessionID
	}
	if _, err := c.request(ctx, msg, "queryAccepted"); err != nil {
		return "", fmt.Errorf("ask: %w", err)
	}
	var poll <-chan time.Time
	for {
		select {
		case ev := <-events:
			switch ev.Action {
			case "answerChunk":
				out.chunk(ev)
			case "answerComplete":
				if ev.Attempt < out.attempt {
					continue
				}
				if ev.Attempt > out.attempt {
					out.restart(ev.Attempt) // a new attempt with no chunk before its end
				}
				out.complete(ev.Answer, ev.Citations)
				return ev.SessionID, nil
			case "answerFailed":
				if ev.Attempt < out.attempt {
					continue
				}
				return "", &answerFailedError{QueryID: req.QueryID, Code: ev.Code, Message: ev.Message}
			case "answerStatus":
				switch ev.Status {
				case "complete":
					out.complete(ev.Answer, ev.Citations)
					return ev.SessionID, nil
				case "failed":
					return "", &answerFailedError{QueryID: req.QueryID, Code: cmp.Or(ev.Code, "Failed"), Message: cmp.Or(ev.Message, "the answer failed")}
				}
				// Still queued or answering, and its frames go to the
				// connection that dropped: ask again in a while.
				poll = time.After(answerPollInterval)
			}
		case <-poll:
			poll = nil
			_ = c.send(ctx, map[string]string{"action": "get_answer", "query_id": req.QueryID}) // a failed send is redone by the reconnect
		case <-c.closed:
			return "", c.err()
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

func cmdAsk(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("ask", stderr)
	var cf connFlags
	cf.register(fs, "WebSocket URL of a docflow stack (default: run one in process)")
	var docs stringList
	fs.Var(&docs, "document", "answer only from this document id (repeat for several, at most 20)")
	session := fs.String("session", "", "continue this conversation (the session id a previous ask printed)")
	queryID := fs.String("query-id", "", "the question's idempotency key (default: a new one); asking again with it returns the same answer")
	timeout := fs.Duration("timeout", 5*time.Minute, "stop waiting after this long")
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return usageError(fs, "ask one question (quote it)")
	}
	inProcess := cf.url == ""
	if inProcess {
		fmt.Fprintln(stderr, "docflow: no --url: asking a new stack in this process, which holds no documents yet (run `make run` and pass --url to ask about processed ones)")
	}
	stopStack, err := cf.inProcess(ctx)
	if err != nil {
		return err
	}
	defer stopStack()
	waitCtx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	c, err := cf.connect(waitCtx, func(state string) {
		if state == "reconnecting" {
			fmt.Fprintln(stderr, "docflow: connection lost; reconnecting to fetch the answer")
		}
	})
	if err != nil {
		return err
	}
	defer c.close()
	req := askRequest{QueryID: cmp.Or(*queryID, newQueryID()), Query: pos[0], DocumentIDs: docs, SessionID: *session}
	sessionID, err := ask(waitCtx, c, req, &answerWriter{w: stdout, tty: isTerminal(stdout)})
	switch {
	case err == nil:
		if sessionID != "" {
			fmt.Fprintf(stderr, "session %s (follow up with --session %s)\n", sessionID, sessionID)
		}
		return nil
	case ctx.Err() != nil || waitCtx.Err() != nil:
		fmt.Fprintln(stdout)
		why := "stopped waiting"
		if ctx.Err() == nil {
			why = fmt.Sprintf("stopped waiting after --timeout %s", *timeout)
		}
		if inProcess {
			fmt.Fprintf(stderr, "docflow: %s; the stack ran in this process and stops with it (query %s).\n", why, req.QueryID)
		} else {
			fmt.Fprintf(stderr, "docflow: %s; the question goes on (query %s).\nFetch the answer later with: docflow answer %s --url %s\n", why, req.QueryID, req.QueryID, cf.url)
		}
		if ctx.Err() != nil {
			return exitInterrupted
		}
		return exitError(1)
	}
	if fe, ok := errors.AsType[*answerFailedError](err); ok {
		fmt.Fprintln(stderr, "docflow:", fe.Error())
		return exitError(1)
	}
	return err // the stack's sentence: a session or document not the caller's, a bad question
}

func cmdAnswer(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("answer", stderr)
	var cf connFlags
	cf.register(fs, "WebSocket URL of the stack")
	ids, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	ans, err := answerRequest.send(ctx, fs, cf, ids, nil)
	if err != nil {
		return err
	}
	var ev answerEvent
	if err := json.Unmarshal(ans.Data, &ev); err != nil {
		return fmt.Errorf("read answerStatus: %w", err)
	}
	switch ev.Status {
	case "complete":
		(&answerWriter{w: stdout}).complete(ev.Answer, ev.Citations)
		return nil
	case "failed":
		fmt.Fprintf(stderr, "docflow: the question could not be answered: %s\n", cmp.Or(ans.Message, "it failed"))
		return exitError(1)
	default:
		fmt.Fprintf(stdout, "%s: not answered yet; ask again in a moment\n", ev.Status)
		return nil
	}
}
