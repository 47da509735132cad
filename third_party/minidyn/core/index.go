package core

import (
	"maps"
	"slices"
	"time"

	"github.com/truora/minidyn/types"
)

type indexType string

const (
	indexTypeGlobal indexType = "global"
	indexTypeLocal  indexType = "local"
)

// indexRef is where one table item sits in an index.
type indexRef struct{ ik, hash string }

type index struct {
	keySchema  keySchema
	typ        indexType
	projection *types.Projection
	Table      *Table
	// refs maps each indexed item's table key to its index key and
	// partition; parts holds the same entries grouped by partition.
	refs      map[string]indexRef
	parts     partitions
	createdAt time.Time
}

func newIndex(t *Table, typ indexType, ks keySchema) *index {
	ks.Secondary = true

	return &index{
		keySchema: ks,
		typ:       typ,
		Table:     t,
		refs:      map[string]indexRef{},
		parts:     partitions{},
	}
}

func (i *index) Clear() {
	i.refs = map[string]indexRef{}
	i.parts = partitions{}
}

// ProjectItem returns the attributes visible through this index's projection (ALL, KEYS_ONLY, INCLUDE).
// For ALL or unknown types, it returns a full shallow copy of the item.
func (i *index) ProjectItem(item map[string]*types.Item) map[string]*types.Item {
	if i == nil || i.projection == nil {
		return copyItem(item)
	}

	pt := ""
	if i.projection.ProjectionType != nil {
		pt = *i.projection.ProjectionType
	}

	switch pt {
	case "", "ALL":
		return copyItem(item)
	case "KEYS_ONLY":
		return i.projectKeysOnly(item)
	case "INCLUDE":
		return i.projectInclude(item)
	default:
		return copyItem(item)
	}
}

func (i *index) projectKeysOnly(item map[string]*types.Item) map[string]*types.Item {
	out := make(map[string]*types.Item)
	maps.Copy(out, i.Table.KeySchema.getKeyItem(item))
	maps.Copy(out, i.keySchema.getKeyItem(item))

	return out
}

func (i *index) projectInclude(item map[string]*types.Item) map[string]*types.Item {
	out := i.projectKeysOnly(item)

	for _, namePtr := range i.projection.NonKeyAttributes {
		if namePtr == nil {
			continue
		}

		name := *namePtr
		if v, ok := item[name]; ok {
			out[name] = v
		}
	}

	return out
}

// putData indexes the item stored under key, replacing where it was
// before. An item without the index's key attributes leaves the index
// (sparse index), as in DynamoDB.
func (i *index) putData(key string, item map[string]*types.Item) error {
	i.remove(key)

	indexKey, err := i.keySchema.GetKey(i.Table.AttributesDef, item)
	if err != nil || indexKey == "" {
		return err
	}

	hash, ok := partitionOf(i.keySchema, i.Table.AttributesDef, item)
	if !ok {
		hash = unparsedPartition + indexKey
	}

	i.refs[key] = indexRef{ik: indexKey, hash: hash}
	i.parts.add(hash, entry{ik: indexKey, pk: key})

	return nil
}

func (i *index) updateData(key string, item, _ map[string]*types.Item) error {
	return i.putData(key, item)
}

func (i *index) delete(key string, _ map[string]*types.Item) error {
	i.remove(key)

	return nil
}

func (i *index) remove(key string) {
	old, ok := i.refs[key]
	if !ok {
		return
	}

	delete(i.refs, key)
	i.parts.remove(old.hash, entry{ik: old.ik, pk: key})
}

// entries lists every indexed item by index key, then table key: the
// order of an index Scan.
func (i *index) entries() []entry {
	all := make([]entry, 0, len(i.refs))
	for pk, ref := range i.refs {
		all = append(all, entry{ik: ref.ik, pk: pk})
	}

	slices.SortFunc(all, compareEntries)

	return all
}

func (i *index) count() int64 {
	return int64(len(i.refs))
}
