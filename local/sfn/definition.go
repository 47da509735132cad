package sfn

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// machineDef is a compiled state machine, or a Parallel branch, or a Map
// item processor.
type machineDef struct {
	startAt        string
	states         map[string]*state
	timeoutSeconds int64 // top level only; 0: none
}

// state is one compiled state; which fields matter depends on typ.
type state struct {
	name, typ string
	next      string
	end       bool

	inputPath, outputPath, resultPath optPath
	parameters, resultSelector        *template
	result                            any
	hasResult                         bool

	// Task
	resource         string
	timeoutSeconds   int64
	timeoutPath      *path
	heartbeatSeconds int64
	heartbeatPath    *path
	retry            []retrier
	catch            []catcher

	// Choice
	choices []*choiceRule
	dflt    string

	// Wait
	seconds                    *int64
	timestamp                  *time.Time
	secondsPath, timestampPath *path

	// Fail
	errorName, cause     string
	errorExpr, causeExpr *template

	// Parallel
	branches []*machineDef

	// Map
	processor          *machineDef
	itemsPath          *path
	itemSelector       *template
	maxConcurrency     int64
	maxConcurrencyPath *path
	tolPct             *float64
	tolPctPath         *path
	tolCount           *int64
	tolCountPath       *path
	// distributed is ProcessorConfig.Mode DISTRIBUTED: the iterations are
	// child workflows, and any failure beyond the tolerated ones (none by
	// default) fails the Map with States.ExceedToleratedFailureThreshold.
	distributed bool
}

type retrier struct {
	errorEquals []string
	interval    float64
	maxAttempts int64
	backoff     float64
	maxDelay    float64 // 0: none
	jitterFull  bool
}

type catcher struct {
	errorEquals []string
	next        string
	resultPath  optPath
}

// choiceRule is a Choice state's rule (top level has next) or a nested
// Boolean expression.
type choiceRule struct {
	next      string
	and, or   []*choiceRule
	not       *choiceRule
	variable  *path
	op        string
	value     any
	valuePath *path
}

// Problem is one thing wrong with a definition, at a JSON Pointer-like
// location in it.
type Problem struct {
	Path    string
	Message string
}

// ValidationError lists everything wrong with a definition, the way
// CreateStateMachine reports InvalidDefinition.
type ValidationError struct{ Problems []Problem }

// Error lists the problems as "path: message", separated by "; ".
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Path + ": " + p.Message
	}
	return strings.Join(parts, "; ")
}

type problems struct{ list []Problem }

func (p *problems) add(at, format string, a ...any) {
	if at == "" {
		at = "/"
	}
	p.list = append(p.list, Problem{at, fmt.Sprintf(format, a...)})
}

// compileDefinition parses and validates a definition.
func compileDefinition(def string) (*machineDef, error) {
	v, err := parseJSON(def)
	if err != nil {
		return nil, &ValidationError{[]Problem{{"/", "definition is not valid JSON: " + err.Error()}}}
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, &ValidationError{[]Problem{{"/", "definition must be a JSON object"}}}
	}
	pr := &problems{}
	allowed(root, "", pr, "StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage")
	if ql, ok := root["QueryLanguage"]; ok && ql != "JSONPath" {
		pr.add("/QueryLanguage", "only JSONPath is supported by this engine, got %v", ql)
	}
	m := compileMachine(root, "", pr)
	if t, ok := root["TimeoutSeconds"]; ok {
		n, ok := asInt(t)
		if !ok || n <= 0 {
			pr.add("/TimeoutSeconds", "must be a positive integer")
		}
		m.timeoutSeconds = n
	}
	if len(pr.list) > 0 {
		sort.SliceStable(pr.list, func(i, j int) bool { return pr.list[i].Path < pr.list[j].Path })
		return nil, &ValidationError{pr.list}
	}
	return m, nil
}

func allowed(m map[string]any, at string, pr *problems, names ...string) {
	for k := range m {
		found := false
		for _, n := range names {
			if k == n {
				found = true
				break
			}
		}
		if !found {
			pr.add(at+"/"+k, "field %q is not supported here", k)
		}
	}
}

