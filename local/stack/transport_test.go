package stack

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
)

// countingConn counts the writes a client makes on its connection.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// TestWholeRequests: an SDK call leaves in one write, with the same
// headers and body, and a body too large to hold still arrives whole.
func TestWholeRequests(t *testing.T) {
	var got []byte
	var gotHeader http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		gotHeader = r.Header.Clone()
	}))
	defer srv.Close()

	large := bytes.Repeat([]byte("x"), smallBody+1)
	for _, tc := range []struct {
		name     string
		whole    bool
		data     []byte
		oneWrite bool
	}{
		{"frame", true, benchFrame, true},
		{"frame without wholeRequests", false, benchFrame, false},
		{"large body streams", true, large, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var writes atomic.Int64
			base := http.DefaultTransport.(*http.Transport).Clone()
			base.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
				c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
				return countingConn{c, &writes}, err
			}
			var rt http.RoundTripper = base
			if tc.whole {
				rt = wholeRequests{base: base}
			}
			cfg := aws.Config{Region: Region, Credentials: credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, ""), HTTPClient: &http.Client{Transport: rt}}
			api := apigatewaymanagementapi.NewFromConfig(cfg, func(o *apigatewaymanagementapi.Options) { o.BaseEndpoint = aws.String(srv.URL) })
			if _, err := api.PostToConnection(context.Background(), &apigatewaymanagementapi.PostToConnectionInput{ConnectionId: aws.String("abc"), Data: tc.data}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.data) {
				t.Errorf("server got %d bytes, want the %d sent", len(got), len(tc.data))
			}
			if gotHeader.Get("Authorization") == "" || gotHeader.Get("X-Amz-Date") == "" {
				t.Errorf("request lost its signature: %v", gotHeader)
			}
			if got, want := writes.Load() == 1, tc.oneWrite; got != want {
				t.Errorf("one write = %v (%d writes), want %v", got, writes.Load(), want)
			}
		})
	}
}

// TestIdleLoopbackConnectionsClose: connections a burst of calls opened
// are closed once they have waited idleConnTimeout in the stack's pool,
// instead of keeping their goroutines and buffers, at both ends, for
// net/http's 90 s.
func TestIdleLoopbackConnectionsClose(t *testing.T) {
	const burst = 20
	var open atomic.Int64
	arrived := make(chan struct{}, burst)
	all := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Hold every call until all have arrived, so each has its own
		// connection, as 1,000 route invocations at once do.
		arrived <- struct{}{}
		<-all
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			open.Add(1)
		case http.StateClosed, http.StateHijacked:
			open.Add(-1)
		}
	}
	srv.Start()
	defer srv.Close()
	client := &http.Client{Transport: transport}

	errs := make(chan error, burst)
	for range burst {
		go func() {
			resp, err := client.Get(srv.URL)
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			errs <- err
		}()
	}
	for range burst {
		<-arrived
	}
	close(all)
	for range burst {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := open.Load(); got != burst {
		t.Fatalf("after the burst: got %d connections open, want %d", got, burst)
	}
	deadline := time.Now().Add(idleConnTimeout + 2*time.Second)
	for open.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := open.Load(); got != 0 {
		t.Errorf("%v after the burst: got %d idle connections still open, want 0", idleConnTimeout+2*time.Second, got)
	}
}
