package auth_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"docflow/shared/auth"
)

const methodArn = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/$connect"

func request(query, headers map[string]string) auth.Request {
	r := auth.Request{Type: "REQUEST", MethodArn: methodArn, QueryStringParameters: query, Headers: headers}
	r.RequestContext.ConnectionID = "conn-1="
	r.RequestContext.RouteKey = "$connect"
	return r
}

func TestAuthorizer(t *testing.T) {
	iss, v := issuer(t, "")
	good, _ := iss.Token("alice", time.Hour)
	expired, _ := iss.Token("alice", -time.Hour)
	tests := []struct {
		name          string
		req           auth.Request
		wantPrincipal string // "" means refused with 401
	}{
		{"token query parameter", request(map[string]string{"token": good}, nil), "alice"},
		{"bearer header", request(nil, map[string]string{"authorization": "Bearer " + good}), "alice"},
		{"no token", request(nil, nil), ""},
		{"empty token", request(map[string]string{"token": ""}, nil), ""},
		{"expired token", request(map[string]string{"token": expired}, nil), ""},
		{"token in another parameter", request(map[string]string{"access_token": good}, nil), ""},
		{"basic auth header", request(nil, map[string]string{"Authorization": "Basic " + good}), ""},
		{"garbage", request(map[string]string{"token": "eyJ.eyJ.sig"}, nil), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			a := auth.NewAuthorizer(v, slog.New(slog.NewJSONHandler(&logs, nil)))
			resp, err := a.Handle(context.Background(), tt.req)
			if strings.Contains(logs.String(), good) || strings.Contains(logs.String(), expired) {
				t.Errorf("a token was logged: %s", logs.String())
			}
			if tt.wantPrincipal == "" {
				// Exactly "Unauthorized" is what makes API Gateway answer 401.
				if err == nil || err.Error() != "Unauthorized" || !errors.As(err, new(auth.Unauthorized)) {
					t.Fatalf("got %+v, %v; want the Unauthorized error", resp, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if resp.PrincipalID != tt.wantPrincipal {
				t.Errorf("principalId = %q, want %q", resp.PrincipalID, tt.wantPrincipal)
			}
			st := resp.PolicyDocument.Statement
			if len(st) != 1 || st[0].Effect != "Allow" || len(st[0].Resource) != 1 || st[0].Resource[0] != methodArn ||
				len(st[0].Action) != 1 || st[0].Action[0] != "execute-api:Invoke" {
				t.Errorf("policy = %+v, want Allow execute-api:Invoke on %s only", resp.PolicyDocument, methodArn)
			}
		})
	}
}

// FuzzAuthorizer: whatever arrives as the token, the authorizer answers
// without panicking, refuses with exactly Unauthorized, and admits only the
// subject the issuer actually signed.
func FuzzAuthorizer(f *testing.F) {
	iss, v := issuer(f, "")
	good, _ := iss.Token("alice", time.Hour)
	expired, _ := iss.Token("alice", -time.Hour)
	for _, s := range []string{good, expired, "", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.",
		strings.Replace(good, ".", "..", 1), good[:len(good)-2], good + "="} {
		f.Add(s)
	}
	a := auth.NewAuthorizer(v, slog.New(slog.DiscardHandler))
	f.Fuzz(func(t *testing.T, token string) {
		resp, err := a.Handle(context.Background(), request(map[string]string{"token": token}, nil))
		if err != nil {
			if err.Error() != "Unauthorized" {
				t.Fatalf("refusal %q is not Unauthorized", err)
			}
			return
		}
		if resp.PrincipalID != "alice" {
			t.Fatalf("admitted principal %q that nobody signed", resp.PrincipalID)
		}
	})
}

func TestLoadSettings(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    auth.Config
		wantErr string
	}{
		{"cognito", map[string]string{"JWT_ISSUER": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", "JWKS_URL": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json", "JWT_AUDIENCE": "client"},
			auth.Config{Issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", JWKSURL: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json", Audience: "client"}, ""},
		{"missing everything", nil, auth.Config{}, "missing environment variables: JWT_ISSUER, JWKS_URL"},
		{"jwks not a URL", map[string]string{"JWT_ISSUER": "x", "JWKS_URL": "file:///etc/keys"}, auth.Config{}, `JWKS_URL="file:///etc/keys" is not an http(s) URL`},
		{"bad log level", map[string]string{"JWT_ISSUER": "x", "JWKS_URL": "https://x/keys", "LOG_LEVEL": "chatty"}, auth.Config{}, "LOG_LEVEL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := auth.LoadSettings(func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.Config != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}