func compileMachine(root map[string]any, at string, pr *problems) *machineDef {
	m := &machineDef{states: map[string]*state{}}
	start, ok := root["StartAt"].(string)
	if !ok {
		pr.add(at+"/StartAt", "StartAt is required and must be a string")
	}
	m.startAt = start
	states, ok := root["States"].(map[string]any)
	if !ok || len(states) == 0 {
		pr.add(at+"/States", "States is required and must be a non-empty object")
		return m
	}
	for name, sv := range states {
		sat := at + "/States/" + name
		if len(name) == 0 || len(name) > 80 {
			pr.add(sat, "state names must be 1 to 80 characters long")
		}
		sm, ok := sv.(map[string]any)
		if !ok {
			pr.add(sat, "a state must be a JSON object")
			continue
		}
		m.states[name] = compileState(name, sm, sat, pr)
	}
	if start != "" {
		if _, ok := m.states[start]; !ok {
			pr.add(at+"/StartAt", "state %q does not exist", start)
		}
	}
	// Transitions and reachability.
	exists := func(target, where string) {
		if _, ok := m.states[target]; !ok {
			pr.add(where, "state %q does not exist", target)
		}
	}
	for name, s := range m.states {
		sat := at + "/States/" + name
		if s.next != "" {
			exists(s.next, sat+"/Next")
		}
		for i, c := range s.catch {
			if c.next != "" {
				exists(c.next, fmt.Sprintf("%s/Catch/%d/Next", sat, i))
			}
		}
		for i, c := range s.choices {
			if c.next != "" {
				exists(c.next, fmt.Sprintf("%s/Choices/%d/Next", sat, i))
			}
		}
		if s.dflt != "" {
			exists(s.dflt, sat+"/Default")
		}
	}
	if _, ok := m.states[start]; ok {
		seen := map[string]bool{}
		var walk func(string)
		walk = func(n string) {
			s, ok := m.states[n]
			if !ok || seen[n] {
				return
			}
			seen[n] = true
			walk(s.next)
			walk(s.dflt)
			for _, c := range s.catch {
				walk(c.next)
			}
			for _, c := range s.choices {
				walk(c.next)
			}
		}
		walk(start)
		for name := range m.states {
			if !seen[name] {
				pr.add(at+"/States/"+name, "state %q is not reachable from StartAt", name)
			}
		}
	}
	return m
}

