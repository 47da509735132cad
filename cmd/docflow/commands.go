package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"docflow/local/stack"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	cfg := stack.Config{}
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "address to serve the stack on")
	fs.StringVar(&cfg.DataDir, "data-dir", "", "keep documents and state here across restarts (default: in memory)")
	fs.StringVar(&cfg.DynamoDBEndpoint, "dynamodb-endpoint", "", "use this DynamoDB (e.g. DynamoDB Local) instead of the embedded one")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", stack.DefaultIdleTimeout, "close a WebSocket connection idle this long (API Gateway: 10m)")
	fs.DurationVar(&cfg.MaxLifetime, "max-lifetime", stack.DefaultMaxLifetime, "close every WebSocket connection after this long (API Gateway: 2h)")
	fs.Func("allow-host", "also serve the page's config.json (with the dev token) for this host name; repeatable (default: loopback only)", func(v string) error {
		for h := range strings.SplitSeq(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				cfg.AllowedHosts = append(cfg.AllowedHosts, h)
			}
		}
		return nil
	})
	cfg.Parameters, cfg.Env = map[string]string{}, map[string]string{}
	fs.Var(assignments(cfg.Parameters), "parameter", "override a template parameter, NAME=VALUE (e.g. ProcessHeartbeatSeconds=30); repeatable")
	fs.Var(assignments(cfg.Env), "env", "override a variable of the functions' and the container's environment, NAME=VALUE (e.g. HEARTBEAT_INTERVAL=5s); repeatable")
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError(fs, "unexpected argument %q", pos[0])
	}
	if cfg.IdleTimeout <= 0 || cfg.MaxLifetime <= 0 {
		return usageError(fs, "--idle-timeout and --max-lifetime must be positive")
	}
	cfg.Log = stderr
	s, err := stack.Start(ctx, cfg)
	if err != nil {
		return err
	}
	for _, e := range s.Endpoints() {
		fmt.Fprintf(stdout, "%s: %s\n", e.Name, e.URL)
	}
	fmt.Fprintln(stderr, "docflow: ready. The local model is extractive: an answer is the most relevant sentences of your own documents, quoted, not generated text.")
	<-ctx.Done()
	fmt.Fprintln(stderr, "docflow: shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return s.Close(shutdown)
}

// assignments is a repeatable NAME=VALUE flag filling a map.
type assignments map[string]string

func (a assignments) String() string { return "" }

func (a assignments) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("%q is not NAME=VALUE", v)
	}
	a[name] = value
	return nil
}

// connFlags are the flags of every command that talks to a stack.
type connFlags struct {
	url, token string
}

func (c *connFlags) register(fs *flag.FlagSet, urlHelp string) {
	fs.StringVar(&c.url, "url", os.Getenv("DOCFLOW_URL"), urlHelp+" (env DOCFLOW_URL)")
	fs.StringVar(&c.token, "token", os.Getenv("DOCFLOW_TOKEN"), "JWT for the stack; a loopback stack's dev token is fetched by itself (env DOCFLOW_TOKEN)")
}

// inProcess starts a local stack in this process when no --url was given,
// pointing c at it. The returned stop closes it (a no-op otherwise).
func (c *connFlags) inProcess(ctx context.Context) (stop func(), err error) {
	if c.url != "" {
		return func() {}, nil
	}
	s, err := stack.Start(ctx, stack.Config{Addr: "127.0.0.1:0", Log: io.Discard})
	if err != nil {
		return nil, fmt.Errorf("start local stack: %w", err)
	}
	c.url = s.WebSocketURL()
	if c.token == "" {
		c.token = s.DevToken()
	}
	return func() { s.Close(context.Background()) }, nil
}

// connect dials the stack, fetching a loopback stack's dev token first
// when none was given.
func (c *connFlags) connect(ctx context.Context, onState func(string)) (*client, error) {
	if c.token == "" {
		var err error
		if c.token, err = localToken(ctx, c.url); err != nil {
			return nil, err
		}
	}
	return dial(ctx, c.url, c.token, onState)
}

func cmdProcess(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("process", stderr)
	var cf connFlags
	cf.register(fs, "WebSocket URL of a docflow stack (default: run one in process)")
	timeout := fs.Duration("timeout", 30*time.Minute, "stop watching after this long")
	files, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError(fs, "name at least one file")
	}
	for _, f := range files {
		if err := checkFile(f); err != nil {
			return err
		}
	}
	inProcess := cf.url == ""
	stopStack, err := cf.inProcess(ctx)
	if err != nil {
		return err
	}
	defer stopStack()
	watchCtx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	c, err := cf.connect(watchCtx, func(state string) {
		switch state {
		case "reconnecting":
			fmt.Fprintln(stderr, "docflow: connection lost; reconnecting")
		case "reconnected":
			fmt.Fprintln(stderr, "docflow: reconnected; following the documents again")
		}
	})
	if err != nil {
		return err
	}
	defer c.close()

	d := newDisplay(stdout, isTerminal(stdout), files)
	stopClock := d.tick(time.Second / 5)
	httpc := &http.Client{Timeout: 10 * time.Minute}
	outcomes := make([]outcome, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() { outcomes[i] = processFile(watchCtx, c, httpc, f, d.show) })
	}
	wg.Wait()
	stopClock()
	switch {
	case ctx.Err() != nil: // Ctrl-C (or SIGTERM)
		stopped(stderr, "stopped watching", outcomes, cf.url, inProcess)
		return exitInterrupted
	case watchCtx.Err() != nil:
		stopped(stderr, fmt.Sprintf("stopped watching after --timeout %s", *timeout), outcomes, cf.url, inProcess)
		return exitError(1)
	}
	return report(stdout, stderr, outcomes)
}

