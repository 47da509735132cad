package main

import (
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"docflow/internal/tasktest"
	"docflow/shared/answer"
)

// TestMissingEnvironmentFailsFast: main refuses to start without its
// configuration and names every missing variable.
func TestMissingEnvironmentFailsFast(t *testing.T) {
	tasktest.MissingEnvironmentFailsFast(t, main, "QUERIES_TABLE", "DOCUMENTS_TABLE", "CONNECTIONS_TABLE",
		"WEBSOCKET_ENDPOINT", "KNOWLEDGE_BASE_ID", "MODEL_ARN", "QUERIES_DLQ_ARN")
}

// TestSampleEvent keeps testdata/event.json (for sam local invoke -e) an
// SQS event whose body is a query message the worker reads.
func TestSampleEvent(t *testing.T) {
	var ev events.SQSEvent
	tasktest.DecodeStrict(t, "testdata/event.json", &ev)
	if len(ev.Records) != 1 || ev.Records[0].Attributes["ApproximateReceiveCount"] != "1" {
		t.Fatalf("event has %d records, want one first receive", len(ev.Records))
	}
	m, err := answer.DecodeMessage(ev.Records[0].Body)
	if err != nil {
		t.Fatal(err)
	}
	if m.Query == "" || len(m.DocumentIDs) != 1 {
		t.Errorf("message = %+v", m)
	}
}