var stateFields = map[string][]string{
	"Task":     {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"},
	"Pass":     {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result"},
	"Choice":   {"InputPath", "OutputPath", "Choices", "Default"},
	"Wait":     {"Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath"},
	"Succeed":  {"InputPath", "OutputPath"},
	"Fail":     {"Error", "Cause", "ErrorPath", "CausePath"},
	"Parallel": {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Branches"},
	"Map": {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Iterator", "ItemProcessor",
		"ItemsPath", "ItemSelector", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
		"ToleratedFailureCount", "ToleratedFailureCountPath", "Label", "ItemReader", "ItemBatcher", "ResultWriter"},
}

func compileState(name string, m map[string]any, at string, pr *problems) *state {
	s := &state{name: name}
	typ, _ := m["Type"].(string)
	fields, ok := stateFields[typ]
	if !ok {
		pr.add(at+"/Type", "Type must be one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map; got %v", m["Type"])
		return s
	}
	s.typ = typ
	allowed(m, at, pr, append([]string{"Type", "Comment"}, fields...)...)

	str := func(k string) (string, bool) {
		v, ok := m[k]
		if !ok {
			return "", false
		}
		sv, isStr := v.(string)
		if !isStr {
			pr.add(at+"/"+k, "%s must be a string", k)
			return "", false
		}
		return sv, true
	}
	pathField := func(k string, reference bool) *path {
		sv, ok := str(k)
		if !ok {
			return nil
		}
		p, err := compilePath(sv, reference)
		if err != nil {
			pr.add(at+"/"+k, "%v", err)
			return nil
		}
		return p
	}
	optPathField := func(k string, reference bool) optPath {
		v, ok := m[k]
		if !ok {
			return optPath{}
		}
		if v == nil {
			return optPath{null: true}
		}
		p := pathField(k, reference)
		if p != nil && p.context && k == "ResultPath" {
			pr.add(at+"/"+k, "ResultPath cannot refer to the context object")
		}
		return optPath{p: p}
	}
	intField := func(k string, minV int64) *int64 {
		v, ok := m[k]
		if !ok {
			return nil
		}
		n, ok := asInt(v)
		if !ok || n < minV {
			pr.add(at+"/"+k, "%s must be an integer >= %d", k, minV)
			return nil
		}
		return &n
	}

	// Transitions.
	next, hasNext := str("Next")
	s.next = next
	if e, ok := m["End"]; ok {
		b, isBool := e.(bool)
		if !isBool {
			pr.add(at+"/End", "End must be a boolean")
		}
		s.end = b
	}
	switch typ {
	case "Choice", "Succeed", "Fail":
	default:
		if hasNext && s.end {
			pr.add(at, "a state cannot have both Next and End")
		} else if !hasNext && !s.end {
			pr.add(at, "a %s state must have Next or \"End\": true", typ)
		}
	}

	s.inputPath = optPathField("InputPath", false)
	s.outputPath = optPathField("OutputPath", false)
	s.resultPath = optPathField("ResultPath", true)
	if v, ok := m["Parameters"]; ok {
		s.parameters = compileTemplate(v, at+"/Parameters", pr)
	}
	if v, ok := m["ResultSelector"]; ok {
		if _, isObj := v.(map[string]any); !isObj {
			pr.add(at+"/ResultSelector", "ResultSelector must be an object")
		}
		s.resultSelector = compileTemplate(v, at+"/ResultSelector", pr)
	}
	if v, ok := m["Result"]; ok {
		s.result, s.hasResult = v, true
	}
	if v, ok := m["Retry"]; ok {
		s.retry = compileRetry(v, at+"/Retry", pr)
	}
	if v, ok := m["Catch"]; ok {
		s.catch = compileCatch(v, at+"/Catch", pr)
	}

	switch typ {
	case "Task":
		r, ok := str("Resource")
		if !ok || !strings.HasPrefix(r, "arn:") {
			pr.add(at+"/Resource", "Resource is required and must be an ARN")
		}
		s.resource = r
		s.timeoutSeconds = 99999999
		if n := intField("TimeoutSeconds", 1); n != nil {
			s.timeoutSeconds = *n
		}
		if _, ok := m["TimeoutSecondsPath"]; ok {
			if _, both := m["TimeoutSeconds"]; both {
				pr.add(at, "TimeoutSeconds and TimeoutSecondsPath are mutually exclusive")
			}
			s.timeoutPath = pathField("TimeoutSecondsPath", true)
		}
		if n := intField("HeartbeatSeconds", 1); n != nil {
			s.heartbeatSeconds = *n
			if _, hasTimeout := m["TimeoutSeconds"]; hasTimeout && *n >= s.timeoutSeconds {
				pr.add(at+"/HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds")
			}
		}
		if _, ok := m["HeartbeatSecondsPath"]; ok {
			if _, both := m["HeartbeatSeconds"]; both {
				pr.add(at, "HeartbeatSeconds and HeartbeatSecondsPath are mutually exclusive")
			}
			s.heartbeatPath = pathField("HeartbeatSecondsPath", true)
		}
	case "Choice":
		list, ok := m["Choices"].([]any)
		if !ok || len(list) == 0 {
			pr.add(at+"/Choices", "Choices is required and must be a non-empty array")
		}
		for i, c := range list {
			s.choices = append(s.choices, compileChoice(c, fmt.Sprintf("%s/Choices/%d", at, i), true, pr))
		}
		s.dflt, _ = str("Default")
	case "Wait":
		n := 0
		if v := intField("Seconds", 0); v != nil {
			s.seconds = v
			n++
		} else if _, ok := m["Seconds"]; ok {
			n++
		}
		if ts, ok := str("Timestamp"); ok {
			n++
			t, err := parseTimestamp(ts)
			if err != nil {
				pr.add(at+"/Timestamp", "Timestamp must be an RFC 3339 timestamp, got %q", ts)
			}
			s.timestamp = &t
		}
		if _, ok := m["SecondsPath"]; ok {
			n++
			s.secondsPath = pathField("SecondsPath", true)
		}
		if _, ok := m["TimestampPath"]; ok {
			n++
			s.timestampPath = pathField("TimestampPath", true)
		}
		if n != 1 {
			pr.add(at, "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath")
		}
	case "Fail":
		failExpr := func(k string) *template {
			sv, ok := str(k)
			if !ok {
				return nil
			}
			return compileTemplate(map[string]any{"v.$": sv}, at, pr)
		}
		s.errorName, _ = str("Error")
		s.cause, _ = str("Cause")
		if _, ok := m["ErrorPath"]; ok {
			if _, both := m["Error"]; both {
				pr.add(at, "Error and ErrorPath are mutually exclusive")
			}
			s.errorExpr = failExpr("ErrorPath")
		}
		if _, ok := m["CausePath"]; ok {
			if _, both := m["Cause"]; both {
				pr.add(at, "Cause and CausePath are mutually exclusive")
			}
			s.causeExpr = failExpr("CausePath")
		}
	case "Parallel":
		list, ok := m["Branches"].([]any)
		if !ok || len(list) == 0 {
			pr.add(at+"/Branches", "Branches is required and must be a non-empty array")
		}
		for i, b := range list {
			bm, ok := b.(map[string]any)
			bat := fmt.Sprintf("%s/Branches/%d", at, i)
			if !ok {
				pr.add(bat, "a branch must be an object")
				continue
			}
			allowed(bm, bat, pr, "StartAt", "States", "Comment")
			s.branches = append(s.branches, compileMachine(bm, bat, pr))
		}
	case "Map":
		key := "ItemProcessor"
		proc, ok := m[key].(map[string]any)
		if !ok {
			key = "Iterator"
			proc, ok = m[key].(map[string]any)
		}
		if !ok {
			pr.add(at+"/ItemProcessor", "ItemProcessor (or Iterator) is required and must be an object")
		} else {
			allowed(proc, at+"/"+key, pr, "StartAt", "States", "Comment", "ProcessorConfig")
			if pc, ok := proc["ProcessorConfig"].(map[string]any); ok {
				allowed(pc, at+"/"+key+"/ProcessorConfig", pr, "Mode", "ExecutionType")
				switch mode := pc["Mode"]; mode {
				case nil, "INLINE":
					if _, ok := pc["ExecutionType"]; ok {
						pr.add(at+"/"+key+"/ProcessorConfig/ExecutionType", "ExecutionType is only allowed when Mode is DISTRIBUTED")
					}
				case "DISTRIBUTED":
					s.distributed = true
					if et, ok := pc["ExecutionType"]; !ok || (et != "STANDARD" && et != "EXPRESS") {
						pr.add(at+"/"+key+"/ProcessorConfig/ExecutionType", "ExecutionType must be STANDARD or EXPRESS when Mode is DISTRIBUTED")
					}
				default:
					pr.add(at+"/"+key+"/ProcessorConfig/Mode", "Mode must be INLINE or DISTRIBUTED, got %v", mode)
				}
			}
			s.processor = compileMachine(proc, at+"/"+key, pr)
		}
		for _, unsupported := range []string{"ItemReader", "ItemBatcher", "ResultWriter"} {
			if _, ok := m[unsupported]; ok {
				pr.add(at+"/"+unsupported, "%s (distributed Map) is not supported by this engine", unsupported)
			}
		}
		if _, ok := m["ItemsPath"]; ok {
			s.itemsPath = pathField("ItemsPath", false)
		}
		if v, ok := m["ItemSelector"]; ok {
			if _, both := m["Parameters"]; both {
				pr.add(at, "ItemSelector and Parameters are mutually exclusive")
			}
			s.itemSelector = compileTemplate(v, at+"/ItemSelector", pr)
		} else if s.parameters != nil {
			// Parameters in a Map is the legacy name of ItemSelector.
			s.itemSelector, s.parameters = s.parameters, nil
		}
		if n := intField("MaxConcurrency", 0); n != nil {
			s.maxConcurrency = *n
		}
		if _, ok := m["MaxConcurrencyPath"]; ok {
			s.maxConcurrencyPath = pathField("MaxConcurrencyPath", true)
		}
		if v, ok := m["ToleratedFailurePercentage"]; ok {
			f, isNum := asNumber(v)
			if !isNum || f < 0 || f > 100 {
				pr.add(at+"/ToleratedFailurePercentage", "ToleratedFailurePercentage must be a number between 0 and 100")
			}
			s.tolPct = &f
		}
		if _, ok := m["ToleratedFailurePercentagePath"]; ok {
			s.tolPctPath = pathField("ToleratedFailurePercentagePath", true)
		}
		s.tolCount = intField("ToleratedFailureCount", 0)
		if _, ok := m["ToleratedFailureCountPath"]; ok {
			s.tolCountPath = pathField("ToleratedFailureCountPath", true)
		}
	}
	return s
}

func errorEquals(v any, at string, pr *problems) []string {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		pr.add(at, "ErrorEquals is required and must be a non-empty array of strings")
		return nil
	}
	var out []string
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			pr.add(at, "ErrorEquals must hold strings")
			continue
		}
		out = append(out, s)
	}
	for _, s := range out {
		if s == "States.ALL" && len(out) > 1 {
			pr.add(at, "States.ALL must appear alone in ErrorEquals")
		}
	}
	return out
}

