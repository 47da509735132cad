// Package docflow carries the deployment's own description, the SAM template
// and the state machine definition, into programs that need them at run time:
// the local stack runs the very definition `sam deploy` would, with the
// template's own DefinitionSubstitutions.
package docflow

import _ "embed"

// Template is template.yaml, the SAM template of the deployed system.
//
//go:embed template.yaml
var Template []byte

// StateMachineDefinition is statemachine/document.asl.json before
// substitution.
//
//go:embed statemachine/document.asl.json
var StateMachineDefinition []byte
