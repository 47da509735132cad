package interpreter

import (
	"fmt"
	"strings"

	"github.com/truora/minidyn/interpreter/language"
	"github.com/truora/minidyn/types"
)

// Prepared is a conditional expression parsed and validated once, to be
// matched against many items (a Query's key condition and filter). Match
// gives the same answers and errors as Language.Match with the same input.
type Prepared struct {
	input       MatchInput
	conditional *language.ConditionalExpression
	debug       bool
}

// Prepare parses and validates input.Expression (input.Item is ignored). It
// fails where Language.Match would fail for any item: a syntax error, an
// empty expression or an undeclared attribute name.
func (li *Language) Prepare(input MatchInput) (*Prepared, error) {
	l := language.NewLexer(input.Expression)
	p := language.NewParser(l)
	conditional := p.ParseConditionalExpression()

	if len(p.Errors()) != 0 {
		detail := strings.Join(p.Errors(), "; ")
		if input.ExpressionType == ExpressionTypeKey {
			return nil, fmt.Errorf("Invalid KeyConditionExpression: %w; %s", ErrSyntaxError, detail) //nolint:staticcheck,ST1005 // DynamoDB ValidationException wording (parity)
		}

		return nil, fmt.Errorf("%w: %s", ErrSyntaxError, strings.Join(p.Errors(), "\n"))
	}

	if conditional.Expression == nil {
		if input.ExpressionType == ExpressionTypeKey {
			return nil, fmt.Errorf("Invalid KeyConditionExpression: %w; empty expression", ErrSyntaxError) //nolint:staticcheck,ST1005 // DynamoDB ValidationException wording (parity)
		}

		return nil, fmt.Errorf("%w: empty expression", ErrSyntaxError)
	}

	if err := ValidateExpressionAttributeNamesDeclared(matchExpressionLabel(input.ExpressionType), input.Expression, input.Aliases); err != nil {
		return nil, err
	}

	return &Prepared{input: input, conditional: conditional, debug: li.Debug}, nil
}

// Expression is the parsed expression, for callers that inspect its shape
// (e.g. to find a key condition's partition key).
func (p *Prepared) Expression() language.Expression { return p.conditional.Expression }

// Match evaluates the prepared expression against item.
func (p *Prepared) Match(item map[string]*types.Item) (bool, error) {
	env := language.NewEnvironment()
	for k, v := range p.input.Aliases {
		env.Aliases[k] = v
	}

	if err := env.AddAttributes(item); err != nil {
		return false, fmt.Errorf("%w: %s", ErrUnsupportedFeature, err.Error())
	}

	if err := env.AddAttributes(p.input.Attributes); err != nil {
		return false, fmt.Errorf("%w: %s", ErrUnsupportedFeature, err.Error())
	}

	result := language.Eval(p.conditional, env)

	if p.debug {
		fmt.Printf("evaluating: %q\nin: %s\n$>%s\n", p.conditional, env, result.Inspect())
	}

	if result.Type() == language.ObjectTypeError {
		if p.input.ExpressionType == ExpressionTypeKey {
			return false, fmt.Errorf("Invalid KeyConditionExpression: %w; %s", ErrSyntaxError, result.Inspect()) //nolint:staticcheck,ST1005 // DynamoDB ValidationException wording (parity)
		}

		return false, fmt.Errorf("%w: %s", ErrSyntaxError, result.Inspect())
	}

	return result == language.TRUE, nil
}
