package stack

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// substitutions reads the state machine's DefinitionSubstitutions from the
// SAM template and resolves them the way CloudFormation would for this
// stack: !GetAtt <Fn>.Arn becomes the local ARN of that function, !Ref <Param>
// the parameter's value (its Default unless overridden). Reading them from the
// template, rather than repeating them here, keeps the local run honest: a
// substitution added to the template without a local meaning fails loudly.
func substitutions(template []byte, stateMachine string, functionARN func(logicalID string) string, params map[string]string) (map[string]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(template, &doc); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	root := mapping(&doc)
	defaults := map[string]string{}
	for name, p := range pairs(lookup(root, "Parameters")) {
		if d := lookup(p, "Default"); d != nil {
			defaults[name] = d.Value
		}
	}
	for k, v := range params {
		defaults[k] = v
	}
	sm := lookup(lookup(lookup(root, "Resources"), stateMachine), "Properties")
	subs := lookup(sm, "DefinitionSubstitutions")
	if subs == nil {
		return nil, fmt.Errorf("template: %s has no DefinitionSubstitutions", stateMachine)
	}
	out := map[string]string{}
	for name, v := range pairs(subs) {
		switch {
		case v.Tag == "!GetAtt":
			ref := v.Value
			if v.Kind == yaml.SequenceNode && len(v.Content) == 2 {
				ref = v.Content[0].Value + "." + v.Content[1].Value
			}
			logical, attr, _ := strings.Cut(ref, ".")
			if attr != "Arn" {
				return nil, fmt.Errorf("template: substitution %s: !GetAtt %s has no local meaning", name, ref)
			}
			out[name] = functionARN(logical)
		case v.Tag == "!Ref":
			val, ok := defaults[v.Value]
			if !ok {
				return nil, fmt.Errorf("template: substitution %s: !Ref %s has no default and no local value", name, v.Value)
			}
			out[name] = val
		case v.Kind == yaml.ScalarNode && !strings.HasPrefix(v.Tag, "!"):
			out[name] = v.Value
		default:
			return nil, fmt.Errorf("template: substitution %s: %s has no local meaning", name, v.Tag)
		}
	}
	return out, nil
}

var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

// substitute replaces ${Name} placeholders as Step Functions does, failing on
// any it has no value for.
func substitute(definition string, subs map[string]string) (string, error) {
	var missing []string
	out := placeholder.ReplaceAllStringFunc(definition, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[1]
		v, ok := subs[name]
		if !ok {
			missing = append(missing, name)
			return m
		}
		return v
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("definition uses undefined substitutions %v", missing)
	}
	return out, nil
}

func mapping(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0]
	}
	return n
}

func lookup(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func pairs(n *yaml.Node) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n == nil || n.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		out[n.Content[i].Value] = n.Content[i+1]
	}
	return out
}
