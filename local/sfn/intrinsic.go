package sfn

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// intrinsic is a parsed intrinsic function call, e.g.
// States.Format('Hello, {}', $.name).
type intrinsic struct {
	name string
	args []intrinsicArg
}

type intrinsicArg struct {
	lit  any        // a literal (string, number, bool, null)
	path *path      // a path argument
	call *intrinsic // a nested call
}

var intrinsicArity = map[string][2]int{ // min, max (-1: unbounded)
	"States.Format":         {1, -1},
	"States.StringToJson":   {1, 1},
	"States.JsonToString":   {1, 1},
	"States.Array":          {0, -1},
	"States.ArrayPartition": {2, 2},
	"States.ArrayContains":  {2, 2},
	"States.ArrayRange":     {3, 3},
	"States.ArrayGetItem":   {2, 2},
	"States.ArrayLength":    {1, 1},
	"States.ArrayUnique":    {1, 1},
	"States.Base64Encode":   {1, 1},
	"States.Base64Decode":   {1, 1},
	"States.Hash":           {2, 2},
	"States.JsonMerge":      {3, 3},
	"States.MathRandom":     {2, 3},
	"States.MathAdd":        {2, 2},
	"States.StringSplit":    {2, 2},
	"States.UUID":           {0, 0},
}

// isIntrinsic tells a ".$" value that is a function call from a path.
func isIntrinsic(s string) bool { return strings.HasPrefix(s, "States.") }

// parseIntrinsic parses a whole intrinsic function expression.
func parseIntrinsic(s string) (*intrinsic, error) {
	p := &intrinsicParser{s: s}
	call, err := p.call()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("unexpected %q after the function call in %q", p.s[p.i:], s)
	}
	return call, nil
}

type intrinsicParser struct {
	s string
	i int
}

func (p *intrinsicParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *intrinsicParser) call() (*intrinsic, error) {
	p.space()
	start := p.i
	for p.i < len(p.s) && p.s[p.i] != '(' {
		p.i++
	}
	if p.i >= len(p.s) {
		return nil, fmt.Errorf("missing '(' in intrinsic function %q", p.s)
	}
	name := strings.TrimSpace(p.s[start:p.i])
	ar, ok := intrinsicArity[name]
	if !ok {
		return nil, fmt.Errorf("unknown intrinsic function %q", name)
	}
	p.i++ // (
	c := &intrinsic{name: name}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ')' {
		p.i++
	} else {
		for {
			a, err := p.arg()
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, a)
			p.space()
			if p.i >= len(p.s) {
				return nil, fmt.Errorf("missing ')' in %q", p.s)
			}
			if p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.s[p.i] == ')' {
				p.i++
				break
			}
			return nil, fmt.Errorf("unexpected %q in %q", p.s[p.i], p.s)
		}
	}
	if len(c.args) < ar[0] || (ar[1] >= 0 && len(c.args) > ar[1]) {
		return nil, fmt.Errorf("%s takes %s, got %d", name, arityText(ar), len(c.args))
	}
	return c, nil
}

func arityText(ar [2]int) string {
	switch {
	case ar[1] < 0:
		return fmt.Sprintf("at least %d arguments", ar[0])
	case ar[0] == ar[1]:
		return fmt.Sprintf("%d arguments", ar[0])
	}
	return fmt.Sprintf("%d to %d arguments", ar[0], ar[1])
}

