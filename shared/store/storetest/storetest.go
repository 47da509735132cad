// Package storetest gives tests a *store.Store backed by minidyn, an
// in-memory DynamoDB, served over HTTP on loopback so that the real
// aws-sdk-go-v2 DynamoDB client (signing, JSON protocol, error decoding) is
// what the store talks to. The tables are made with
// store.CreateTables, the schema the local stack uses too.
package storetest

import (
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	miniserver "github.com/truora/minidyn/server"

	"docflow/shared/store"
)

// Table names the test stores use.
const (
	DocumentsTable   = "documents"
	ConnectionsTable = "connections"
)

// Env is a running minidyn with both tables, and a store over it.
type Env struct {
	Store *store.Store
	// Client is the SDK client the store uses, for reading raw items.
	Client *dynamodb.Client
	// Server is minidyn itself, e.g. to emulate failures.
	Server *miniserver.Server
	// URL is the loopback endpoint minidyn serves.
	URL string
}

// Start runs a fresh minidyn for the test, creates the tables, and stops it
// when the test ends.
func Start(t testing.TB) *Env {
	t.Helper()
	srv := miniserver.NewServer()
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	client := NewClient(hs.URL)
	if err := store.CreateTables(t.Context(), client, DocumentsTable, ConnectionsTable); err != nil {
		t.Fatalf("create tables: %v", err)
	}
	return &Env{
		Store:  store.New(client, DocumentsTable, ConnectionsTable),
		Client: client,
		Server: srv,
		URL:    hs.URL,
	}
}

// New returns a store over a fresh minidyn; see Start.
func New(t testing.TB) *store.Store {
	t.Helper()
	return Start(t).Store
}

// NewClient returns a DynamoDB client for a local endpoint: fixed region and
// dummy credentials (requests are still signed), and no SDK retries, so
// tests see an emulated failure at once.
func NewClient(endpoint string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		Retryer:      aws.NopRetryer{},
	})
}
