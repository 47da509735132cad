package auth

import (
	"log/slog"

	"docflow/shared/config"
)

// Settings is what the authorizer task reads from its environment.
type Settings struct {
	Config
	LogLevel slog.Level // LOG_LEVEL, default INFO
}

// LoadSettings reads JWT_ISSUER, JWKS_URL (an http(s) URL), the optional
// JWT_AUDIENCE and LOG_LEVEL. lookup is os.LookupEnv in main.
func LoadSettings(lookup func(string) (string, bool)) (Settings, error) {
	e := config.New(lookup)
	s := Settings{
		Config: Config{
			Issuer:   e.Required("JWT_ISSUER"),
			JWKSURL:  e.Endpoint("JWKS_URL"),
			Audience: e.Optional("JWT_AUDIENCE", ""),
		},
		LogLevel: e.Level("LOG_LEVEL"),
	}
	if err := e.Err(); err != nil {
		return Settings{}, err
	}
	return s, nil
}
