package bedrock

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// filterFields maps the metadata keys a filter may name to index fields;
// page is the one numeric key, and the source URI is the document id (see
// matchValue). Other keys are refused (see doc.go).
var filterFields = map[string]string{
	"owner":                       fieldOwner,
	"documentId":                  fieldDocumentID,
	"documentName":                fieldDocumentName,
	"page":                        fieldPage,
	"x-amz-bedrock-kb-source-uri": fieldSourceURI,
}

// filterOperators are RetrievalFilter's members in the SDK; the local
// knowledge base implements the first six.
var (
	supportedOperators   = []string{"equals", "notEquals", "in", "notIn", "andAll", "orAll"}
	unsupportedOperators = []string{"greaterThan", "greaterThanOrEquals", "lessThan", "lessThanOrEquals", "startsWith", "listContains", "stringContains"}
)

// parseFilter turns a RetrievalFilter (a union: exactly one member) into a
// bleve query.
func parseFilter(raw json.RawMessage) (query.Query, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return nil, validationf("retrievalConfiguration.vectorSearchConfiguration.filter is not an object: %v", err)
	}
	if len(members) != 1 {
		return nil, validationf("a RetrievalFilter must set exactly one of %s; it sets %d", strings.Join(append(slices.Clone(supportedOperators), unsupportedOperators...), ", "), len(members))
	}
	for op, body := range members {
		switch op {
		case "andAll", "orAll":
			var list []json.RawMessage
			if err := json.Unmarshal(body, &list); err != nil {
				return nil, validationf("filter %s must be a list of filters", op)
			}
			// The service's RetrievalFilterList has at least 2 members.
			if len(list) < 2 {
				return nil, validationf("filter %s must hold at least 2 filters, not %d", op, len(list))
			}
			qs := make([]query.Query, 0, len(list))
			for _, f := range list {
				q, err := parseFilter(f)
				if err != nil {
					return nil, err
				}
				qs = append(qs, q)
			}
			if op == "andAll" {
				return query.NewConjunctionQuery(qs), nil
			}
			return query.NewDisjunctionQuery(qs), nil
		case "equals", "notEquals", "in", "notIn":
			var attr struct {
				Key   string          `json:"key"`
				Value json.RawMessage `json:"value"`
			}
			if err := json.Unmarshal(body, &attr); err != nil || attr.Key == "" || len(attr.Value) == 0 {
				return nil, validationf("filter %s needs a key and a value", op)
			}
			field, ok := filterFields[attr.Key]
			if !ok {
				return nil, validationf("the local knowledge base filters only on the metadata keys owner, documentId, documentName, page and x-amz-bedrock-kb-source-uri, not %q", attr.Key)
			}
			var value any
			_ = json.Unmarshal(attr.Value, &value)
			var q query.Query
			if op == "equals" || op == "notEquals" {
				if _, isList := value.([]any); isList || value == nil {
					return nil, validationf("filter %s on %q needs a single value (string, number or boolean)", op, attr.Key)
				}
				q = matchValue(field, value)
			} else {
				list, isList := value.([]any)
				if !isList || len(list) == 0 {
					return nil, validationf("filter %s on %q needs a non-empty list of values", op, attr.Key)
				}
				qs := make([]query.Query, 0, len(list))
				for _, v := range list {
					qs = append(qs, matchValue(field, v))
				}
				q = query.NewDisjunctionQuery(qs)
			}
			if strings.HasPrefix(op, "not") {
				b := query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{q})
				return b, nil
			}
			return q, nil
		default:
			if slices.Contains(unsupportedOperators, op) {
				return nil, validationf("the local knowledge base does not support the filter operator %s (supported: %s)", op, strings.Join(supportedOperators, ", "))
			}
			return nil, validationf("unknown filter operator %q", op)
		}
	}
	panic("unreachable")
}

// matchValue matches one metadata value exactly. The types must agree, as in
// the service: the number 3 matches page 3, the string "3" matches nothing.
func matchValue(field string, v any) query.Query {
	switch x := v.(type) {
	case float64:
		if field != fieldPage {
			return query.NewMatchNoneQuery()
		}
		q := query.NewNumericRangeInclusiveQuery(&x, &x, ptr(true), ptr(true))
		q.SetField(field)
		return q
	case string:
		if field == fieldPage {
			return query.NewMatchNoneQuery()
		}
		if field == fieldSourceURI {
			return query.NewDocIDQuery([]string{x})
		}
		q := query.NewTermQuery(x)
		q.SetField(field)
		return q
	default:
		return query.NewMatchNoneQuery()
	}
}

func ptr[T any](v T) *T { return &v }
