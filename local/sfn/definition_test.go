package sfn

import (
	"context"
	"strings"
	"testing"
)

func TestValidation(t *testing.T) {
	tests := []struct {
		name, def string
		want      string // a problem that must be reported, "" for a valid definition
	}{
		{"valid", `{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`, ""},
		{"not JSON", `{`, "/: definition is not valid JSON"},
		{"missing StartAt", `{"States":{"A":{"Type":"Pass","End":true}}}`, "/StartAt: StartAt is required"},
		{"StartAt unknown", `{"StartAt":"B","States":{"A":{"Type":"Pass","End":true}}}`, `/StartAt: state "B" does not exist`},
		{"Next unknown", `{"StartAt":"Foo","States":{"Foo":{"Type":"Pass","Next":"Bar"}}}`, `/States/Foo/Next: state "Bar" does not exist`},
		{"no Next nor End", `{"StartAt":"A","States":{"A":{"Type":"Pass"}}}`, `/States/A: a Pass state must have Next or "End": true`},
		{"both Next and End", `{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A","End":true}}}`, "/States/A: a state cannot have both Next and End"},
		{"bad type", `{"StartAt":"A","States":{"A":{"Type":"Nope","End":true}}}`, "/States/A/Type: Type must be one of"},
		{"unknown field", `{"StartAt":"A","States":{"A":{"Type":"Pass","Resource":"x","End":true}}}`, `/States/A/Resource: field "Resource" is not supported here`},
		{"unreachable", `{"StartAt":"A","States":{"A":{"Type":"Succeed"},"B":{"Type":"Succeed"}}}`, `/States/B: state "B" is not reachable from StartAt`},
		{"task without resource", `{"StartAt":"A","States":{"A":{"Type":"Task","End":true}}}`, "/States/A/Resource: Resource is required"},
		{"heartbeat not below timeout", `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,"HeartbeatSeconds":5,"End":true}}}`, "/States/A/HeartbeatSeconds: HeartbeatSeconds must be smaller than TimeoutSeconds"},
		{"ResultPath must be a reference path", `{"StartAt":"A","States":{"A":{"Type":"Pass","ResultPath":"$.a[*]","End":true}}}`, "/States/A/ResultPath:"},
		{"bad parameters path", `{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"nope"},"End":true}}}`, "/States/A/Parameters/x.$:"},
		{"bad intrinsic", `{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"States.Bogus()"},"End":true}}}`, `/States/A/Parameters/x.$: unknown intrinsic function "States.Bogus"`},
		{"States.ALL not last", `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["X"]}],"End":true}}}`, "/States/A/Retry/0/ErrorEquals: States.ALL must be in the last retrier"},
		{"States.ALL not alone", `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Catch":[{"ErrorEquals":["States.ALL","X"],"Next":"A"}],"End":true}}}`, "/States/A/Catch/0/ErrorEquals: States.ALL must appear alone"},
		{"catch Next unknown", `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Catch":[{"ErrorEquals":["X"],"Next":"Z"}],"End":true}}}`, `/States/A/Catch/0/Next: state "Z" does not exist`},
		{"bad jitter", `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Retry":[{"ErrorEquals":["X"],"JitterStrategy":"HALF"}],"End":true}}}`, "/States/A/Retry/0/JitterStrategy"},
		{"choice without rules", `{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[]}}}`, "/States/A/Choices: Choices is required"},
		{"choice rule with two operators", `{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.a","StringEquals":"x","NumericEquals":1,"Next":"A"}]}}}`, "/States/A/Choices/0: a choice rule needs exactly one"},
		{"choice rule wrong literal type", `{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":"1","Next":"A"}]}}}`, "/States/A/Choices/0/NumericEquals: NumericEquals needs a number"},
		{"nested rule with Next", `{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Not":{"Variable":"$.a","IsNull":true,"Next":"A"},"Next":"A"}]}}}`, "/States/A/Choices/0/Not/Next: Next is only allowed in a top-level choice rule"},
		{"choice Default unknown", `{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"A"}],"Default":"Q"}}}`, `/States/A/Default: state "Q" does not exist`},
		{"wait with two fields", `{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":1,"SecondsPath":"$.s","End":true}}}`, "/States/A: a Wait state needs exactly one"},
		{"fail with Error and ErrorPath", `{"StartAt":"A","States":{"A":{"Type":"Fail","Error":"E","ErrorPath":"$.e"}}}`, "/States/A: Error and ErrorPath are mutually exclusive"},
		{"parallel branch next outside", `{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"P"}}}],"End":true}}}`, `/States/P/Branches/0/States/B/Next: state "P" does not exist`},
		{"map without processor", `{"StartAt":"M","States":{"M":{"Type":"Map","End":true}}}`, "/States/M/ItemProcessor: ItemProcessor (or Iterator) is required"},
		{"distributed map", `{"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailurePercentage":10,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, ""},
		{"distributed map without ExecutionType", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, "/States/M/ItemProcessor/ProcessorConfig/ExecutionType: ExecutionType must be STANDARD or EXPRESS"},
		{"unknown Map mode", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"PARALLEL"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, "/States/M/ItemProcessor/ProcessorConfig/Mode: Mode must be INLINE or DISTRIBUTED"},
		{"ExecutionType on an inline map", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, "ExecutionType is only allowed when Mode is DISTRIBUTED"},
		{"tolerated percentage over 100", `{"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailurePercentage":101,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, "ToleratedFailurePercentage must be a number between 0 and 100"},
		{"negative tolerated count", `{"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCount":-1,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, "/States/M/ToleratedFailureCount"},
		{"ItemReader needs S3", `{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject"},"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, "/States/M/ItemReader: ItemReader (distributed Map) is not supported by this engine"},
		{"JSONata", `{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`, "/QueryLanguage: only JSONPath is supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{}).CreateStateMachine(context.Background(), CreateStateMachineInput{Name: "m", Definition: tt.def})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got %v, want a valid definition", err)
				}
				return
			}
			if !engIsAPIError(err, "InvalidDefinition") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want InvalidDefinition mentioning %q", err, tt.want)
			}
		})
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"doc-123_abc", true},
		{"0f8fad5b-d9cb-469f-a165-70867728950e", true},
		{strings.Repeat("a", 80), true},
		{"", false},
		{strings.Repeat("a", 81), false},
		{"has space", false},
		{"tab\there", false},
		{"uploads/u/key.pdf", false},
		{"a:b", false},
		{"a<b", false},
		{"a{b", false},
		{"a[b", false},
		{"a?b", false},
		{"a*b", false},
		{`a"b`, false},
		{"a#b", false},
		{"a%b", false},
		{`a\b`, false},
		{"a^b", false},
		{"a|b", false},
		{"a~b", false},
		{"a`b", false},
		{"a$b", false},
		{"a&b", false},
		{"a,b", false},
		{"a;b", false},
		{"a\x01b", false},
		{"a\u0085b", false},
		{"dokumentß", true},
	}
	for _, tt := range tests {
		if got := validName(tt.name); got != tt.ok {
			t.Errorf("validName(%q): got %v, want %v", tt.name, got, tt.ok)
		}
	}
}

