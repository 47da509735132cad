package sfn_test

import (
	"context"
	"fmt"

	"docflow/local/sfn"
)

func ExampleEngine() {
	ctx := context.Background()
	e := sfn.New(sfn.Options{})
	sm, err := e.CreateStateMachine(ctx, sfn.CreateStateMachineInput{
		Name: "greet",
		Definition: `{"StartAt":"Greet","States":{"Greet":{"Type":"Pass",
			"Parameters":{"greeting.$":"States.Format('Hello, {}!', $.name)"},"ResultPath":"$.out","End":true}}}`,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	x, err := e.StartExecution(ctx, sfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: "doc-1", Input: `{"name":"Ann"}`})
	if err != nil {
		fmt.Println(err)
		return
	}
	done, err := e.Wait(ctx, x.ExecutionArn)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(done.ExecutionArn)
	fmt.Println(done.Status, *done.Output)
	// Output:
	// arn:aws:states:us-east-1:123456789012:execution:greet:doc-1
	// SUCCEEDED {"name":"Ann","out":{"greeting":"Hello, Ann!"}}
}

func ExampleEngine_CreateStateMachine_invalid() {
	_, err := sfn.New(sfn.Options{}).CreateStateMachine(context.Background(), sfn.CreateStateMachineInput{
		Name:       "broken",
		Definition: `{"StartAt":"Foo","States":{"Foo":{"Type":"Pass","Next":"Bar"}}}`,
	})
	fmt.Println(err)
	// Output:
	// InvalidDefinition: Invalid State Machine Definition: '/States/Foo/Next: state "Bar" does not exist'
}
