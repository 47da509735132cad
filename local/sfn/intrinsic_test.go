package sfn

import (
	"regexp"
	"testing"
)

func TestIntrinsics(t *testing.T) {
	input := map[string]any{"name": "Ann", "n": int64(3), "arr": []any{int64(1), int64(2), int64(2), "x"}, "obj": map[string]any{"a": int64(1)},
		"json": `{"k":[1,2]}`, "csv": "a,b;c"}
	tests := []struct {
		expr string
		want string // JSON
	}{
		{`States.Format('Hello, {}! You are {}.', $.name, $.n)`, `"Hello, Ann! You are 3."`},
		{`States.Format('esc \{\} \' {}', 'x')`, `"esc {} ' x"`},
		{`States.Format('{}', null)`, `"null"`},
		{`States.StringToJson($.json)`, `{"k":[1,2]}`},
		{`States.JsonToString($.obj)`, `"{\"a\":1}"`},
		{`States.Array(1, 'two', $.n, true, null)`, `[1,"two",3,true,null]`},
		{`States.ArrayPartition(States.Array(1,2,3,4,5), 2)`, `[[1,2],[3,4],[5]]`},
		{`States.ArrayContains($.arr, 'x')`, `true`},
		{`States.ArrayContains($.arr, 9)`, `false`},
		{`States.ArrayRange(1, 9, 2)`, `[1,3,5,7,9]`},
		{`States.ArrayRange(5, 1, -2)`, `[5,3,1]`},
		{`States.ArrayGetItem($.arr, 3)`, `"x"`},
		{`States.ArrayLength($.arr)`, `4`},
		{`States.ArrayUnique($.arr)`, `[1,2,"x"]`},
		{`States.Base64Encode('Data to encode')`, `"RGF0YSB0byBlbmNvZGU="`},
		{`States.Base64Decode('RGF0YSB0byBlbmNvZGU=')`, `"Data to encode"`},
		{`States.Hash('input data', 'SHA-1')`, `"aaff4a450a104cd177d28d18d74485e8cae074b7"`},
		{`States.Hash('abc', 'MD5')`, `"900150983cd24fb0d6963f7d28e17f72"`},
		{`States.JsonMerge($.obj, States.StringToJson('{"b":2,"a":3}'), false)`, `{"a":3,"b":2}`},
		{`States.MathAdd($.n, -4)`, `-1`},
		{`States.StringSplit($.csv, ',;')`, `["a","b","c"]`},
		{`States.ArrayLength(States.StringSplit('a b  c', ' '))`, `3`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			c, err := parseIntrinsic(tt.expr)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			v, serr := c.eval(input, nil)
			if serr != nil {
				t.Fatalf("eval: %s: %s", serr.name, serr.cause)
			}
			if !engJSONEq(t, toJSON(v), tt.want) {
				t.Errorf("got %s, want %s", toJSON(v), tt.want)
			}
		})
	}
}

func TestIntrinsicRandomAndUUID(t *testing.T) {
	for i := 0; i < 50; i++ {
		v, err := engMustCall(t, `States.MathRandom(1, 5)`).eval(nil, nil)
		n, ok := asInt(v)
		if err != nil || !ok || n < 1 || n >= 5 {
			t.Fatalf("MathRandom(1, 5): got %v %v", v, err)
		}
	}
	a, _ := engMustCall(t, `States.MathRandom(0, 1000000, 7)`).eval(nil, nil)
	b, _ := engMustCall(t, `States.MathRandom(0, 1000000, 7)`).eval(nil, nil)
	if a != b {
		t.Errorf("seeded MathRandom: got %v and %v, want equal", a, b)
	}
	u, _ := engMustCall(t, `States.UUID()`).eval(nil, nil)
	if s, _ := u.(string); !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(s) {
		t.Errorf("UUID: got %v, want a v4 UUID", u)
	}
}

func engMustCall(t *testing.T, s string) *intrinsic {
	t.Helper()
	c, err := parseIntrinsic(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestIntrinsicErrors(t *testing.T) {
	tests := []struct {
		name, expr   string
		parseFailure bool
	}{
		{"unknown function", `States.Nope(1)`, true},
		{"wrong arity", `States.ArrayLength(1, 2)`, true},
		{"unterminated string", `States.Format('abc)`, true},
		{"format placeholder count", `States.Format('{} {}', 1)`, false},
		{"array length of non-array", `States.ArrayLength('x')`, false},
		{"get item out of range", `States.ArrayGetItem(States.Array(1), 1)`, false},
		{"bad json", `States.StringToJson('{')`, false},
		{"partition size zero", `States.ArrayPartition(States.Array(1), 0)`, false},
		{"range step zero", `States.ArrayRange(1, 2, 0)`, false},
		{"range too long", `States.ArrayRange(1, 2000, 1)`, false},
		{"bad hash algorithm", `States.Hash('a', 'SHA-3')`, false},
		{"deep merge", `States.JsonMerge(States.StringToJson('{}'), States.StringToJson('{}'), true)`, false},
		{"math add of float", `States.MathAdd(1.5, 1)`, false},
		{"bad base64", `States.Base64Decode('%%%')`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseIntrinsic(tt.expr)
			if tt.parseFailure {
				if err == nil {
					t.Fatalf("parse %s: got no error, want one", tt.expr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			_, serr := c.eval(map[string]any{}, nil)
			if serr == nil || serr.name != "States.IntrinsicFailure" {
				t.Errorf("eval %s: got %v, want States.IntrinsicFailure", tt.expr, serr)
			}
		})
	}
}