func (p *intrinsicParser) arg() (intrinsicArg, error) {
	p.space()
	if p.i >= len(p.s) {
		return intrinsicArg{}, fmt.Errorf("missing argument in %q", p.s)
	}
	switch c := p.s[p.i]; {
	case c == '\'':
		p.i++
		var b strings.Builder
		for p.i < len(p.s) {
			ch := p.s[p.i]
			if ch == '\\' && p.i+1 < len(p.s) {
				b.WriteByte('\\') // keep escapes: Format needs \{ \}; unescape later
				b.WriteByte(p.s[p.i+1])
				p.i += 2
				continue
			}
			if ch == '\'' {
				p.i++
				return intrinsicArg{lit: rawString(b.String())}, nil
			}
			b.WriteByte(ch)
			p.i++
		}
		return intrinsicArg{}, fmt.Errorf("unterminated string in %q", p.s)
	case c == '$':
		start := p.i
		depth := 0
		inQuote := false
		for p.i < len(p.s) {
			ch := p.s[p.i]
			if inQuote {
				if ch == '\'' {
					inQuote = false
				}
			} else if ch == '\'' {
				inQuote = true
			} else if ch == '[' || ch == '(' {
				depth++
			} else if ch == ']' || (ch == ')' && depth > 0) {
				depth--
			} else if depth == 0 && (ch == ',' || ch == ')') {
				break
			}
			p.i++
		}
		pth, err := compilePath(strings.TrimSpace(p.s[start:p.i]), false)
		if err != nil {
			return intrinsicArg{}, err
		}
		return intrinsicArg{path: pth}, nil
	case strings.HasPrefix(p.s[p.i:], "States."):
		call, err := p.call()
		if err != nil {
			return intrinsicArg{}, err
		}
		return intrinsicArg{call: call}, nil
	default:
		start := p.i
		for p.i < len(p.s) && p.s[p.i] != ',' && p.s[p.i] != ')' {
			p.i++
		}
		tok := strings.TrimSpace(p.s[start:p.i])
		switch tok {
		case "true":
			return intrinsicArg{lit: true}, nil
		case "false":
			return intrinsicArg{lit: false}, nil
		case "null":
			return intrinsicArg{lit: nil}, nil
		}
		if i, err := strconv.ParseInt(tok, 10, 64); err == nil {
			return intrinsicArg{lit: i}, nil
		}
		if f, err := strconv.ParseFloat(tok, 64); err == nil {
			return intrinsicArg{lit: f}, nil
		}
		return intrinsicArg{}, fmt.Errorf("invalid argument %q in %q", tok, p.s)
	}
}

// rawString is a string literal still holding its backslash escapes.
type rawString string

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// intrinsicError is States.IntrinsicFailure with a cause.
func intrinsicError(format string, a ...any) *stateError {
	return &stateError{name: "States.IntrinsicFailure", cause: fmt.Sprintf(format, a...)}
}

func (c *intrinsic) eval(input any, cx *ctxObject) (any, *stateError) {
	args := make([]any, len(c.args))
	for i, a := range c.args {
		switch {
		case a.call != nil:
			v, err := a.call.eval(input, cx)
			if err != nil {
				return nil, err
			}
			args[i] = v
		case a.path != nil:
			v, ok := a.path.get(input, cx)
			if !ok {
				return nil, runtimeError("The JsonPath argument for the field '%s' could not be found in the input '%s'", a.path.raw, toJSON(input))
			}
			args[i] = v
		default:
			if r, ok := a.lit.(rawString); ok && !(c.name == "States.Format" && i == 0) {
				args[i] = unescape(string(r))
			} else {
				args[i] = a.lit
			}
		}
	}
	return c.apply(args)
}

func argString(fn string, args []any, i int) (string, *stateError) {
	switch s := args[i].(type) {
	case string:
		return s, nil
	case rawString:
		return string(s), nil
	}
	return "", intrinsicError("Invalid arguments in %s: argument %d must be a string, got %s", fn, i+1, jsonType(args[i]))
}

func argArray(fn string, args []any, i int) ([]any, *stateError) {
	if a, ok := args[i].([]any); ok {
		return a, nil
	}
	return nil, intrinsicError("Invalid arguments in %s: argument %d must be an array, got %s", fn, i+1, jsonType(args[i]))
}