func compileRetry(v any, at string, pr *problems) []retrier {
	list, ok := v.([]any)
	if !ok {
		pr.add(at, "Retry must be an array")
		return nil
	}
	var out []retrier
	for i, e := range list {
		rat := fmt.Sprintf("%s/%d", at, i)
		m, ok := e.(map[string]any)
		if !ok {
			pr.add(rat, "a retrier must be an object")
			continue
		}
		allowed(m, rat, pr, "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment")
		r := retrier{errorEquals: errorEquals(m["ErrorEquals"], rat+"/ErrorEquals", pr), interval: 1, maxAttempts: 3, backoff: 2}
		if x, ok := m["IntervalSeconds"]; ok {
			n, isInt := asInt(x)
			if !isInt || n < 1 {
				pr.add(rat+"/IntervalSeconds", "IntervalSeconds must be a positive integer")
			}
			r.interval = float64(n)
		}
		if x, ok := m["MaxAttempts"]; ok {
			n, isInt := asInt(x)
			if !isInt || n < 0 {
				pr.add(rat+"/MaxAttempts", "MaxAttempts must be a non-negative integer")
			}
			r.maxAttempts = n
		}
		if x, ok := m["BackoffRate"]; ok {
			f, isNum := asNumber(x)
			if !isNum || f < 1 {
				pr.add(rat+"/BackoffRate", "BackoffRate must be a number >= 1.0")
			}
			r.backoff = f
		}
		if x, ok := m["MaxDelaySeconds"]; ok {
			n, isInt := asInt(x)
			if !isInt || n < 1 {
				pr.add(rat+"/MaxDelaySeconds", "MaxDelaySeconds must be a positive integer")
			}
			r.maxDelay = float64(n)
		}
		if x, ok := m["JitterStrategy"]; ok {
			switch x {
			case "FULL":
				r.jitterFull = true
			case "NONE":
			default:
				pr.add(rat+"/JitterStrategy", "JitterStrategy must be FULL or NONE")
			}
		}
		if i < len(list)-1 && len(r.errorEquals) == 1 && r.errorEquals[0] == "States.ALL" {
			pr.add(rat+"/ErrorEquals", "States.ALL must be in the last retrier")
		}
		out = append(out, r)
	}
	return out
}

