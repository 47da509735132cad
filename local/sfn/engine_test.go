package sfn

import (
	"strings"
	"testing"
)

// pass wraps one state definition into a machine whose only state is S.
func engOne(state string) string {
	return `{"StartAt":"S","States":{"S":` + state + `}}`
}

func TestStates(t *testing.T) {
	tests := []struct {
		name, def, input string
		wantStatus       string
		wantOutput       string // JSON, when SUCCEEDED
		wantError        string // when not
		wantCause        string // substring, optional
	}{
		{name: "pass result and result path", def: engOne(`{"Type":"Pass","Result":{"x":1},"ResultPath":"$.r","End":true}`),
			input: `{"a":1}`, wantStatus: StatusSucceeded, wantOutput: `{"a":1,"r":{"x":1}}`},
		{name: "pass result path null keeps input", def: engOne(`{"Type":"Pass","Result":5,"ResultPath":null,"End":true}`),
			input: `{"a":1}`, wantStatus: StatusSucceeded, wantOutput: `{"a":1}`},
		{name: "input path null gives empty object", def: engOne(`{"Type":"Pass","InputPath":null,"End":true}`),
			input: `{"a":1}`, wantStatus: StatusSucceeded, wantOutput: `{}`},
		{name: "output path null gives empty object", def: engOne(`{"Type":"Pass","OutputPath":null,"End":true}`),
			input: `{"a":1}`, wantStatus: StatusSucceeded, wantOutput: `{}`},
		{name: "input and output path", def: engOne(`{"Type":"Pass","InputPath":"$.a","OutputPath":"$.b","End":true}`),
			input: `{"a":{"b":[1,2]}}`, wantStatus: StatusSucceeded, wantOutput: `[1,2]`},
		{name: "result path creates nested objects", def: engOne(`{"Type":"Pass","Result":"v","ResultPath":"$.x.y.z","End":true}`),
			input: `{"x":{"k":1}}`, wantStatus: StatusSucceeded, wantOutput: `{"x":{"k":1,"y":{"z":"v"}}}`},
		{name: "result path on a string input", def: engOne(`{"Type":"Pass","Result":"v","ResultPath":"$.x","End":true}`),
			input: `"str"`, wantStatus: StatusFailed, wantError: "States.ResultPathMatchFailure"},
		{name: "parameters with paths, context and intrinsics", def: engOne(`{"Type":"Pass","Parameters":{"lit":1,"v.$":"$.a","n":{"s.$":"$$.State.Name"},"f.$":"States.Format('{}-{}', $.a, $.b)","arr":[{"x.$":"$.b"}]},"End":true}`),
			input: `{"a":"A","b":2}`, wantStatus: StatusSucceeded, wantOutput: `{"lit":1,"v":"A","n":{"s":"S"},"f":"A-2","arr":[{"x":2}]}`},
		{name: "parameters missing path is States.Runtime", def: engOne(`{"Type":"Pass","Parameters":{"v.$":"$.nope"},"End":true}`),
			input: `{}`, wantStatus: StatusFailed, wantError: "States.Runtime", wantCause: "The JSONPath '$.nope' specified for the field 'v.$' could not be found"},
		{name: "general JSONPath in parameters", def: engOne(`{"Type":"Pass","Parameters":{"ids.$":"$.items[*].id","big.$":"$.items[?(@.id > 1)].id"},"End":true}`),
			input: `{"items":[{"id":1},{"id":2},{"id":3}]}`, wantStatus: StatusSucceeded, wantOutput: `{"ids":[1,2,3],"big":[2,3]}`},
		{name: "input path missing is States.Runtime", def: engOne(`{"Type":"Pass","InputPath":"$.x","End":true}`),
			input: `{}`, wantStatus: StatusFailed, wantError: "States.Runtime"},
		{name: "succeed", def: engOne(`{"Type":"Succeed","OutputPath":"$.a"}`), input: `{"a":3}`, wantStatus: StatusSucceeded, wantOutput: `3`},
		{name: "fail with error and cause", def: engOne(`{"Type":"Fail","Error":"E","Cause":"C"}`), input: `{}`,
			wantStatus: StatusFailed, wantError: "E", wantCause: "C"},
		{name: "fail with paths", def: engOne(`{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('bad {}', $.c)"}`), input: `{"e":"X","c":1}`,
			wantStatus: StatusFailed, wantError: "X", wantCause: "bad 1"},
		{name: "wait seconds", def: `{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"Next":"P"},"P":{"Type":"Pass","End":true}}}`,
			input: `{"a":1}`, wantStatus: StatusSucceeded, wantOutput: `{"a":1}`},
		{name: "wait seconds path bad", def: engOne(`{"Type":"Wait","SecondsPath":"$.s","End":true}`),
			input: `{"s":"x"}`, wantStatus: StatusFailed, wantError: "States.Runtime"},
		{name: "wait timestamp path", def: engOne(`{"Type":"Wait","TimestampPath":"$.t","End":true}`),
			input: `{"t":"2026-01-01T00:00:10Z"}`, wantStatus: StatusSucceeded, wantOutput: `{"t":"2026-01-01T00:00:10Z"}`},
		{name: "parallel", def: engOne(`{"Type":"Parallel","Branches":[
				{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"End":true}}},
				{"StartAt":"B","States":{"B":{"Type":"Pass","InputPath":"$.x","End":true}}}],"ResultSelector":{"first.$":"$[0]","second.$":"$[1]"},"End":true}`),
			input: `{"x":"y"}`, wantStatus: StatusSucceeded, wantOutput: `{"first":1,"second":"y"}`},
		{name: "parallel branch failure propagates its error", def: engOne(`{"Type":"Parallel","Branches":[
				{"StartAt":"A","States":{"A":{"Type":"Fail","Error":"Boom"}}},
				{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"End":true}`),
			input: `{}`, wantStatus: StatusFailed, wantError: "Boom"},
		{name: "map with items path, item selector and context", def: engOne(`{"Type":"Map","ItemsPath":"$.xs","MaxConcurrency":2,
				"ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","k.$":"$.k"},
				"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"ResultPath":"$.out","End":true}`),
			input: `{"k":"K","xs":["a","b"]}`, wantStatus: StatusSucceeded,
			wantOutput: `{"k":"K","xs":["a","b"],"out":[{"i":0,"v":"a","k":"K"},{"i":1,"v":"b","k":"K"}]}`},
		{name: "map legacy iterator", def: engOne(`{"Type":"Map","Iterator":{"StartAt":"P","States":{"P":{"Type":"Pass","Result":0,"End":true}}},"End":true}`),
			input: `[1,2,3]`, wantStatus: StatusSucceeded, wantOutput: `[0,0,0]`},
		{name: "map over non-array", def: engOne(`{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}`),
			input: `{"a":1}`, wantStatus: StatusFailed, wantError: "States.Runtime"},
		{name: "map failure without tolerance", def: engOne(`{"Type":"Map","ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"F"}],"Default":"P"},"F":{"Type":"Fail","Error":"Two"},"P":{"Type":"Pass","End":true}}},"End":true}`),
			input: `[1,2,3]`, wantStatus: StatusFailed, wantError: "Two"},
		{name: "map tolerated failures within threshold", def: engOne(`{"Type":"Map","ToleratedFailureCount":1,"ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"F"}],"Default":"P"},"F":{"Type":"Fail","Error":"Two"},"P":{"Type":"Pass","End":true}}},"ResultSelector":{"n.$":"States.ArrayLength($)"},"End":true}`),
			input: `[1,2,3]`, wantStatus: StatusSucceeded, wantOutput: `{"n":3}`},
		{name: "map tolerated failures exceeded", def: engOne(`{"Type":"Map","ToleratedFailurePercentage":10,"ItemProcessor":{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"X"}}},"End":true}`),
			input: `[1,2,3]`, wantStatus: StatusFailed, wantError: "States.ExceedToleratedFailureThreshold"},
		{name: "catch fail state error into result path", def: `{"StartAt":"P","States":{
				"P":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}],
					"Catch":[{"ErrorEquals":["Other"],"Next":"Wrong"},{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Done"}],"End":true},
				"Wrong":{"Type":"Fail","Error":"Wrong"},"Done":{"Type":"Succeed"}}}`,
			input: `{"a":1}`, wantStatus: StatusSucceeded, wantOutput: `{"a":1,"error":{"Error":"E","Cause":"C"}}`},
		{name: "States.Runtime is not caught by States.ALL", def: `{"StartAt":"P","States":{
				"P":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Pass","InputPath":"$.missing","End":true}}}],
					"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}],"End":true},"Done":{"Type":"Succeed"}}}`,
			input: `{}`, wantStatus: StatusFailed, wantError: "States.Runtime"},
		{name: "no choice matched", def: engOne(`{"Type":"Choice","Choices":[{"Variable":"$.a","StringEquals":"x","Next":"S"}]}`),
			input: `{"a":"y"}`, wantStatus: StatusFailed, wantError: "States.NoChoiceMatched"},
		{name: "intrinsic failure", def: engOne(`{"Type":"Pass","Parameters":{"x.$":"States.ArrayGetItem($.a, 5)"},"End":true}`),
			input: `{"a":[1]}`, wantStatus: StatusFailed, wantError: "States.IntrinsicFailure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(Options{Clock: newEngClock(), Invoker: &engLambda{}})
			got := engRun(t, e, tt.def, tt.input)
			if got.Status != tt.wantStatus {
				t.Fatalf("status: got %s (%s: %s), want %s", got.Status, got.Error, got.Cause, tt.wantStatus)
			}
			if tt.wantStatus == StatusSucceeded {
				if !engJSONEq(t, *got.Output, tt.wantOutput) {
					t.Errorf("output: got %s, want %s", *got.Output, tt.wantOutput)
				}
				return
			}
			if got.Error != tt.wantError {
				t.Errorf("error: got %q (cause %q), want %q", got.Error, got.Cause, tt.wantError)
			}
			if !strings.Contains(got.Cause, tt.wantCause) {
				t.Errorf("cause: got %q, want it to contain %q", got.Cause, tt.wantCause)
			}
		})
	}
}
