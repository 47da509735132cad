package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// usage is the CLI's help and, through doc.go (generated from it by
// TestPackageDocIsUsage), its package documentation: one text for both.
const usage = `docflow — document processing with live progress

Usage:
  docflow serve [--addr 127.0.0.1:8080] [--data-dir DIR] [--dynamodb-endpoint URL]
                [--idle-timeout 10m] [--max-lifetime 2h] [--allow-host NAME]
                [--parameter NAME=VALUE]... [--env NAME=VALUE]...
      Run the whole stack on this machine; prints each endpoint as "name: url".
  docflow process FILE... [--url wss://...] [--token JWT]
      Upload files and show live progress. With no --url, runs a local stack in process.
  docflow status DOCUMENT_ID --url wss://... [--token JWT]
      Print a document's current state.
  docflow executions list [--endpoint-url URL] [--state-machine-arn ARN] [--status RUNNING|SUCCEEDED|FAILED|...]
  docflow executions history EXECUTION_ARN_OR_DOCUMENT_ID [--endpoint-url URL] [--state-machine-arn ARN]
      Read executions through the Step Functions API (local or AWS).
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

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError(2)
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "process":
		return cmdProcess(ctx, args[1:], stdout, stderr)
	case "status":
		return cmdStatus(ctx, args[1:], stdout, stderr)
	case "executions":
		return cmdExecutions(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "docflow: unknown command %q\n\n%s", args[0], usage)
		return exitError(2)
	}
}

// parseFlags parses flags that may come before or after the positional
// arguments (docflow process a.pdf --url ...), returning the positionals.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
