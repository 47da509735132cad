// Package devauth is the local stack's identity provider: it makes a
// signing key when the stack starts, publishes it as a JWKS (as Cognito
// publishes a user pool's), and signs dev tokens. The authorizer verifies
// those tokens with the same code that verifies Cognito's in AWS; only the
// issuer and key URL differ.
//
// It is for a laptop: the key lives in memory and any local process can
// read a token from config.json. Never deploy it.
package devauth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// DevSubject is the subject of the stack's ready-made token.
const DevSubject = "dev"

// TokenLifetime is how long a dev token lasts: long enough that a day of
// work needs no new one, short enough that a leaked one dies.
const TokenLifetime = 24 * time.Hour

// Issuer signs tokens with a key made when it was created.
type Issuer struct {
	iss  string
	kid  string
	key  *ecdsa.PrivateKey
	jwks []byte
}

// New returns an issuer that names itself iss.
func New(iss string) (*Issuer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("make signing key: %w", err)
	}
	kid := rand.Text()[:16]
	jwk, err := jwkset.NewJWKFromKey(key.Public(), jwkset.JWKOptions{
		Metadata: jwkset.JWKMetadataOptions{ALG: jwkset.AlgES256, KID: kid, USE: jwkset.UseSig},
	})
	if err != nil {
		return nil, fmt.Errorf("publish signing key: %w", err)
	}
	set := jwkset.NewMemoryStorage()
	if err := set.KeyWrite(context.Background(), jwk); err != nil {
		return nil, err
	}
	raw, err := set.JSONPublic(context.Background())
	if err != nil {
		return nil, err
	}
	return &Issuer{iss: iss, kid: kid, key: key, jwks: raw}, nil
}

// Issuer is the iss claim of the tokens.
func (i *Issuer) Issuer() string { return i.iss }

// Token signs a token for subject that expires after ttl.
func (i *Issuer) Token(subject string, ttl time.Duration) (string, error) {
	now := time.Now()
	t := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.RegisteredClaims{
		Issuer:    i.iss,
		Subject:   subject,
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	})
	t.Header["kid"] = i.kid
	s, err := t.SignedString(i.key)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}

// ServeHTTP publishes the key set.
func (i *Issuer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "max-age=300")
	_ = json.NewEncoder(w).Encode(json.RawMessage(i.jwks))
}

// Sign signs arbitrary claims with the issuer's key, for tests that need a
// token the issuer would never make (expired, another audience, …).
func (i *Issuer) Sign(claims jwt.Claims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	t.Header["kid"] = i.kid
	return t.SignedString(i.key)
}
