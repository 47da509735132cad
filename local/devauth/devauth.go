// Package devauth is the local stack's identity provider: it makes a
// signing key when the stack starts, publishes it as a JWKS (as Cognito
// publishes a user pool's), and signs dev tokens. The authorizer verifies
// those tokens with the same code that verifies Cognito's in AWS; only the
// issuer and key URL differ.
//
// It is for a laptop: the key lives in memory, or in a 0600 file of the
// stack's data directory (Load) so that tokens outlive a restart, and any
// local process can read a token from config.json. Never deploy it.
package devauth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// DevSubject is the subject of the stack's ready-made token.
const DevSubject = "dev"

// TokenLifetime is how long a dev token lasts: long enough that a day of
// work needs no new one, short enough that a leaked one dies.
const TokenLifetime = 24 * time.Hour

// Issuer signs tokens with one key: made when it was created (New) or
// kept in a file (Load).
type Issuer struct {
	iss  string
	kid  string
	key  *ecdsa.PrivateKey
	jwks []byte
}

// New returns an issuer that names itself iss, with a new key in memory.
func New(iss string) (*Issuer, error) {
	key, kid, err := newKey()
	if err != nil {
		return nil, err
	}
	return withKey(iss, key, kid)
}

// Load returns an issuer that names itself iss and signs with the key in
// keyFile, which it makes (mode 0600) if there is none yet. Tokens signed
// before a restart still verify after it, as long as the issuer is the
// same too (the local stack's is its base URL, so the same --addr).
func Load(iss, keyFile string) (*Issuer, error) {
	key, kid, err := readKey(keyFile)
	if errors.Is(err, fs.ErrNotExist) {
		if key, kid, err = newKey(); err == nil {
			err = writeKey(keyFile, key, kid)
		}
	}
	if err != nil {
		return nil, err
	}
	return withKey(iss, key, kid)
}

func newKey() (*ecdsa.PrivateKey, string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, "", fmt.Errorf("make signing key: %w", err)
	}
	return key, rand.Text()[:16], nil
}

// pemType and kidHeader shape the key file: one PEM block whose header
// carries the key id, so tokens keep their kid across restarts.
const (
	pemType   = "EC PRIVATE KEY"
	kidHeader = "Kid"
)

func readKey(name string) (*ecdsa.PrivateKey, string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, "", err
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != pemType || block.Headers[kidHeader] == "" {
		return nil, "", fmt.Errorf("signing key %s: not an %s PEM block with a %s header", name, pemType, kidHeader)
	}
	key, err := x509.ParseECPrivateKey(block.Bytes)
	if err != nil {
		return nil, "", fmt.Errorf("signing key %s: %w", name, err)
	}
	return key, block.Headers[kidHeader], nil
}

// writeKey writes the key whole or not at all (a temporary file renamed
// into place), so a crash never leaves half a key that would lock every
// token out.
func writeKey(name string, key *ecdsa.PrivateKey, kid string) error {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return fmt.Errorf("encode signing key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		return fmt.Errorf("save signing key: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".devauth-key-*")
	if err != nil {
		return fmt.Errorf("save signing key: %w", err)
	}
	defer os.Remove(f.Name())
	err = pem.Encode(f, &pem.Block{Type: pemType, Headers: map[string]string{kidHeader: kid}, Bytes: der})
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		return fmt.Errorf("save signing key: %w", err)
	}
	return nil
}

func withKey(iss string, key *ecdsa.PrivateKey, kid string) (*Issuer, error) {
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
