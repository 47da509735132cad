package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/smithy-go/logging"

	"docflow/local/stack"
)

// executionsAPI lists the Step Functions calls the executions command makes.
type executionsAPI interface {
	ListExecutions(context.Context, *sfn.ListExecutionsInput, ...func(*sfn.Options)) (*sfn.ListExecutionsOutput, error)
	GetExecutionHistory(context.Context, *sfn.GetExecutionHistoryInput, ...func(*sfn.Options)) (*sfn.GetExecutionHistoryOutput, error)
	ListStateMachines(context.Context, *sfn.ListStateMachinesInput, ...func(*sfn.Options)) (*sfn.ListStateMachinesOutput, error)
}

// executionStatuses are the values --status accepts, as Step Functions
// spells them.
var executionStatuses = func() []string {
	var out []string
	for _, v := range types.ExecutionStatus("").Values() {
		out = append(out, string(v))
	}
	return out
}()

func cmdExecutions(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("executions", stderr)
	endpoint := fs.String("endpoint-url", os.Getenv("DOCFLOW_SFN_ENDPOINT"), "Step Functions endpoint: the stepfunctions: line of docflow serve; empty for AWS (env DOCFLOW_SFN_ENDPOINT)")
	smArn := fs.String("state-machine-arn", os.Getenv("DOCFLOW_STATE_MACHINE_ARN"), "state machine (default: the only one, or the one named like docflow) (env DOCFLOW_STATE_MACHINE_ARN)")
	status := fs.String("status", "", "only executions in this status: "+strings.Join(executionStatuses, ", "))
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if *status != "" && !slices.Contains(executionStatuses, strings.ToUpper(*status)) {
		return usageError(fs, "--status %s is not a status; use one of %s", *status, strings.Join(executionStatuses, ", "))
	}
	if len(pos) == 0 {
		pos = []string{"list"}
	}
	switch pos[0] {
	case "list", "history":
	default:
		return usageError(fs, "unknown subcommand %q (list, history)", pos[0])
	}
	if pos[0] == "history" && len(pos) != 2 {
		return usageError(fs, "name one execution ARN or document id")
	}
	api, err := newSFN(ctx, *endpoint)
	if err != nil {
		return err
	}
	if pos[0] == "list" {
		arn, err := resolveStateMachine(ctx, api, *smArn)
		if err != nil {
			return err
		}
		return listExecutions(ctx, api, arn, *status, stdout)
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
}

// errNoAWS says how to point executions at a stack when there is neither
// an endpoint nor AWS credentials (the SDK's own error is about the EC2
// instance metadata service, its last resort).
var errNoAWS = errors.New("no Step Functions endpoint and no AWS credentials: " +
	"for a local stack pass --endpoint-url with the stepfunctions: line of `docflow serve` " +
	"(e.g. --endpoint-url http://127.0.0.1:8080/stepfunctions, or set DOCFLOW_SFN_ENDPOINT); " +
	"for AWS set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (see `aws configure`) and AWS_REGION")

func newSFN(ctx context.Context, endpoint string) (*sfn.Client, error) {
	// The SDK's own warnings (an IMDS fallback) are noise on a laptop; an
	// error it returns still says what failed.
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
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
	if endpoint == "" {
		if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
			return nil, errNoAWS
		}
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
