package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"docflow/local/sfn"
	"docflow/shared/domain"
)

func TestInvoke(t *testing.T) {
	type in struct {
		N int `json:"n"`
	}
	inv := NewInvoker()
	inv.Register("double", func(_ context.Context, e in) (in, error) { return in{N: e.N * 2}, nil })
	inv.Register("launch", func(context.Context, in) (any, error) { return nil, &domain.LaunchError{Message: "no capacity"} })
	inv.Register("wrapped", func(context.Context, in) (any, error) { return nil, errors.New("plain") })
	inv.Register("panics", func(context.Context, in) (any, error) { panic("boom") })

	tests := []struct {
		name, function, payload string
		want                    string // result JSON
		wantErr, wantMsg        string // error name and errorMessage in the cause
	}{
		{name: "by name", function: "double", payload: `{"n":2}`, want: `{"n":4}`},
		{name: "by ARN", function: "arn:aws:lambda:us-east-1:123456789012:function:double", payload: `{"n":3}`, want: `{"n":6}`},
		{name: "qualified ARN", function: "arn:aws:lambda:us-east-1:123456789012:function:double:live", payload: `{"n":1}`, want: `{"n":2}`},
		{name: "typed error keeps its Go name", function: "launch", payload: `{}`, wantErr: "LaunchError", wantMsg: "no capacity"},
		{name: "plain error named like aws-lambda-go", function: "wrapped", payload: `{}`, wantErr: "errorString", wantMsg: "plain"},
		{name: "panic is a function error", function: "panics", payload: `{}`, wantErr: "string", wantMsg: "boom"},
		{name: "bad payload", function: "double", payload: `{"n":"x"}`, wantErr: "UnmarshalTypeError"},
		{name: "unknown function", function: "nope", payload: `{}`, wantErr: "Lambda.ResourceNotFoundException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := inv.Invoke(context.Background(), tt.function, []byte(tt.payload))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Invoke: %v", err)
				}
				if string(got) != tt.want {
					t.Errorf("got %s, want %s", got, tt.want)
				}
				return
			}
			var te *sfn.TaskError
			if !errors.As(err, &te) {
				t.Fatalf("got error %v, want *sfn.TaskError", err)
			}
			if te.Name != tt.wantErr {
				t.Errorf("error name: got %q, want %q", te.Name, tt.wantErr)
			}
			if tt.wantMsg != "" {
				var cause struct{ ErrorMessage, ErrorType string }
				if err := json.Unmarshal([]byte(te.Cause), &cause); err != nil {
					t.Fatalf("cause is not Lambda's JSON error: %q", te.Cause)
				}
				if cause.ErrorMessage != tt.wantMsg || cause.ErrorType != tt.wantErr {
					t.Errorf("cause: got %+v, want message %q type %q", cause, tt.wantMsg, tt.wantErr)
				}
			}
		})
	}
}

// TestLimitedInvoker: past the limit an invocation waits for a running one
// to end (it is not refused), and a caller that gives up while waiting
// gets its context's error.
// heldInvoker is an invoker with one slot and a function "held" that
// signals entered, then runs until hold is closed.
func heldInvoker() (inv *Invoker, entered, hold chan struct{}) {
	inv = NewLimitedInvoker(1)
	entered, hold = make(chan struct{}), make(chan struct{})
	inv.Register("held", func(context.Context, struct{}) (string, error) {
		entered <- struct{}{}
		<-hold
		return "done", nil
	})
	return inv, entered, hold
}

func TestLimitedInvoker(t *testing.T) {
	inv, entered, hold := heldInvoker()
	first := make(chan error, 1)
	go func() {
		_, err := inv.Invoke(context.Background(), "held", []byte(`{}`))
		first <- err
	}()
	<-entered // the only slot is taken

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := inv.Invoke(ctx, "held", []byte(`{}`)); !errors.Is(err, context.Canceled) {
		t.Errorf("Invoke while full with a cancelled context: got %v, want %v", err, context.Canceled)
	}

	second := make(chan error, 1)
	go func() {
		_, err := inv.Invoke(context.Background(), "held", []byte(`{}`))
		second <- err
	}()
	close(hold) // the first ends; the second gets its slot and runs
	<-entered
	for name, ch := range map[string]chan error{"first": first, "second": second} {
		if err := <-ch; err != nil {
			t.Errorf("%s invocation: %v", name, err)
		}
	}
}

// Run shares Invoke's slots: while an invocation holds the only one, Run
// neither runs its function nor returns until the slot is free, and with
// a context that ends first it gives up without running it.
func TestRunSharesTheLimit(t *testing.T) {
	inv, entered, hold := heldInvoker()
	invoked := make(chan error, 1)
	go func() {
		_, err := inv.Invoke(context.Background(), "held", []byte(`{}`))
		invoked <- err
	}()
	<-entered

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := inv.Run(ctx, func() { ran = true }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("Run while full with a cancelled context: err %v, ran %v; want %v and not run", err, ran, context.Canceled)
	}

	done := make(chan struct{})
	go func() {
		if err := inv.Run(context.Background(), func() {}); err != nil {
			t.Errorf("Run: %v", err)
		}
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("Run ran while the only slot was held")
	case <-time.After(50 * time.Millisecond):
	}
	close(hold)
	<-done
	if err := <-invoked; err != nil {
		t.Errorf("invocation: %v", err)
	}
}
