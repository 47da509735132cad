package sfn

import (
	"strings"
	"time"
)

// eval evaluates a choice rule against the Choice state's effective input.
func (r *choiceRule) eval(input any, cx *ctxObject) (bool, *stateError) {
	switch r.op {
	case "And":
		for _, c := range r.and {
			ok, err := c.eval(input, cx)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case "Or":
		for _, c := range r.or {
			ok, err := c.eval(input, cx)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case "Not":
		ok, err := r.not.eval(input, cx)
		return !ok && err == nil, err
	}
	v, found := r.variable.get(input, cx)
	if r.op == "IsPresent" {
		return found == r.value.(bool), nil
	}
	if !found {
		return false, runtimeError("Invalid path '%s': The choice state's condition path references an invalid value.", r.variable.raw)
	}
	want := r.value
	if r.valuePath != nil {
		w, ok := r.valuePath.get(input, cx)
		if !ok {
			return false, runtimeError("Invalid path '%s': The choice state's condition path references an invalid value.", r.valuePath.raw)
		}
		want = w
		if strings.HasPrefix(r.op, "Timestamp") {
			s, _ := w.(string)
			t, err := parseTimestamp(s)
			if err != nil {
				return false, nil
			}
			want = t
		}
	}
	switch r.op {
	case "IsNull":
		return (v == nil) == want.(bool), nil
	case "IsNumeric":
		_, ok := asNumber(v)
		return ok == want.(bool), nil
	case "IsString":
		_, ok := v.(string)
		return ok == want.(bool), nil
	case "IsBoolean":
		_, ok := v.(bool)
		return ok == want.(bool), nil
	case "IsTimestamp":
		s, ok := v.(string)
		if ok {
			_, err := parseTimestamp(s)
			ok = err == nil
		}
		return ok == want.(bool), nil
	case "BooleanEquals":
		b, ok := v.(bool)
		w, ok2 := want.(bool)
		return ok && ok2 && b == w, nil
	case "StringMatches":
		s, ok := v.(string)
		p, ok2 := want.(string)
		return ok && ok2 && stringMatches(s, p), nil
	}
	switch {
	case strings.HasPrefix(r.op, "String"):
		a, ok := v.(string)
		b, ok2 := want.(string)
		if !ok || !ok2 {
			return false, nil
		}
		return compare(r.op[len("String"):], strings.Compare(a, b)), nil
	case strings.HasPrefix(r.op, "Numeric"):
		a, ok := asNumber(v)
		b, ok2 := asNumber(want)
		if !ok || !ok2 {
			return false, nil
		}
		c := 0
		if a < b {
			c = -1
		} else if a > b {
			c = 1
		}
		return compare(r.op[len("Numeric"):], c), nil
	case strings.HasPrefix(r.op, "Timestamp"):
		s, ok := v.(string)
		if !ok {
			return false, nil
		}
		a, err := parseTimestamp(s)
		b, ok2 := want.(time.Time)
		if err != nil || !ok2 {
			return false, nil
		}
		return compare(r.op[len("Timestamp"):], a.Compare(b)), nil
	}
	return false, nil
}

func compare(op string, c int) bool {
	switch op {
	case "Equals":
		return c == 0
	case "LessThan":
		return c < 0
	case "GreaterThan":
		return c > 0
	case "LessThanEquals":
		return c <= 0
	case "GreaterThanEquals":
		return c >= 0
	}
	return false
}

// stringMatches implements StringMatches: '*' matches any run of characters,
// "\*" a literal star and "\\" a backslash.
func stringMatches(s, pattern string) bool {
	type tok struct {
		star bool
		ch   rune
	}
	var toks []tok
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs):
			i++
			toks = append(toks, tok{ch: rs[i]})
		case rs[i] == '*':
			toks = append(toks, tok{star: true})
		default:
			toks = append(toks, tok{ch: rs[i]})
		}
	}
	str := []rune(s)
	// Iterative wildcard matching with backtracking to the last star.
	si, ti, starTi, starSi := 0, 0, -1, 0
	for si < len(str) {
		switch {
		case ti < len(toks) && !toks[ti].star && toks[ti].ch == str[si]:
			si++
			ti++
		case ti < len(toks) && toks[ti].star:
			starTi, starSi = ti, si
			ti++
		case starTi >= 0:
			starSi++
			si, ti = starSi, starTi+1
		default:
			return false
		}
	}
	for ti < len(toks) && toks[ti].star {
		ti++
	}
	return ti == len(toks)
}
