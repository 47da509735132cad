package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"docflow/local/stack"
)

// executionsAPI lists the Step Functions calls the executions command makes.
type executionsAPI interface {
	ListExecutions(context.Context, *sfn.ListExecutionsInput, ...func(*sfn.Options)) (*sfn.ListExecutionsOutput, error)
	GetExecutionHistory(context.Context, *sfn.GetExecutionHistoryInput, ...func(*sfn.Options)) (*sfn.GetExecutionHistoryOutput, error)
	ListStateMachines(context.Context, *sfn.ListStateMachinesInput, ...func(*sfn.Options)) (*sfn.ListStateMachinesOutput, error)
}

func cmdExecutions(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("executions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoint := fs.String("endpoint-url", os.Getenv("DOCFLOW_SFN_ENDPOINT"), "Step Functions endpoint (the local stack's stepfunctions: line); empty for AWS")
	smArn := fs.String("state-machine-arn", os.Getenv("DOCFLOW_STATE_MACHINE_ARN"), "state machine (default: the only one, or the one named like docflow)")
	status := fs.String("status", "", "only executions in this status")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitError(2)
	}
	if len(pos) == 0 {
		pos = []string{"list"}
	}
	api, err := newSFN(ctx, *endpoint)
	if err != nil {
		return err
	}
	switch pos[0] {
	case "list":
		arn, err := resolveStateMachine(ctx, api, *smArn)
		if err != nil {
			return err
		}
		return listExecutions(ctx, api, arn, *status, stdout)
	case "history":
		if len(pos) != 2 {
			fmt.Fprintln(stderr, "usage: docflow executions history EXECUTION_ARN_OR_DOCUMENT_ID")
			return exitError(2)
		}
		arn := pos[1]
		if !strings.HasPrefix(arn, "arn:") {
			sm, err := resolveStateMachine(ctx, api, *smArn)
			if err != nil {
				return err
			}
			arn = strings.Replace(sm, ":stateMachine:", ":execution:", 1) + ":" + arn
		}
		return printHistory(ctx, api, arn, stdout)
	default:
		fmt.Fprintf(stderr, "docflow executions: unknown subcommand %q (list, history)\n", pos[0])
		return exitError(2)
	}
}

func newSFN(ctx context.Context, endpoint string) (*sfn.Client, error) {
	var opts []func(*config.LoadOptions) error
	if endpoint != "" {
		// The local stack accepts only its own key; with none in the
		// environment, sign with that one.
		if os.Getenv("AWS_ACCESS_KEY_ID") == "" {
			opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(stack.AccessKeyID, stack.SecretAccessKey, "")))
		}
		if os.Getenv("AWS_REGION") == "" && os.Getenv("AWS_DEFAULT_REGION") == "" {
			opts = append(opts, config.WithRegion("us-east-1"))
		}
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("aws config: %w", err)
	}
	return sfn.NewFromConfig(cfg, func(o *sfn.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	}), nil
}

func resolveStateMachine(ctx context.Context, api executionsAPI, arn string) (string, error) {
	if arn != "" {
		return arn, nil
	}
	out, err := api.ListStateMachines(ctx, &sfn.ListStateMachinesInput{})
	if err != nil {
		return "", fmt.Errorf("list state machines: %w", err)
	}
	var match []string
	for _, sm := range out.StateMachines {
		if len(out.StateMachines) == 1 || strings.Contains(strings.ToLower(aws.ToString(sm.Name)), "docflow") ||
			strings.Contains(strings.ToLower(aws.ToString(sm.Name)), "document") {
			match = append(match, aws.ToString(sm.StateMachineArn))
		}
	}
	if len(match) != 1 {
		return "", fmt.Errorf("found %d candidate state machines; name one with --state-machine-arn", len(match))
	}
	return match[0], nil
}

func listExecutions(ctx context.Context, api executionsAPI, arn, status string, w io.Writer) error {
	in := &sfn.ListExecutionsInput{StateMachineArn: aws.String(arn)}
	if status != "" {
		in.StatusFilter = types.ExecutionStatus(strings.ToUpper(status))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSTATUS\tSTARTED\tSTOPPED")
	p := sfn.NewListExecutionsPaginator(api, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list executions: %w", err)
		}
		for _, e := range page.Executions {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", aws.ToString(e.Name), e.Status, fmtTime(e.StartDate), fmtTime(e.StopDate))
		}
	}
	return tw.Flush()
}

func printHistory(ctx context.Context, api executionsAPI, arn string, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTIME\tTYPE\tDETAIL")
	p := sfn.NewGetExecutionHistoryPaginator(api, &sfn.GetExecutionHistoryInput{ExecutionArn: aws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("get execution history: %w", err)
		}
		for _, e := range page.Events {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", e.Id, fmtTime(e.Timestamp), e.Type, eventDetail(e))
		}
	}
	return tw.Flush()
}

// eventDetail picks the one detail of an event that ops look for: the state
// name, or the error and cause.
func eventDetail(e types.HistoryEvent) string {
	switch {
	case e.StateEnteredEventDetails != nil:
		return aws.ToString(e.StateEnteredEventDetails.Name)
	case e.StateExitedEventDetails != nil:
		return aws.ToString(e.StateExitedEventDetails.Name)
	case e.ExecutionFailedEventDetails != nil:
		return aws.ToString(e.ExecutionFailedEventDetails.Error) + ": " + aws.ToString(e.ExecutionFailedEventDetails.Cause)
	case e.TaskFailedEventDetails != nil:
		return aws.ToString(e.TaskFailedEventDetails.Error) + ": " + aws.ToString(e.TaskFailedEventDetails.Cause)
	case e.TaskScheduledEventDetails != nil:
		return aws.ToString(e.TaskScheduledEventDetails.Resource)
	}
	return ""
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Local().Format(time.DateTime)
}
