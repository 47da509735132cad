// Package stacktest starts the local stack for tests of other packages
// (the CLI, the web page) and reaches its services as a deployed operator
// would, through the AWS SDK. The stack's own tests cannot import it (it
// imports the stack) and keep their own startStack.
package stacktest

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"docflow/local/stack"
	"docflow/shared/store"
)

// Start starts a local stack on free ports that logs only when
// DOCFLOW_TEST_LOG is set, and closes it when the test ends.
func Start(t *testing.T, cfg stack.Config) *stack.Stack {
	t.Helper()
	cfg.Log = io.Discard
	if os.Getenv("DOCFLOW_TEST_LOG") != "" {
		cfg.Log = os.Stderr
	}
	s, err := stack.Start(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start stack: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			t.Errorf("close stack: %v", err)
		}
	})
	return s
}

// Endpoint returns the URL the stack prints for name.
func Endpoint(t *testing.T, s *stack.Stack, name string) string {
	t.Helper()
	for _, e := range s.Endpoints() {
		if e.Name == name {
			return e.URL
		}
	}
	t.Fatalf("stack has no %s endpoint", name)
	return ""
}

// config is the SDK configuration for the stack's services. DynamoDB and
// @connections check no signature, but the SDK needs credentials to sign.
var config = aws.Config{Region: stack.Region, Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")}

// Store is docflow's store over the stack's DynamoDB.
func Store(t *testing.T, s *stack.Stack) *store.Store {
	db := dynamodb.NewFromConfig(config, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(Endpoint(t, s, "dynamodb")) })
	return store.New(db, stack.DocumentsTable, stack.ConnectionsTable)
}

// Connections is a client of the stack's @connections API.
func Connections(t *testing.T, s *stack.Stack) *apigatewaymanagementapi.Client {
	return apigatewaymanagementapi.NewFromConfig(config, func(o *apigatewaymanagementapi.Options) {
		o.BaseEndpoint = aws.String(Endpoint(t, s, "connections"))
	})
}
