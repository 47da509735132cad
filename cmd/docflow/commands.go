package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"docflow/local/stack"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
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
	if _, err := parseFlags(fs, args); err != nil {
		return exitError(2)
	}
	if cfg.IdleTimeout <= 0 || cfg.MaxLifetime <= 0 {
		fmt.Fprintln(stderr, "docflow serve: --idle-timeout and --max-lifetime must be positive")
		return exitError(2)
	}
	cfg.Log = stderr
	s, err := stack.Start(ctx, cfg)
	if err != nil {
		return err
	}
	for _, e := range s.Endpoints() {
		fmt.Fprintf(stdout, "%s: %s\n", e.Name, e.URL)
	}
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

func cmdProcess(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("process", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", os.Getenv("DOCFLOW_URL"), "WebSocket URL of a docflow stack (default: run one in process)")
	token := fs.String("token", os.Getenv("DOCFLOW_TOKEN"), "JWT for the stack (a local stack's dev token is used by itself)")
	timeout := fs.Duration("timeout", 30*time.Minute, "give up after this long")
	files, err := parseFlags(fs, args)
	if err != nil {
		return exitError(2)
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "docflow process: name at least one file")
		return exitError(2)
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if *url == "" {
		s, err := stack.Start(ctx, stack.Config{Addr: "127.0.0.1:0", Log: io.Discard})
		if err != nil {
			return fmt.Errorf("start local stack: %w", err)
		}
		defer s.Close(context.Background())
		*url = s.WebSocketURL()
		if *token == "" {
			*token = s.DevToken()
		}
	}
	if *token == "" {
		if *token, err = localToken(ctx, *url); err != nil {
			return err
		}
	}
	c, err := dial(ctx, *url, *token, func(state string) {
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

	d := newDisplay(stdout, isTerminal(stdout))
	httpc := &http.Client{Timeout: 10 * time.Minute}
	outcomes := make([]outcome, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() { outcomes[i] = processFile(ctx, c, httpc, f, d.show) })
	}
	wg.Wait()
	return report(stdout, stderr, outcomes)
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
		fmt.Fprintf(stdout, "%s: complete: %s, %d pages, %d words, %d chunks (document %s)\n",
			o.File, s.Type, s.Pages, s.Words, s.Chunks, o.DocumentID)
	}
	if failed > 0 {
		return exitError(1)
	}
	return nil
}

func cmdStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", os.Getenv("DOCFLOW_URL"), "WebSocket URL of the stack")
	token := fs.String("token", os.Getenv("DOCFLOW_TOKEN"), "JWT for the stack (a local stack's dev token is used by itself)")
	ids, err := parseFlags(fs, args)
	if err != nil {
		return exitError(2)
	}
	if len(ids) != 1 || *url == "" {
		fmt.Fprintln(stderr, "usage: docflow status DOCUMENT_ID --url wss://... [--token JWT]")
		return exitError(2)
	}
	if *token == "" {
		if *token, err = localToken(ctx, *url); err != nil {
			return err
		}
	}
	c, err := dial(ctx, *url, *token, nil)
	if err != nil {
		return err
	}
	defer c.close()
	ans, err := c.request(ctx, map[string]any{"action": "get_status", "document_id": ids[0]}, "documentStatus")
	if err != nil {
		return err
	}
	return printJSON(stdout, ans.Data)
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