func compileCatch(v any, at string, pr *problems) []catcher {
	list, ok := v.([]any)
	if !ok {
		pr.add(at, "Catch must be an array")
		return nil
	}
	var out []catcher
	for i, e := range list {
		cat := fmt.Sprintf("%s/%d", at, i)
		m, ok := e.(map[string]any)
		if !ok {
			pr.add(cat, "a catcher must be an object")
			continue
		}
		allowed(m, cat, pr, "ErrorEquals", "Next", "ResultPath", "Comment")
		c := catcher{errorEquals: errorEquals(m["ErrorEquals"], cat+"/ErrorEquals", pr)}
		next, ok := m["Next"].(string)
		if !ok {
			pr.add(cat+"/Next", "Next is required in a catcher")
		}
		c.next = next
		if rp, ok := m["ResultPath"]; ok {
			if rp == nil {
				c.resultPath = optPath{null: true}
			} else if s, ok := rp.(string); ok {
				p, err := compilePath(s, true)
				if err != nil {
					pr.add(cat+"/ResultPath", "%v", err)
				}
				c.resultPath = optPath{p: p}
			} else {
				pr.add(cat+"/ResultPath", "ResultPath must be a string or null")
			}
		}
		if i < len(list)-1 && len(c.errorEquals) == 1 && c.errorEquals[0] == "States.ALL" {
			pr.add(cat+"/ErrorEquals", "States.ALL must be in the last catcher")
		}
		out = append(out, c)
	}
	return out
}

