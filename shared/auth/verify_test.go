package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"docflow/local/devauth"
	"docflow/shared/auth"
)

// issuer serves a dev issuer's key set on loopback and returns a verifier
// that trusts it.
func issuer(t testing.TB, audience string) (*devauth.Issuer, *auth.Verifier) {
	t.Helper()
	iss, err := devauth.New("https://issuer.test")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(iss)
	t.Cleanup(srv.Close)
	return iss, auth.NewVerifier(auth.Config{Issuer: iss.Issuer(), JWKSURL: srv.URL, Audience: audience}, srv.Client())
}

func claims(mod func(*jwt.MapClaims)) jwt.MapClaims {
	now := time.Now()
	c := jwt.MapClaims{"iss": "https://issuer.test", "sub": "user-1", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	if mod != nil {
		mod(&c)
	}
	return c
}

func TestVerify(t *testing.T) {
	iss, v := issuer(t, "")
	other, _ := issuer(t, "")
	sign := func(c jwt.MapClaims) string {
		s, err := iss.Sign(c)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := sign(claims(nil))
	parts := strings.Split(good, ".")
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	rsaSigned, _ := jwt.NewWithClaims(jwt.SigningMethodRS256, claims(nil)).SignedString(rsaKey)
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, claims(nil)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	otherToken, _ := other.Sign(claims(nil))

	tests := []struct {
		name, token string
		wantSubject string // "" means refused
	}{
		{"valid", good, "user-1"},
		{"dev token", func() string { s, _ := iss.Token("dev", time.Hour); return s }(), "dev"},
		{"empty", "", ""},
		{"garbage", "not-a-jwt", ""},
		{"two segments", parts[0] + "." + parts[1], ""},
		{"tampered payload", parts[0] + "." + strings.TrimRight(parts[1], "=") + "AA." + parts[2], ""},
		{"signature of another token", parts[0] + "." + parts[1] + "." + strings.Split(sign(claims(func(c *jwt.MapClaims) { (*c)["sub"] = "user-2" })), ".")[2], ""},
		{"expired", sign(claims(func(c *jwt.MapClaims) { (*c)["exp"] = time.Now().Add(-time.Hour).Unix() })), ""},
		{"no expiry", sign(claims(func(c *jwt.MapClaims) { delete(*c, "exp") })), ""},
		{"not yet valid", sign(claims(func(c *jwt.MapClaims) { (*c)["nbf"] = time.Now().Add(time.Hour).Unix() })), ""},
		{"issued in the future", sign(claims(func(c *jwt.MapClaims) { (*c)["iat"] = time.Now().Add(time.Hour).Unix() })), ""},
		{"other issuer claim", sign(claims(func(c *jwt.MapClaims) { (*c)["iss"] = "https://evil.test" })), ""},
		{"no subject", sign(claims(func(c *jwt.MapClaims) { delete(*c, "sub") })), ""},
		{"subject with a slash", sign(claims(func(c *jwt.MapClaims) { (*c)["sub"] = "a/../b" })), ""},
		{"subject dot-dot", sign(claims(func(c *jwt.MapClaims) { (*c)["sub"] = ".." })), ""},
		{"signed by another issuer's key", otherToken, ""},
		{"signed by an unpublished RSA key", rsaSigned, ""},
		{"alg none", none, ""},
		{"oversize", good + strings.Repeat("A", auth.MaxTokenBytes), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := v.Verify(context.Background(), tt.token)
			if tt.wantSubject == "" {
				if err == nil {
					t.Fatalf("accepted, subject %q", id.Subject)
				}
				if !errors.Is(err, auth.ErrInvalidToken) {
					t.Errorf("error %v does not wrap ErrInvalidToken", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if got := id.Subject; got != tt.wantSubject {
				t.Errorf("subject = %q, want %q", got, tt.wantSubject)
			}
		})
	}
}

// A token signed with HMAC using the issuer's public key as the secret is
// the classic algorithm-confusion forgery.
func TestVerifyRefusesHMACWithPublicKey(t *testing.T) {
	_, v := issuer(t, "")
	forged, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims(nil)).SignedString([]byte("any public key bytes"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), forged); err == nil {
		t.Fatal("HS256 token accepted")
	}
}

func TestVerifyAudience(t *testing.T) {
	iss, v := issuer(t, "docflow-app")
	tests := []struct {
		name   string
		mod    func(*jwt.MapClaims)
		accept bool
	}{
		{"aud matches", func(c *jwt.MapClaims) { (*c)["aud"] = "docflow-app" }, true},
		{"aud list contains", func(c *jwt.MapClaims) { (*c)["aud"] = []string{"x", "docflow-app"} }, true},
		{"cognito access token client_id", func(c *jwt.MapClaims) { (*c)["client_id"] = "docflow-app"; (*c)["token_use"] = "access" }, true},
		{"other audience", func(c *jwt.MapClaims) { (*c)["aud"] = "another-app" }, false},
		{"no audience", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := iss.Sign(claims(tt.mod))
			if err != nil {
				t.Fatal(err)
			}
			_, err = v.Verify(context.Background(), tok)
			if got := err == nil; got != tt.accept {
				t.Errorf("accepted = %v, want %v (%v)", got, tt.accept, err)
			}
		})
	}
}

// The verifier is made at cold start, possibly before the issuer serves
// (the local stack makes its functions before it serves); nothing is
// fetched until the first token arrives.
func TestVerifierFetchesKeysOnFirstUse(t *testing.T) {
	iss, err := devauth.New("https://issuer.test")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(iss)
	v := auth.NewVerifier(auth.Config{Issuer: iss.Issuer(), JWKSURL: "http://" + srv.Listener.Addr().String()}, nil)
	srv.Start()
	defer srv.Close()
	tok, _ := iss.Token("dev", time.Hour)
	if _, err := v.Verify(context.Background(), tok); err != nil {
		t.Fatalf("refused a valid token: %v", err)
	}
}
