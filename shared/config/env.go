// Package config reads a task's settings from its environment, which the
// SAM template (or the local stack) sets. An Env collects every problem
// instead of stopping at the first, so a task that cannot start names all
// of its missing or malformed variables at once.
package config

import (
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxNumber bounds whole-number settings: anything larger is a typo.
const maxNumber = 1 << 40

// Env reads variables through a lookup function (os.LookupEnv in main).
type Env struct {
	lookup   func(string) (string, bool)
	missing  []string
	problems []string
}

// New returns an Env reading through lookup.
func New(lookup func(string) (string, bool)) *Env { return &Env{lookup: lookup} }

// Get returns the trimmed value of name; ok is false when it is unset or
// blank.
func (e *Env) Get(name string) (v string, ok bool) {
	v, ok = e.lookup(name)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

// Problem records a problem with a setting that the caller checked itself.
func (e *Env) Problem(format string, args ...any) {
	e.problems = append(e.problems, fmt.Sprintf(format, args...))
}

// Required returns name's value, recording it as missing when unset.
func (e *Env) Required(name string) string {
	v, ok := e.Get(name)
	if !ok {
		e.missing = append(e.missing, name)
	}
	return v
}

// Optional returns name's value, or def when unset.
func (e *Env) Optional(name, def string) string {
	if v, ok := e.Get(name); ok {
		return v
	}
	return def
}

// Endpoint returns the required http(s) URL name.
func (e *Env) Endpoint(name string) string {
	v := e.Required(name)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		e.Problem("%s=%q is not an http(s) URL", name, v)
	}
	return v
}

// Duration returns the positive Go duration name, or def when unset.
func (e *Env) Duration(name string, def time.Duration) time.Duration {
	v, ok := e.Get(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		e.Problem("%s=%q is not a positive Go duration such as 20s or 15m", name, v)
		return def
	}
	return d
}

// Positive returns the whole number name (at least 1), or def when unset.
func (e *Env) Positive(name string, def int64) int64 { return e.number(name, def, 1, "positive") }

// Natural returns the whole number name (at least 0), or def when unset.
func (e *Env) Natural(name string, def int64) int64 { return e.number(name, def, 0, "non-negative") }

func (e *Env) number(name string, def, least int64, what string) int64 {
	v, ok := e.Get(name)
	if !ok {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < least || n > maxNumber {
		e.Problem("%s=%q is not a %s whole number", name, v, what)
		return def
	}
	return n
}

// List returns the comma-separated items of name, dropping empty ones.
func (e *Env) List(name string, required bool) []string {
	var v string
	if required {
		v = e.Required(name)
	} else {
		v, _ = e.Get(name)
	}
	var out []string
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	if required && v != "" && len(out) == 0 {
		e.Problem("%s=%q lists nothing", name, v)
	}
	return out
}

// Level returns the slog level name (DEBUG, INFO, WARN, ERROR), INFO when
// unset.
func (e *Env) Level(name string) slog.Level {
	var l slog.Level
	v, ok := e.Get(name)
	if !ok {
		return slog.LevelInfo
	}
	if err := l.UnmarshalText([]byte(v)); err != nil {
		e.Problem("%s=%q is not a log level (DEBUG, INFO, WARN, ERROR)", name, v)
		return slog.LevelInfo
	}
	return l
}

// Err returns every problem found so far as one error, or nil.
func (e *Env) Err() error {
	var parts []string
	if len(e.missing) > 0 {
		parts = append(parts, "missing environment variables: "+strings.Join(e.missing, ", "))
	}
	parts = append(parts, e.problems...)
	if len(parts) == 0 {
		return nil
	}
	return fmt.Errorf("configuration: %s", strings.Join(parts, "; "))
}
