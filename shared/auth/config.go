package auth

import (
	"fmt"
	"net/url"
	"strings"
)

// LoadConfig reads the authorizer's settings: JWT_ISSUER, JWKS_URL and the
// optional JWT_AUDIENCE. lookup is os.LookupEnv in main.
func LoadConfig(lookup func(string) (string, bool)) (Config, error) {
	get := func(name string) string { v, _ := lookup(name); return strings.TrimSpace(v) }
	cfg := Config{Issuer: get("JWT_ISSUER"), JWKSURL: get("JWKS_URL"), Audience: get("JWT_AUDIENCE")}
	var problems []string
	if cfg.Issuer == "" {
		problems = append(problems, "JWT_ISSUER is not set")
	}
	if u, err := url.Parse(cfg.JWKSURL); cfg.JWKSURL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		problems = append(problems, fmt.Sprintf("JWKS_URL=%q is not an http(s) URL", cfg.JWKSURL))
	}
	if len(problems) > 0 {
		return Config{}, fmt.Errorf("configuration: %s", strings.Join(problems, "; "))
	}
	return cfg, nil
}