func TestIdempotentStart(t *testing.T) {
	ctx := context.Background()
	tokens := make(chan string, 1)
	e := New(Options{Invoker: engTokenLambda(tokens)})
	sm, err := e.CreateStateMachine(ctx, CreateStateMachineInput{Name: "m", Definition: `{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","Parameters":{"FunctionName":"trigger","Payload":{"Token.$":"$$.Task.Token"}},"End":true}}}`})
	if err != nil {
		t.Fatal(err)
	}
	start := func(input string) (Execution, error) {
		return e.StartExecution(ctx, StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: "doc", Input: input})
	}
	first, err := start(`{"a":1}`)
	if err != nil {
		t.Fatal(err)
	}
	second, err := start(`{"a":1}`)
	if err != nil || second.ExecutionArn != first.ExecutionArn || !second.StartDate.Equal(first.StartDate) {
		t.Fatalf("same name and input while running: got %+v %v, want the first execution", second, err)
	}
	if _, err := start(`{"a":2}`); !engIsAPIError(err, "ExecutionAlreadyExists") {
		t.Errorf("different input: got %v, want ExecutionAlreadyExists", err)
	}
	if err := e.SendTaskSuccess(ctx, <-tokens, `{}`); err != nil {
		t.Fatal(err)
	}
	engWait(t, e, first.ExecutionArn)
	if _, err := start(`{"a":1}`); !engIsAPIError(err, "ExecutionAlreadyExists") {
		t.Errorf("same input after it ended: got %v, want ExecutionAlreadyExists", err)
	}
	// Same definition again is idempotent; a different one is not.
	if _, err := e.CreateStateMachine(ctx, CreateStateMachineInput{Name: "m", Definition: sm.Definition}); err != nil {
		t.Errorf("re-create identical: %v", err)
	}
	if _, err := e.CreateStateMachine(ctx, CreateStateMachineInput{Name: "m", Definition: `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`}); !engIsAPIError(err, "StateMachineAlreadyExists") {
		t.Errorf("re-create different: got %v, want StateMachineAlreadyExists", err)
	}
}
