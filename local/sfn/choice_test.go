package sfn

import (
	"fmt"
	"testing"
)

func TestChoiceRules(t *testing.T) {
	input := `{"s":"abc","n":5,"f":2.5,"b":true,"z":null,"t":"2026-01-01T00:00:00Z","t2":"2026-06-01T00:00:00Z","o":{"k":"abc"},"star":"a*b"}`
	tests := []struct {
		name string
		rule string
		want bool
	}{
		{"StringEquals", `{"Variable":"$.s","StringEquals":"abc"}`, true},
		{"StringEquals on a number is false", `{"Variable":"$.n","StringEquals":"5"}`, false},
		{"StringEqualsPath", `{"Variable":"$.s","StringEqualsPath":"$.o.k"}`, true},
		{"StringLessThan", `{"Variable":"$.s","StringLessThan":"abd"}`, true},
		{"StringGreaterThan", `{"Variable":"$.s","StringGreaterThan":"abd"}`, false},
		{"StringLessThanEquals", `{"Variable":"$.s","StringLessThanEquals":"abc"}`, true},
		{"StringGreaterThanEquals", `{"Variable":"$.s","StringGreaterThanEquals":"abc"}`, true},
		{"StringMatches star", `{"Variable":"$.s","StringMatches":"a*"}`, true},
		{"StringMatches middle", `{"Variable":"$.s","StringMatches":"*b*"}`, true},
		{"StringMatches no", `{"Variable":"$.s","StringMatches":"*x"}`, false},
		{"StringMatches escaped star", `{"Variable":"$.star","StringMatches":"a\\*b"}`, true},
		{"StringMatches escaped star literal only", `{"Variable":"$.s","StringMatches":"a\\*c"}`, false},
		{"NumericEquals int and float", `{"Variable":"$.n","NumericEquals":5.0}`, true},
		{"NumericEqualsPath", `{"Variable":"$.n","NumericEqualsPath":"$.n"}`, true},
		{"NumericLessThan", `{"Variable":"$.f","NumericLessThan":3}`, true},
		{"NumericGreaterThan", `{"Variable":"$.f","NumericGreaterThan":3}`, false},
		{"NumericGreaterThanPath", `{"Variable":"$.n","NumericGreaterThanPath":"$.f"}`, true},
		{"NumericLessThanEquals", `{"Variable":"$.n","NumericLessThanEquals":5}`, true},
		{"NumericGreaterThanEquals", `{"Variable":"$.n","NumericGreaterThanEquals":6}`, false},
		{"Numeric on a string is false", `{"Variable":"$.s","NumericEquals":1}`, false},
		{"BooleanEquals", `{"Variable":"$.b","BooleanEquals":true}`, true},
		{"BooleanEqualsPath", `{"Variable":"$.b","BooleanEqualsPath":"$.b"}`, true},
		{"TimestampEquals", `{"Variable":"$.t","TimestampEquals":"2026-01-01T01:00:00+01:00"}`, true},
		{"TimestampLessThan", `{"Variable":"$.t","TimestampLessThan":"2026-01-02T00:00:00Z"}`, true},
		{"TimestampGreaterThanPath", `{"Variable":"$.t2","TimestampGreaterThanPath":"$.t"}`, true},
		{"TimestampLessThanEquals", `{"Variable":"$.t","TimestampLessThanEquals":"2026-01-01T00:00:00Z"}`, true},
		{"TimestampGreaterThanEquals", `{"Variable":"$.t","TimestampGreaterThanEquals":"2026-01-02T00:00:00Z"}`, false},
		{"Timestamp on a non-timestamp is false", `{"Variable":"$.s","TimestampEquals":"2026-01-01T00:00:00Z"}`, false},
		{"IsNull", `{"Variable":"$.z","IsNull":true}`, true},
		{"IsNull false", `{"Variable":"$.s","IsNull":true}`, false},
		{"IsPresent", `{"Variable":"$.s","IsPresent":true}`, true},
		{"IsPresent missing", `{"Variable":"$.missing","IsPresent":true}`, false},
		{"IsPresent false on missing", `{"Variable":"$.missing","IsPresent":false}`, true},
		{"IsNumeric", `{"Variable":"$.f","IsNumeric":true}`, true},
		{"IsString", `{"Variable":"$.n","IsString":true}`, false},
		{"IsBoolean", `{"Variable":"$.b","IsBoolean":true}`, true},
		{"IsTimestamp", `{"Variable":"$.t","IsTimestamp":true}`, true},
		{"IsTimestamp on plain string", `{"Variable":"$.s","IsTimestamp":false}`, true},
		{"And", `{"And":[{"Variable":"$.n","NumericEquals":5},{"Variable":"$.b","BooleanEquals":true}]}`, true},
		{"And one false", `{"And":[{"Variable":"$.n","NumericEquals":5},{"Variable":"$.b","BooleanEquals":false}]}`, false},
		{"Or", `{"Or":[{"Variable":"$.n","NumericEquals":4},{"Variable":"$.b","BooleanEquals":true}]}`, true},
		{"Not", `{"Not":{"Variable":"$.s","StringEquals":"x"}}`, true},
		{"nested", `{"Not":{"And":[{"Variable":"$.n","IsPresent":true},{"Or":[{"Variable":"$.s","StringEquals":"x"},{"Variable":"$.missing","IsPresent":true}]}]}}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := tt.rule[:len(tt.rule)-1] + `,"Next":"Yes"}`
			def := fmt.Sprintf(`{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[%s],"Default":"No"},"Yes":{"Type":"Pass","Result":true,"End":true},"No":{"Type":"Pass","Result":false,"End":true}}}`, rule)
			e := New(Options{})
			got := engRun(t, e, def, input)
			if got.Status != StatusSucceeded {
				t.Fatalf("status: got %s %s %s", got.Status, got.Error, got.Cause)
			}
			if want := fmt.Sprint(tt.want); *got.Output != want {
				t.Errorf("rule %s: got %s, want %s", tt.rule, *got.Output, want)
			}
		})
	}
}

func TestChoiceMissingVariableIsRuntimeError(t *testing.T) {
	def := `{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.missing","StringEquals":"x","Next":"Y"}],"Default":"Y"},"Y":{"Type":"Succeed"}}}`
	got := engRun(t, New(Options{}), def, `{}`)
	if got.Status != StatusFailed || got.Error != "States.Runtime" {
		t.Fatalf("got %s %s, want FAILED States.Runtime", got.Status, got.Error)
	}
	want := "An error occurred while executing the state 'C' (entered at the event id #2). Invalid path '$.missing': The choice state's condition path references an invalid value."
	if got.Cause != want {
		t.Errorf("cause:\ngot  %s\nwant %s", got.Cause, want)
	}
}

func TestStringMatches(t *testing.T) {
	tests := []struct {
		s, pattern string
		want       bool
	}{
		{"log-2026.txt", "log-*.txt", true},
		{"log-2026.txt", "*.csv", false},
		{"", "*", true},
		{"abc", "abc", true},
		{"abc", "ab", false},
		{`a\b`, `a\\b`, true},
		{"aaa", "a*a*a", true},
		{"ab", "a*a*b", false},
	}
	for _, tt := range tests {
		if got := stringMatches(tt.s, tt.pattern); got != tt.want {
			t.Errorf("stringMatches(%q, %q): got %v, want %v", tt.s, tt.pattern, got, tt.want)
		}
	}
}
