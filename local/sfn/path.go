package sfn

import (
	"fmt"
	"strings"
	"time"

	"github.com/ohler55/ojg/jp"
)

// path is a compiled JSONPath from a definition. ojg does the parsing and the
// general evaluation (filters, wildcards, slices are allowed where ASL allows
// a Path); reference paths, which ResultPath and Choice variables must be,
// are also kept as a list of steps so ResultPath can write through them.
type path struct {
	raw      string
	context  bool // starts with $$: evaluated against the context object
	expr     jp.Expr
	definite bool  // selects at most one node
	steps    []any // for definite paths: string keys and int indexes after $
}

// compilePath parses a Path ("$..." or "$$..."). reference demands a
// Reference Path (only names and indexes: one node).
func compilePath(raw string, reference bool) (*path, error) {
	if !strings.HasPrefix(raw, "$") {
		return nil, fmt.Errorf("%q is not a JSONPath (must start with $)", raw)
	}
	p := &path{raw: raw}
	expr := raw
	if strings.HasPrefix(raw, "$$") {
		p.context = true
		expr = raw[1:]
	}
	x, err := jp.ParseString(expr)
	if err != nil {
		return nil, fmt.Errorf("invalid JSONPath %q: %v", raw, err)
	}
	p.expr = x
	p.definite = true
	for i, f := range x {
		switch t := f.(type) {
		case jp.Root:
			if i != 0 {
				p.definite = false
			}
		case jp.Child:
			p.steps = append(p.steps, string(t))
		case jp.Nth:
			p.steps = append(p.steps, int(t))
		default:
			p.definite = false
		}
	}
	if len(x) == 0 || x[0] != jp.Root('$') {
		return nil, fmt.Errorf("invalid JSONPath %q: must start with $", raw)
	}
	if reference && !p.definite {
		return nil, fmt.Errorf("%q is not a valid Reference Path (only names and array indexes are allowed)", raw)
	}
	return p, nil
}

// get evaluates the path. For definite paths ok reports whether the node
// exists; indefinite paths always succeed with a (maybe empty) array, as
// Jayway JSONPath, which AWS uses, does.
func (p *path) get(input any, cx *ctxObject) (any, bool) {
	data := input
	if p.context {
		data = cx.value()
	}
	if p.definite {
		v := data
		for _, s := range p.steps {
			switch k := s.(type) {
			case string:
				m, ok := v.(map[string]any)
				if !ok {
					return nil, false
				}
				if v, ok = m[k]; !ok {
					return nil, false
				}
			case int:
				a, ok := v.([]any)
				if !ok {
					return nil, false
				}
				if k < 0 {
					k += len(a)
				}
				if k < 0 || k >= len(a) {
					return nil, false
				}
				v = a[k]
			}
		}
		return v, true
	}
	res := p.expr.Get(data)
	if res == nil {
		res = []any{}
	}
	return res, true
}

// errResultPath is returned by set when the input cannot hold the result.
var errResultPath = fmt.Errorf("result path match failure")

// set returns a copy of input with v placed at the (reference) path,
// creating missing objects on the way; only the nodes on the path are copied.
func (p *path) set(input, v any) (any, error) {
	return setSteps(input, p.steps, v)
}

func setSteps(node any, steps []any, v any) (any, error) {
	if len(steps) == 0 {
		return v, nil
	}
	switch k := steps[0].(type) {
	case string:
		m, ok := node.(map[string]any)
		if !ok {
			return nil, errResultPath
		}
		child, exists := m[k]
		if !exists && len(steps) > 1 {
			if _, isIdx := steps[1].(int); isIdx {
				return nil, errResultPath
			}
			child = map[string]any{}
		}
		nv, err := setSteps(child, steps[1:], v)
		if err != nil {
			return nil, err
		}
		out := make(map[string]any, len(m)+1)
		for kk, vv := range m {
			out[kk] = vv
		}
		out[k] = nv
		return out, nil
	case int:
		a, ok := node.([]any)
		if !ok {
			return nil, errResultPath
		}
		if k < 0 {
			k += len(a)
		}
		if k < 0 || k >= len(a) {
			return nil, errResultPath
		}
		nv, err := setSteps(a[k], steps[1:], v)
		if err != nil {
			return nil, err
		}
		out := append([]any(nil), a...)
		out[k] = nv
		return out, nil
	}
	return nil, errResultPath
}

// optPath is a path field that may be absent (default "$"), null, or set.
type optPath struct {
	null bool
	p    *path // nil with null false: absent
}

// ctxObject is the context object ($$). It is built into a JSON value only
// when a path actually reads it, since most states never do.
type ctxObject struct {
	exec      *execution
	stateName string
	entered   time.Time
	retry     int
	token     string
	mapIndex  int
	mapValue  any
	inMap     bool
	cached    any

	// ck is the fixed part of this state's checkpoints, set on an
	// execution's main line when the engine keeps a journal; resume is the
	// checkpoint a restarted execution goes on from, until it is used.
	ck, resume *checkpoint
}

func (c *ctxObject) value() any {
	if c == nil {
		return map[string]any{}
	}
	if c.cached != nil {
		return c.cached
	}
	e := c.exec
	ex := map[string]any{
		"Id":           e.arn,
		"Input":        e.input,
		"Name":         e.name,
		"RoleArn":      e.sm.roleArn,
		"StartTime":    formatTime(e.startDate),
		"RedriveCount": int64(0),
	}
	m := map[string]any{
		"Execution":    ex,
		"State":        map[string]any{"EnteredTime": formatTime(c.entered), "Name": c.stateName, "RetryCount": int64(c.retry)},
		"StateMachine": map[string]any{"Id": e.sm.arn, "Name": e.sm.name},
	}
	if c.token != "" {
		m["Task"] = map[string]any{"Token": c.token}
	}
	if c.inMap {
		m["Map"] = map[string]any{"Item": map[string]any{"Index": int64(c.mapIndex), "Value": c.mapValue}}
	}
	c.cached = m
	return m
}
