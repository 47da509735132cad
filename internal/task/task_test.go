package task

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestFunctionID(t *testing.T) {
	tests := []struct{ name, want string }{
		{"start", "StartFunction"},
		{"authorize", "AuthorizeFunction"},
		{"answer", "AnswerFunction"},
	}
	for _, tt := range tests {
		if got := (Task{Name: tt.name}).FunctionID(); got != tt.want {
			t.Errorf("FunctionID(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestKindLambda(t *testing.T) {
	for _, k := range []Kind{Authorizer, Route, State, Queue} {
		if !k.Lambda() {
			t.Errorf("%s is not a Lambda kind", k)
		}
	}
	if Container.Lambda() {
		t.Error("Container is a Lambda kind")
	}
}

// TestDepsEndpoints: a client built from Deps.Config goes to the local
// endpoint of its service, and Local says so (S3 then by path).
func TestDepsEndpoints(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Host + r.URL.Path
	}))
	defer srv.Close()
	d := Deps{
		AWS: aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""),
			HTTPClient: srv.Client(), Retryer: func() aws.Retryer { return aws.NopRetryer{} }},
		Endpoints: map[string]string{s3.ServiceID: srv.URL + "/s3"},
	}
	c := s3.NewFromConfig(d.Config(s3.ServiceID), func(o *s3.Options) { o.UsePathStyle = d.Local(s3.ServiceID) })
	_, _ = c.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String("b"), Key: aws.String("k")})
	if want := srv.Listener.Addr().String() + "/s3/b/k"; got != want {
		t.Errorf("request went to %q, want %q", got, want)
	}
	if d.Local("SFN") {
		t.Error("Local(SFN) with no SFN endpoint")
	}
	if got := d.Config("SFN").BaseEndpoint; got != nil {
		t.Errorf("SFN base endpoint %q, want the regional one (nil)", *got)
	}
}