// comparison operators and the JSON type of their literal operand.
var choiceOps = map[string]string{
	"StringEquals": "string", "StringLessThan": "string", "StringGreaterThan": "string",
	"StringLessThanEquals": "string", "StringGreaterThanEquals": "string", "StringMatches": "string",
	"NumericEquals": "number", "NumericLessThan": "number", "NumericGreaterThan": "number",
	"NumericLessThanEquals": "number", "NumericGreaterThanEquals": "number",
	"BooleanEquals":   "boolean",
	"TimestampEquals": "timestamp", "TimestampLessThan": "timestamp", "TimestampGreaterThan": "timestamp",
	"TimestampLessThanEquals": "timestamp", "TimestampGreaterThanEquals": "timestamp",
	"IsNull": "boolean", "IsPresent": "boolean", "IsNumeric": "boolean", "IsString": "boolean",
	"IsBoolean": "boolean", "IsTimestamp": "boolean",
}

func compileChoice(v any, at string, top bool, pr *problems) *choiceRule {
	r := &choiceRule{}
	m, ok := v.(map[string]any)
	if !ok {
		pr.add(at, "a choice rule must be an object")
		return r
	}
	if next, ok := m["Next"].(string); ok {
		if !top {
			pr.add(at+"/Next", "Next is only allowed in a top-level choice rule")
		}
		r.next = next
	} else if top {
		pr.add(at+"/Next", "a top-level choice rule must have Next")
	}
	ops := 0
	for k, val := range m {
		switch k {
		case "Next", "Comment", "Variable":
			continue
		case "And", "Or":
			ops++
			list, ok := val.([]any)
			if !ok || len(list) == 0 {
				pr.add(at+"/"+k, "%s must be a non-empty array of choice rules", k)
				continue
			}
			for i, e := range list {
				sub := compileChoice(e, fmt.Sprintf("%s/%s/%d", at, k, i), false, pr)
				if k == "And" {
					r.and = append(r.and, sub)
				} else {
					r.or = append(r.or, sub)
				}
			}
			r.op = k
		case "Not":
			ops++
			r.op = k
			r.not = compileChoice(val, at+"/Not", false, pr)
		default:
			base := strings.TrimSuffix(k, "Path")
			typ, ok := choiceOps[k]
			isPath := false
			if !ok {
				if _, ok2 := choiceOps[base]; ok2 && strings.HasSuffix(k, "Path") && !strings.HasPrefix(k, "Is") {
					isPath = true
				} else {
					pr.add(at+"/"+k, "field %q is not supported in a choice rule", k)
					continue
				}
			}
			ops++
			r.op = base
			if isPath {
				s, ok := val.(string)
				if !ok {
					pr.add(at+"/"+k, "%s must be a path string", k)
					continue
				}
				p, err := compilePath(s, true)
				if err != nil {
					pr.add(at+"/"+k, "%v", err)
				}
				r.valuePath = p
				continue
			}
			r.value = val
			switch typ {
			case "string":
				if _, ok := val.(string); !ok {
					pr.add(at+"/"+k, "%s needs a string", k)
				}
			case "number":
				if _, ok := asNumber(val); !ok {
					pr.add(at+"/"+k, "%s needs a number", k)
				}
			case "boolean":
				if _, ok := val.(bool); !ok {
					pr.add(at+"/"+k, "%s needs a boolean", k)
				}
			case "timestamp":
				s, _ := val.(string)
				t, err := parseTimestamp(s)
				if err != nil {
					pr.add(at+"/"+k, "%s needs an RFC 3339 timestamp", k)
				}
				r.value = t
			}
		}
	}
	if ops != 1 {
		pr.add(at, "a choice rule needs exactly one comparison operator, And, Or or Not")
	}
	_, hasVar := m["Variable"]
	switch r.op {
	case "And", "Or", "Not":
		if hasVar {
			pr.add(at+"/Variable", "Variable is not allowed with %s", r.op)
		}
	case "":
	default:
		s, ok := m["Variable"].(string)
		if !ok {
			pr.add(at+"/Variable", "a comparison needs Variable")
			break
		}
		p, err := compilePath(s, true)
		if err != nil {
			pr.add(at+"/Variable", "%v", err)
		}
		r.variable = p
	}
	return r
}

// parseTimestamp parses the RFC 3339 timestamps ASL uses.
func parseTimestamp(s string) (time.Time, error) {
	if !strings.ContainsAny(s, "Tt") {
		return time.Time{}, fmt.Errorf("not a timestamp")
	}
	return time.Parse(time.RFC3339Nano, s)
}

// formatTime formats a time the way the context object shows it.
func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
