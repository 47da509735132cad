package config

import (
	"log/slog"
	"reflect"
	"testing"
	"time"
)

func TestEnv(t *testing.T) {
	vars := map[string]string{
		"TABLE": " docs ", "BLANK": "  ", "URL": "https://x.example/v1", "NOT_URL": "ftp://x", "TTL": "5m", "BAD_TTL": "5",
		"N": "42", "ZERO": "0", "NEG": "-1", "HUGE": "99999999999999", "SUBNETS": "a, b,,c", "COMMAS": " , ", "LEVEL": "debug", "BAD_LEVEL": "loud",
	}
	e := New(func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if got := e.Required("TABLE"); got != "docs" {
		t.Errorf("Required trims: got %q", got)
	}
	e.Required("BLANK")
	e.Required("UNSET")
	if got := e.Optional("UNSET", "def"); got != "def" {
		t.Errorf("Optional = %q", got)
	}
	e.Endpoint("URL")
	e.Endpoint("NOT_URL")
	if got := e.Duration("TTL", time.Second); got != 5*time.Minute {
		t.Errorf("Duration = %v", got)
	}
	if got := e.Duration("BAD_TTL", time.Second); got != time.Second {
		t.Errorf("bad Duration = %v, want the default", got)
	}
	if got := e.Positive("N", 1); got != 42 {
		t.Errorf("Positive = %d", got)
	}
	e.Positive("ZERO", 1)
	if got := e.Natural("ZERO", 7); got != 0 {
		t.Errorf("Natural = %d", got)
	}
	e.Natural("NEG", 0)
	e.Positive("HUGE", 1)
	if got := e.List("SUBNETS", true); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("List = %q", got)
	}
	e.List("COMMAS", true)
	if got := e.Level("LEVEL"); got != slog.LevelDebug {
		t.Errorf("Level = %v", got)
	}
	e.Level("BAD_LEVEL")

	want := `configuration: missing environment variables: BLANK, UNSET; NOT_URL="ftp://x" is not an http(s) URL; ` +
		`BAD_TTL="5" is not a positive Go duration such as 20s or 15m; ZERO="0" is not a positive whole number; ` +
		`NEG="-1" is not a non-negative whole number; HUGE="99999999999999" is not a positive whole number; ` +
		`COMMAS="," lists nothing; BAD_LEVEL="loud" is not a log level (DEBUG, INFO, WARN, ERROR)`
	if err := e.Err(); err == nil || err.Error() != want {
		t.Errorf("Err =\n%v\nwant\n%s", err, want)
	}
	if err := New(func(string) (string, bool) { return "", false }).Err(); err != nil {
		t.Errorf("nothing read, Err = %v", err)
	}
}
