package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// command is one docflow subcommand. Its usage line and text make the
// top-level usage, the command's own --help and the package doc, so they
// never drift apart.
type command struct {
	name  string
	args  string // what follows the name on the usage line
	short string // one line for the command list
	long  string // more for the command's own --help (may be empty)
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists every subcommand in the order usage shows them. It is
// filled in init because the commands' functions read it for their help.
var commands []*command

func init() {
	commands = []*command{
		{name: "serve", args: "[--addr 127.0.0.1:8080] [--data-dir DIR] [--dynamodb-endpoint URL] [--idle-timeout 10m] [--max-lifetime 2h] [--allow-host NAME] [--parameter NAME=VALUE]... [--env NAME=VALUE]...",
			short: `Run the whole stack on this machine; prints each endpoint as "name: url".`,
			run:   cmdServe},
		{name: "process", args: "FILE... [--url ws://...] [--token JWT]",
			short: "Upload files and show live progress. With no --url, runs a local stack in process.",
			long: "Ctrl-C stops watching (exit 130); the documents go on, and `docflow status ID`\n" +
				"follows one later.",
			run: cmdProcess},
		{name: "status", args: "DOCUMENT_ID --url ws://... [--token JWT]",
			short: "Print a document's current state.",
			run:   cmdStatus},
		{name: "get", args: "DOCUMENT_ID --url ws://... [--output text|chunks|manifest] [-o FILE] [--token JWT]",
			short: "Write a processed document's text, chunks or manifest to stdout or FILE.",
			run:   cmdGet},
		{name: "ask", args: `"QUESTION" [--document ID]... [--session ID] [--url ws://...] [--token JWT]`,
			short: "Ask a question over your documents; the answer streams, then its citations.",
			long: "With no --url, runs a local stack in process (it holds no documents\n" +
				"until you process some there). --document limits the answer to those\n" +
				"documents; --session continues a conversation. Exits 1 if the answer\n" +
				"fails; Ctrl-C exits 130 and prints the query id for `docflow answer`.",
			run: cmdAsk},
		{name: "answer", args: "QUERY_ID --url ws://... [--token JWT]",
			short: "Print a question's status, answer and citations (after ask was interrupted).",
			run:   cmdAnswer},
		{name: "token", args: "SUBJECT [--url ws://127.0.0.1:8080/local] [--ttl 24h]",
			short: "Print a dev JWT for SUBJECT from a local (loopback) stack.",
			long: "Try several users side by side: `docflow process a.pdf --token $(docflow token alice)`.\n" +
				"The stack must be on loopback; its key changes each time it starts.",
			run: cmdToken},
		{name: "executions", args: "list [--endpoint-url URL] [--state-machine-arn ARN] [--status " + strings.Join(executionStatuses, "|") + "]",
			run: cmdExecutions},
		{name: "executions", args: "history EXECUTION_ARN_OR_DOCUMENT_ID [--endpoint-url URL] [--state-machine-arn ARN]",
			short: "Read executions through the Step Functions API (local or AWS).",
			run:   cmdExecutions},
	}
}

// usage is the top-level usage text.
func usage() string {
	var b strings.Builder
	b.WriteString("docflow — document processing and questions, with live progress\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  docflow %s %s\n", c.name, c.args)
		if c.short != "" {
			fmt.Fprintf(&b, "      %s\n", c.short)
		}
	}
	b.WriteString("\n" + footer)
	return b.String()
}

const footer = `--url defaults to $DOCFLOW_URL and --token to $DOCFLOW_TOKEN; against a
loopback stack the CLI fetches a dev token itself. "docflow COMMAND --help"
shows a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(int(ee))
		}
		fmt.Fprintln(os.Stderr, "docflow:", err)
		os.Exit(1)
	}
}

// exitError ends the program with a status after the command has already
// said why.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// exitInterrupted is the shell's status for a program ended by Ctrl-C
// (128 + SIGINT).
const exitInterrupted = exitError(130)

// errHelp says a command printed its --help; the program exits 0.
var errHelp = errors.New("help shown")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitError(2)
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage())
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], stdout, stderr)
			if errors.Is(err, errHelp) {
				return nil
			}
			return err
		}
	}
	fmt.Fprintf(stderr, "docflow: unknown command %q\n\n%s", args[0], usage())
	return exitError(2)
}

// newFlags returns the flag set of the named command. Its errors go to
// stderr; parseFlags prints its help.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // parseFlags says what to do instead
	return fs
}

// commandUsage is a command's --help: its usage lines, its text and its
// flags.
func commandUsage(fs *flag.FlagSet) string {
	var b strings.Builder
	b.WriteString("Usage:\n")
	var text []string
	for _, c := range commands {
		if c.name != fs.Name() {
			continue
		}
		fmt.Fprintf(&b, "  docflow %s %s\n", c.name, c.args)
		for _, t := range []string{c.short, c.long} {
			if t != "" {
				text = append(text, t)
			}
		}
	}
	if len(text) > 0 {
		b.WriteString("\n" + strings.Join(text, "\n") + "\n")
	}
	b.WriteString("\nFlags:\n")
	out := fs.Output()
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(out)
	return b.String()
}

// usageError prints what was wrong and the command's usage lines, for exit
// status 2.
func usageError(fs *flag.FlagSet, format string, a ...any) error {
	fmt.Fprintf(fs.Output(), "docflow %s: %s\n", fs.Name(), fmt.Sprintf(format, a...))
	for _, c := range commands {
		if c.name == fs.Name() {
			fmt.Fprintf(fs.Output(), "usage: docflow %s %s\n", c.name, c.args)
		}
	}
	fmt.Fprintf(fs.Output(), "Run \"docflow %s --help\" for more.\n", fs.Name())
	return exitError(2)
}

// parseFlags parses flags that may come before or after the positional
// arguments (docflow process a.pdf --url ...), returning the positionals.
// --help prints the command's usage to stdout and returns errHelp; a bad
// flag returns exit status 2 after saying why.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, commandUsage(fs))
				return nil, errHelp
			}
			// flag has printed the error itself.
			for _, c := range commands {
				if c.name == fs.Name() {
					fmt.Fprintf(fs.Output(), "usage: docflow %s %s\n", c.name, c.args)
				}
			}
			return nil, exitError(2)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