// checkFile says plainly when an argument cannot be uploaded, before any
// upload starts.
func checkFile(path string) error {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return err
	case info.IsDir():
		return fmt.Errorf("%s is a directory: name the files in it (docflow process %s/*)", path, strings.TrimSuffix(path, "/"))
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file: only files can be uploaded", path)
	}
	return nil
}

// stopped tells, after the CLI stopped watching, what became of each
// document and how to follow the ones still going.
func stopped(w io.Writer, why string, outcomes []outcome, url string, inProcess bool) {
	if inProcess {
		fmt.Fprintf(w, "docflow: %s; the stack ran in this process, so documents not finished stop with it.\n"+
			"To keep documents going after Ctrl-C, run `docflow serve` (or `make run`) and pass --url.\n", why)
	} else {
		fmt.Fprintf(w, "docflow: %s; the documents go on being processed.\n", why)
	}
	for _, o := range outcomes {
		switch {
		case o.DocumentID == "":
			fmt.Fprintf(w, "  %s: not uploaded\n", o.File)
		case o.Err == nil:
			fmt.Fprintf(w, "  %s: %s (document %s)\n", o.File, o.Final.Status, o.DocumentID)
		case inProcess:
			fmt.Fprintf(w, "  %s: document %s\n", o.File, o.DocumentID)
		default:
			fmt.Fprintf(w, "  %s: document %s; follow it with: docflow status %s --url %s\n", o.File, o.DocumentID, o.DocumentID, url)
		}
	}
}

// report prints each document's result and fails if any did not complete.
func report(stdout, stderr io.Writer, outcomes []outcome) error {
	failed := 0
	for _, o := range outcomes {
		if o.failed() {
			failed++
			fmt.Fprintf(stderr, "%s: failed: %s\n", o.File, o.reason())
			continue
		}
		var s struct {
			Type   string `json:"type"`
			Pages  int    `json:"pages"`
			Words  int    `json:"words"`
			Chunks int    `json:"chunks"`
		}
		_ = json.Unmarshal(o.Final.Summary, &s)
		fmt.Fprintf(stdout, "%s: complete: %s, %s, %s, %s (document %s)\n",
			o.File, s.Type, plural(s.Pages, "page"), plural(s.Words, "word"), plural(s.Chunks, "chunk"), o.DocumentID)
	}
	if failed > 0 {
		return exitError(1)
	}
	return nil
}

// plural says "1 page", "2 pages".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func cmdStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("status", stderr)
	var cf connFlags
	cf.register(fs, "WebSocket URL of the stack")
	ids, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	ans, err := statusRequest.send(ctx, fs, cf, ids, nil)
	if err != nil {
		return err
	}
	return printJSON(stdout, ans.Data)
}

// oneID is a request about one document or question, for the commands
// that name its id and the stack's --url.
type oneID struct {
	what, idName  string // "document", "document id": for the messages
	action, field string // the request's action and its id field
	want          string // the answer frame's action
}

var (
	statusRequest = oneID{"document", "document id", "get_status", "document_id", "documentStatus"}
	answerRequest = oneID{"question", "query id", "get_answer", "query_id", "answerStatus"}
	outputRequest = oneID{"document", "document id", "get_output_url", "document_id", "outputUrl"}
)

// send checks that ids is the one id, connects to cf's stack and sends the
// request with extra fields, and returns the answer; a NotFound is worded
// for a person.
func (q oneID) send(ctx context.Context, fs *flag.FlagSet, cf connFlags, ids []string, extra map[string]any) (frame, error) {
	if len(ids) != 1 || cf.url == "" {
		return frame{}, usageError(fs, "name one %s and the stack's --url", q.idName)
	}
	c, err := cf.connect(ctx, nil)
	if err != nil {
		return frame{}, err
	}
	defer c.close()
	msg := map[string]any{"action": q.action, q.field: ids[0]}
	maps.Copy(msg, extra)
	ans, err := c.request(ctx, msg, q.want)
	if err != nil {
		return frame{}, notFound(err, q.what, ids[0])
	}
	return ans, nil
}

// notFound words a NotFound answer for a person: the protocol answers
// another user's id exactly as a missing one.
func notFound(err error, what, id string) error {
	if se, ok := errors.AsType[*serverError](err); ok && se.Code == "NotFound" {
		return fmt.Errorf("no %s %s for this token's user (it may not exist, or belong to another user): %s", what, id, se.Message)
	}
	return err
}

func printJSON(w io.Writer, raw json.RawMessage) error {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && !strings.EqualFold(os.Getenv("TERM"), "dumb")
}
