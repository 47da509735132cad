package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"

	"docflow/shared/domain"
)

// MaxTokenBytes bounds the token a client may send; real JWTs from an
// identity provider are a few KB. Anything larger is refused unread.
const MaxTokenBytes = 8 << 10

// Leeway absorbs clock skew between the issuer and us.
const Leeway = 30 * time.Second

// algorithms are the signing algorithms accepted: asymmetric only, so a key
// published in a JWKS can never be used as an HMAC secret ("alg confusion"),
// and never "none".
var algorithms = []string{"RS256", "RS384", "RS512", "PS256", "ES256", "ES384"}

// Config is what a Verifier trusts.
type Config struct {
	// Issuer must equal the token's iss claim.
	Issuer string
	// JWKSURL publishes the issuer's signing keys.
	JWKSURL string
	// Audience, if set, must be in the token's aud claim or equal its
	// client_id claim (Cognito access tokens carry client_id, not aud).
	Audience string
}

// Identity is who a verified token speaks for.
type Identity struct {
	// Subject is the token's sub claim: the owner of what the connection
	// uploads.
	Subject   string
	ExpiresAt time.Time
}

// ErrInvalidToken is the one error a client learns: whether the token was
// missing, malformed, expired, or signed by someone else is for our logs.
var ErrInvalidToken = errors.New("invalid token")

// claims are the claims docflow reads.
type claims struct {
	jwt.RegisteredClaims
	ClientID string `json:"client_id,omitempty"`
	TokenUse string `json:"token_use,omitempty"`
}

// Verifier checks tokens against an issuer's key set. The key set is
// fetched on first use and refreshed in the background (and at once for a
// key id it has not seen), so a Verifier made at cold start survives an
// issuer that is briefly unreachable.
type Verifier struct {
	cfg    Config
	client *http.Client
	parser *jwt.Parser

	mu   sync.Mutex
	keys keyfunc.Keyfunc
}

// NewVerifier returns a Verifier for cfg. client fetches the key set (nil:
// a client with a 10 s timeout).
func NewVerifier(cfg Config, client *http.Client) *Verifier {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods(algorithms),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(Leeway),
	}
	return &Verifier{cfg: cfg, client: client, parser: jwt.NewParser(opts...)}
}

// keySet returns the key function, creating it on first use. Creation
// does not fail when the issuer is unreachable; lookups then fail until a
// refresh succeeds.
func (v *Verifier) keySet() (keyfunc.Keyfunc, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys != nil {
		return v.keys, nil
	}
	// The refresh goroutine lives as long as the process, as the Lambda
	// instance does.
	k, err := keyfunc.NewDefaultOverrideCtx(context.Background(), []string{v.cfg.JWKSURL}, keyfunc.Override{
		Client:      v.client,
		HTTPTimeout: v.client.Timeout,
		// A token naming a key id we don't know refreshes the set (the
		// issuer rotated keys), at most once a minute; other such tokens
		// are refused at once rather than queued, so forged key ids cannot
		// hold connections open or hammer the issuer.
		RefreshUnknownKID: rate.NewLimiter(rate.Every(time.Minute), 1),
		RateLimitWaitMax:  time.Millisecond,
	})
	if err != nil {
		return nil, fmt.Errorf("key set %s: %w", v.cfg.JWKSURL, err)
	}
	v.keys = k
	return k, nil
}

// Verify returns the identity token speaks for, or an error wrapping
// ErrInvalidToken that says why (for logs, never for the client).
func (v *Verifier) Verify(ctx context.Context, token string) (Identity, error) {
	if token == "" {
		return Identity{}, fmt.Errorf("%w: no token", ErrInvalidToken)
	}
	if len(token) > MaxTokenBytes {
		return Identity{}, fmt.Errorf("%w: token is %d bytes, over %d", ErrInvalidToken, len(token), MaxTokenBytes)
	}
	keys, err := v.keySet()
	if err != nil {
		return Identity{}, err
	}
	var c claims
	if _, err := v.parser.ParseWithClaims(token, &c, keys.KeyfuncCtx(ctx)); err != nil {
		return Identity{}, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	if v.cfg.Audience != "" && !slices.Contains(c.Audience, v.cfg.Audience) && c.ClientID != v.cfg.Audience {
		return Identity{}, fmt.Errorf("%w: audience is not %s", ErrInvalidToken, v.cfg.Audience)
	}
	// Cognito also signs ID tokens; only an access or ID token of our
	// audience gets here, and either names the same user.
	if !domain.ValidOwner(c.Subject) {
		return Identity{}, fmt.Errorf("%w: subject is not one docflow can own documents as", ErrInvalidToken)
	}
	return Identity{Subject: c.Subject, ExpiresAt: c.ExpiresAt.Time}, nil
}
