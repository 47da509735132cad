package core

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/truora/minidyn/interpreter/language"
	"github.com/truora/minidyn/types"
)

// entry is one item's place in a partition: its key in the index (ik; the
// table key itself for the table) and its table key (pk).
type entry struct{ ik, pk string }

func compareEntries(a, b entry) int {
	if c := strings.Compare(a.ik, b.ik); c != 0 {
		return c
	}

	return strings.Compare(a.pk, b.pk)
}

// partitions groups the entries of a table or an index by partition key
// value, each partition sorted as upstream minidyn orders a whole table
// (by key string, then table key), so that a Query reads only its
// partition and returns what a scan of the whole table would in the same
// order.
type partitions map[string][]entry

func (ps partitions) add(hash string, e entry) {
	p := ps[hash]

	i, found := slices.BinarySearchFunc(p, e, compareEntries)
	if found {
		return
	}

	ps[hash] = slices.Insert(p, i, e)
}

func (ps partitions) remove(hash string, e entry) {
	p := ps[hash]

	i, found := slices.BinarySearchFunc(p, e, compareEntries)
	if !found {
		return
	}

	p = slices.Delete(p, i, i+1)
	if len(p) == 0 {
		delete(ps, hash)

		return
	}

	ps[hash] = p
}

// partitionOf is the partition key value of a stored item under ks, as a
// map key: numbers in canonical form (the interpreter compares them as
// float64), strings and binaries as they are. ok is false when the item
// has no usable value.
func partitionOf(ks keySchema, attrs map[string]string, item map[string]*types.Item) (string, bool) {
	v, ok := item[ks.HashKey]
	if !ok || v == nil {
		return "", false
	}

	return partitionValue(attrs[ks.HashKey], v)
}

func partitionValue(typ string, v *types.Item) (string, bool) {
	switch typ {
	case "S":
		return types.StringValue(v.S), v.S != nil
	case "N":
		if v.N == nil {
			return "", false
		}

		f, err := strconv.ParseFloat(*v.N, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "", false
		}

		if f == 0 {
			f = 0 // -0 equals 0
		}

		return strconv.FormatFloat(f, 'g', -1, 64), true
	case "B":
		return string(v.B), len(v.B) != 0
	}

	return "", false
}

// keyConditionPartition finds, in a parsed key condition, the value its
// partition key must equal: an `hash = :value` reached from the root
// through AND only. ok is false for any other shape; the caller then reads
// the whole table, as upstream does.
func keyConditionPartition(expr language.Expression, ks keySchema, attrs map[string]string, aliases map[string]string, values map[string]*types.Item) (string, bool) {
	infix, ok := expr.(*language.InfixExpression)
	if !ok {
		return "", false
	}

	switch infix.Operator {
	case language.AND:
		if p, ok := keyConditionPartition(infix.Left, ks, attrs, aliases, values); ok {
			return p, true
		}

		return keyConditionPartition(infix.Right, ks, attrs, aliases, values)
	case language.EQ:
		name, value := infix.Left, infix.Right
		if isValuePlaceholder(name) {
			name, value = value, name
		}

		id, ok := name.(*language.Identifier)
		if !ok || resolveName(id.Value, aliases) != ks.HashKey {
			return "", false
		}

		ph, ok := value.(*language.Identifier)
		if !ok || !isValuePlaceholder(ph) {
			return "", false
		}

		v, ok := values[ph.Value]
		if !ok || v == nil {
			return "", false
		}

		return partitionValue(attrs[ks.HashKey], v)
	}

	return "", false
}

func isValuePlaceholder(e language.Expression) bool {
	id, ok := e.(*language.Identifier)

	return ok && strings.HasPrefix(id.Value, ":")
}

func resolveName(name string, aliases map[string]string) string {
	if a, ok := aliases[name]; ok {
		return a
	}

	return name
}

// unparsedPartition prefixes the partition of an item whose partition key
// value has no canonical form (e.g. an N that does not parse): no Query
// value can name it, so such items are found only by the full search.
const unparsedPartition = "\x00"
