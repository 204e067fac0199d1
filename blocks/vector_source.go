package blocks

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// VectorSource produces the items of a vector, once or repeated forever,
// with tags at given positions of the vector.
//
// # Stream Outputs
//
// Out: values[0], values[1], ..., then again from values[0] if repeat.
//
// # Parameters
//
// values: the items (complex list in YAML; converted to T).
// repeat: start again after the last item instead of finishing.
// tags: the tags, each {offset: n, key: "...", value: ...} (YAML; the
// value a message value), offsets relative to the start of the vector.
//
// # Tags
//
// Each tag given to NewVectorSource, at an offset relative to the start of
// the vector, is produced at that item on every pass: at absolute offset
// pass*len(values)+offset.
//
// # Usage
//
//	src, err := blocks.NewVectorSource([]float32{1, 2, 3}, false)
//	if err != nil { ... }
//	snk := blocks.NewVectorSink[float32]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type VectorSource[T any] struct {
	Out    block.Out[T]
	values []T
	tags   []buffer.Tag // offsets relative to values[0], sorted
	repeat bool
	pos    int // index in values of the next item
}

// NewVectorSource returns a source of values (copied). Tag offsets are
// relative to values[0] and must be below len(values). Repeating an empty
// vector is refused.
func NewVectorSource[T any](values []T, repeat bool, tags ...buffer.Tag) (*VectorSource[T], error) {
	if repeat && len(values) == 0 {
		return nil, fmt.Errorf("%w: vector_source: cannot repeat an empty vector", block.ErrBadParam)
	}
	ts := slices.Clone(tags)
	for _, t := range ts {
		if t.Offset >= uint64(len(values)) {
			return nil, fmt.Errorf("%w: vector_source: tag %q at offset %d is beyond the %d values", block.ErrBadParam, t.Key, t.Offset, len(values))
		}
	}
	slices.SortStableFunc(ts, func(a, b buffer.Tag) int { return cmp.Compare(a.Offset, b.Offset) })
	return &VectorSource[T]{values: slices.Clone(values), tags: ts, repeat: repeat}, nil
}

// Work implements block.Block.
func (b *VectorSource[T]) Work(*block.IO) error {
	if b.pos == len(b.values) && !b.repeat {
		return block.ErrDone
	}
	out := b.Out.Slice()
	n := 0
	for n < len(out) {
		if b.pos == len(b.values) {
			if !b.repeat {
				break
			}
			b.pos = 0
		}
		k := copy(out[n:], b.values[b.pos:])
		base := b.Out.Offset() + uint64(n) - uint64(b.pos) // absolute offset of values[0] in this pass
		for _, t := range b.tags {
			if t.Offset >= uint64(b.pos+k) {
				break
			}
			if t.Offset >= uint64(b.pos) {
				t.Offset += base
				b.Out.AddTag(t)
			}
		}
		b.pos += k
		n += k
	}
	if n > 0 {
		b.Out.Produce(n)
	}
	if b.pos == len(b.values) && !b.repeat {
		return block.ErrDone
	}
	return nil
}

func vectorFromParams[T sourcesItem](p registry.Params) (block.Block, error) {
	cs := p.Complexes("values")
	vs := make([]T, len(cs))
	for i, c := range cs {
		v, err := sourcesFromComplex[T](c)
		if err != nil {
			return nil, fmt.Errorf("values[%d]: %w", i, err)
		}
		vs[i] = v
	}
	var tags []buffer.Tag
	if list, ok := p.Value("tags").List(); ok {
		for i, v := range list {
			tag, err := pmt.ToTag(v)
			if err != nil {
				return nil, fmt.Errorf("%w: vector_source: tags[%d]: %w", block.ErrBadParam, i, err)
			}
			tags = append(tags, tag)
		}
	} else if !p.Value("tags").IsNull() {
		return nil, fmt.Errorf("%w: vector_source: tags is a list of {offset, key, value} maps", block.ErrBadParam)
	}
	return asBlock(NewVectorSource(vs, p.Bool("repeat"), tags...))
}

// vectorSourceSpec is the registry entry of vector_source.
func vectorSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "vector_source",
		Doc: "produces the items of a vector, once or repeated",
		Params: []registry.Param{typeParam(TypeComplex64, int32Types...),
			{Name: "values", Type: registry.ParamComplexes, Doc: "the items (converted to the item type)"},
			{Name: "repeat", Type: registry.ParamBool, Default: false, Doc: "start again after the last item"},
			{Name: "tags", Type: registry.ParamValue, Default: pmt.Null(),
				Doc: "tags on the vector's items, repeated with it: a list of {offset, key, value}"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, withInt32(sourcesAll(vectorFromParams[float32], vectorFromParams[complex64],
				vectorFromParams[int8], vectorFromParams[uint8], vectorFromParams[int16]), vectorFromParams[int32]))
		},
	}
}