func argInt(fn string, args []any, i int) (int64, *stateError) {
	if n, ok := asInt(args[i]); ok {
		return n, nil
	}
	return 0, intrinsicError("Invalid arguments in %s: argument %d must be an integer, got %s", fn, i+1, toJSON(args[i]))
}

func (c *intrinsic) apply(args []any) (any, *stateError) {
	fn := c.name
	switch fn {
	case "States.Format":
		tmpl, err := argString(fn, args, 0)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		next := 1
		for i := 0; i < len(tmpl); i++ {
			ch := tmpl[i]
			if ch == '\\' && i+1 < len(tmpl) {
				i++
				b.WriteByte(tmpl[i])
				continue
			}
			if ch == '{' && i+1 < len(tmpl) && tmpl[i+1] == '}' {
				if next >= len(args) {
					return nil, intrinsicError("Invalid arguments in States.Format: the number of arguments does not match the number of placeholders")
				}
				switch v := args[next].(type) {
				case string:
					b.WriteString(v)
				case map[string]any, []any:
					return nil, intrinsicError("Invalid arguments in States.Format: arguments must be strings, numbers, booleans or null")
				default:
					b.WriteString(toJSON(v))
				}
				next++
				i++
				continue
			}
			b.WriteByte(ch)
		}
		if next != len(args) {
			return nil, intrinsicError("Invalid arguments in States.Format: the number of arguments does not match the number of placeholders")
		}
		return b.String(), nil
	case "States.StringToJson":
		s, err := argString(fn, args, 0)
		if err != nil {
			return nil, err
		}
		v, perr := parseJSON(s)
		if perr != nil {
			return nil, intrinsicError("Invalid arguments in States.StringToJson: %v", perr)
		}
		return v, nil
	case "States.JsonToString":
		return toJSON(args[0]), nil
	case "States.Array":
		return append([]any{}, args...), nil
	case "States.ArrayPartition":
		a, err := argArray(fn, args, 0)
		if err != nil {
			return nil, err
		}
		n, err := argInt(fn, args, 1)
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return nil, intrinsicError("Invalid arguments in States.ArrayPartition: the chunk size must be greater than 0")
		}
		out := []any{}
		for i := 0; i < len(a); i += int(n) {
			end := min(i+int(n), len(a))
			out = append(out, append([]any{}, a[i:end]...))
		}
		return out, nil
	case "States.ArrayContains":
		a, err := argArray(fn, args, 0)
		if err != nil {
			return nil, err
		}
		for _, e := range a {
			if jsonEqual(e, args[1]) {
				return true, nil
			}
		}
		return false, nil
	case "States.ArrayRange":
		var n [3]int64
		for i := range n {
			v, err := argInt(fn, args, i)
			if err != nil {
				return nil, err
			}
			n[i] = v
		}
		if n[2] == 0 {
			return nil, intrinsicError("Invalid arguments in States.ArrayRange: the step must not be 0")
		}
		out := []any{}
		for v := n[0]; (n[2] > 0 && v <= n[1]) || (n[2] < 0 && v >= n[1]); v += n[2] {
			out = append(out, v)
			if len(out) > 1000 {
				return nil, intrinsicError("Invalid arguments in States.ArrayRange: the result has more than 1000 items")
			}
		}
		return out, nil
	case "States.ArrayGetItem":
		a, err := argArray(fn, args, 0)
		if err != nil {
			return nil, err
		}
		i, err := argInt(fn, args, 1)
		if err != nil {
			return nil, err
		}
		if i < 0 || i >= int64(len(a)) {
			return nil, intrinsicError("Invalid arguments in States.ArrayGetItem: index %d out of bounds for an array of %d items", i, len(a))
		}
		return a[i], nil
	case "States.ArrayLength":
		a, err := argArray(fn, args, 0)
		if err != nil {
			return nil, err
		}
		return int64(len(a)), nil
	case "States.ArrayUnique":
		a, err := argArray(fn, args, 0)
		if err != nil {
			return nil, err
		}
		out := []any{}
	outer:
		for _, e := range a {
			for _, o := range out {
				if jsonEqual(e, o) {
					continue outer
				}
			}
			out = append(out, e)
		}
		return out, nil
	case "States.Base64Encode":
		s, err := argString(fn, args, 0)
		if err != nil {
			return nil, err
		}
		if len(s) > 10000 {
			return nil, intrinsicError("Invalid arguments in States.Base64Encode: input exceeds 10000 characters")
		}
		return base64.StdEncoding.EncodeToString([]byte(s)), nil
	case "States.Base64Decode":
		s, err := argString(fn, args, 0)
		if err != nil {
			return nil, err
		}
		b, derr := base64.StdEncoding.DecodeString(s)
		if derr != nil {
			return nil, intrinsicError("Invalid arguments in States.Base64Decode: %v", derr)
		}
		return string(b), nil
	case "States.Hash":
		data, ok := args[0].(string)
		if !ok {
			data = toJSON(args[0])
		}
		alg, err := argString(fn, args, 1)
		if err != nil {
			return nil, err
		}
		var h hash.Hash
		switch alg {
		case "MD5":
			h = md5.New()
		case "SHA-1":
			h = sha1.New()
		case "SHA-256":
			h = sha256.New()
		case "SHA-384":
			h = sha512.New384()
		case "SHA-512":
			h = sha512.New()
		default:
			return nil, intrinsicError("Invalid arguments in States.Hash: unsupported algorithm %q (MD5, SHA-1, SHA-256, SHA-384, SHA-512)", alg)
		}
		h.Write([]byte(data))
		return hex.EncodeToString(h.Sum(nil)), nil
	case "States.JsonMerge":
		a, ok1 := args[0].(map[string]any)
		b, ok2 := args[1].(map[string]any)
		if !ok1 || !ok2 {
			return nil, intrinsicError("Invalid arguments in States.JsonMerge: the first two arguments must be objects")
		}
		if deep, ok := args[2].(bool); !ok || deep {
			return nil, intrinsicError("Invalid arguments in States.JsonMerge: only shallow merge (false) is supported")
		}
		out := make(map[string]any, len(a)+len(b))
		for k, v := range a {
			out[k] = v
		}
		for k, v := range b {
			out[k] = v
		}
		return out, nil
	case "States.MathRandom":
		lo, err := argInt(fn, args, 0)
		if err != nil {
			return nil, err
		}
		hi, err := argInt(fn, args, 1)
		if err != nil {
			return nil, err
		}
		if hi <= lo {
			return nil, intrinsicError("Invalid arguments in States.MathRandom: the end must be greater than the start")
		}
		r := rand.Int64N(hi - lo)
		if len(args) == 3 {
			seed, err := argInt(fn, args, 2)
			if err != nil {
				return nil, err
			}
			r = rand.New(rand.NewPCG(uint64(seed), 0)).Int64N(hi - lo)
		}
		return lo + r, nil
	case "States.MathAdd":
		a, err := argInt(fn, args, 0)
		if err != nil {
			return nil, err
		}
		b, err := argInt(fn, args, 1)
		if err != nil {
			return nil, err
		}
		s := a + b
		if s > math.MaxInt32 || s < math.MinInt32 {
			return nil, intrinsicError("Invalid arguments in States.MathAdd: the result is out of the integer range")
		}
		return s, nil
	case "States.StringSplit":
		s, err := argString(fn, args, 0)
		if err != nil {
			return nil, err
		}
		d, err := argString(fn, args, 1)
		if err != nil {
			return nil, err
		}
		out := []any{}
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(d, r) }) {
			out = append(out, f)
		}
		return out, nil
	case "States.UUID":
		return uuid.NewString(), nil
	}
	return nil, intrinsicError("unknown intrinsic function %s", fn)
}
