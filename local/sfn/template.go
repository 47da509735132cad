package sfn

import (
	"fmt"
	"strings"
)

// template is a compiled payload template (Parameters, ResultSelector,
// ItemSelector): an object whose "key.$" fields take their value from a path
// or an intrinsic function at run time, recursively through objects and
// arrays.
type template struct {
	lit    any // for a value with nothing to resolve
	static bool
	fields []templateField // objects
	items  []*template     // arrays
	isArr  bool
	path   *path
	call   *intrinsic
	key    string // the "x.$" key, for error causes
	raw    string
}

type templateField struct {
	key string
	t   *template
}

// compileTemplate compiles v, adding problems under at.
func compileTemplate(v any, at string, pr *problems) *template {
	switch t := v.(type) {
	case map[string]any:
		tp := &template{}
		dynamic := false
		for k, e := range t {
			if strings.HasSuffix(k, ".$") {
				s, ok := e.(string)
				if !ok {
					pr.add(at+"/"+k, "the value of a field ending in \".$\" must be a JSONPath or an intrinsic function string")
					continue
				}
				name := strings.TrimSuffix(k, ".$")
				ft := &template{key: k, raw: s}
				if isIntrinsic(s) {
					c, err := parseIntrinsic(s)
					if err != nil {
						pr.add(at+"/"+k, "%v", err)
						continue
					}
					ft.call = c
				} else {
					p, err := compilePath(s, false)
					if err != nil {
						pr.add(at+"/"+k, "%v", err)
						continue
					}
					ft.path = p
				}
				tp.fields = append(tp.fields, templateField{name, ft})
				dynamic = true
				continue
			}
			ft := compileTemplate(e, at+"/"+k, pr)
			if !ft.static {
				dynamic = true
			}
			tp.fields = append(tp.fields, templateField{k, ft})
		}
		if !dynamic {
			return &template{lit: v, static: true}
		}
		return tp
	case []any:
		tp := &template{isArr: true}
		dynamic := false
		for i, e := range t {
			it := compileTemplate(e, fmt.Sprintf("%s/%d", at, i), pr)
			if !it.static {
				dynamic = true
			}
			tp.items = append(tp.items, it)
		}
		if !dynamic {
			return &template{lit: v, static: true}
		}
		return tp
	}
	return &template{lit: v, static: true}
}

// eval builds the payload for input.
func (t *template) eval(input any, cx *ctxObject) (any, *stateError) {
	switch {
	case t.static:
		return t.lit, nil
	case t.path != nil:
		v, ok := t.path.get(input, cx)
		if !ok {
			src := input
			if t.path.context {
				src = cx.value()
			}
			return nil, runtimeError("The JSONPath '%s' specified for the field '%s' could not be found in the input '%s'", t.raw, t.key, toJSON(src))
		}
		return v, nil
	case t.call != nil:
		return t.call.eval(input, cx)
	case t.isArr:
		out := make([]any, len(t.items))
		for i, it := range t.items {
			v, err := it.eval(input, cx)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	out := make(map[string]any, len(t.fields))
	for _, f := range t.fields {
		v, err := f.t.eval(input, cx)
		if err != nil {
			return nil, err
		}
		out[f.key] = v
	}
	return out, nil
}
