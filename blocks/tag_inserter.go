package blocks

import (
	"math"
	"slices"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/registry"
)

// TagInserter passes its input unchanged and attaches a tag Key=Value to
// items at chosen offsets: every Period items starting at item Start, or at
// a given list of offsets.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: In, with the inserted tags.
//
// # Parameters
//
//   - key, value: the tag inserted (strings from the registry; any value
//     from Go).
//   - start: offset of the first tag (items).
//   - period: items between tags (items); 0 inserts one tag, at start.
//   - offsets: if not empty, the offsets to tag (items), instead of
//     start and period.
//
// # Tags
//
// Tags already on the stream keep their offsets; the inserted ones are
// at offsets counted from the first item of the stream.
//
// # Usage
//
//	ti := blocks.NewTagInserter[complex64]("burst", "start", 0, 4096)
//	g.Add("tagger", ti)
//	flowgraph.Connect(g, &src.Out, &ti.In)
//	flowgraph.Connect(g, &ti.Out, &snk.In)
type TagInserter[T any] struct {
	In      block.In[T]
	Out     block.Out[T]
	key     string
	value   any
	offsets []uint64 // sorted; nil for periodic tags
	next    int      // index into offsets
	at      uint64   // next periodic offset
	period  uint64
	done    bool // no more tags to insert
}

// NewTagInserter returns a TagInserter tagging the items at start,
// start+period, start+2*period, ... (only start if period is 0).
func NewTagInserter[T any](key string, value any, start, period uint64) *TagInserter[T] {
	return &TagInserter[T]{key: key, value: value, at: start, period: period}
}

// NewTagInserterAt returns a TagInserter tagging the items at the given
// offsets (in any order; duplicates insert one tag each).
func NewTagInserterAt[T any](key string, value any, offsets []uint64) *TagInserter[T] {
	o := slices.Clone(offsets)
	slices.Sort(o)
	return &TagInserter[T]{key: key, value: value, offsets: o, done: len(o) == 0}
}

// Work implements block.Block.
func (b *TagInserter[T]) Work(*block.IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return b.In.Idle()
	}
	end := b.Out.Offset() + uint64(n)
	switch {
	case b.done:
	case b.offsets != nil:
		for ; b.next < len(b.offsets) && b.offsets[b.next] < end; b.next++ {
			b.Out.AddTag(buffer.Tag{Offset: b.offsets[b.next], Key: b.key, Value: b.value})
		}
		b.done = b.next == len(b.offsets)
	default:
		for !b.done && b.at < end {
			b.Out.AddTag(buffer.Tag{Offset: b.at, Key: b.key, Value: b.value})
			if b.period == 0 || b.at > math.MaxUint64-b.period {
				b.done = true
			}
			b.at += b.period
		}
	}
	streamPass(&b.In, &b.Out, in, out, n)
	return nil
}

func tagInserterFrom[T any](p registry.Params) (block.Block, error) {
	key, value := p.String("key"), p.String("value")
	if key == "" {
		return nil, streamBadParam("key must not be empty")
	}
	if list := p.Floats("offsets"); len(list) > 0 {
		offsets := make([]uint64, len(list))
		for i, f := range list {
			if !(f >= 0) || f != math.Trunc(f) || f > 1<<53 {
				return nil, streamBadParam("offset %g is not a whole number of items >= 0", f)
			}
			offsets[i] = uint64(f)
		}
		return NewTagInserterAt[T](key, value, offsets), nil
	}
	return NewTagInserter[T](key, value, uint64(p.Int("start")), uint64(p.Int("period"))), nil
}

// tagInserterSpec is the registry entry of tag_inserter.
func tagInserterSpec() registry.Spec {
	return registry.Spec{
		ID:  "tag_inserter",
		Doc: "attach a tag key=value every period items from start, or at listed offsets",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "key", Type: registry.ParamString, Default: "tag", Doc: "tag key (not empty)"},
			{Name: "value", Type: registry.ParamString, Default: "", Doc: "tag value"},
			{Name: "start", Type: registry.ParamInt, Default: 0, Unit: "items", Min: registry.Bound(0),
				Doc: "offset of the first tag"},
			{Name: "period", Type: registry.ParamInt, Default: 0, Unit: "items", Min: registry.Bound(0),
				Doc: "items between tags; 0 inserts one tag"},
			{Name: "offsets", Type: registry.ParamFloats, Default: []float64{}, Unit: "items",
				Doc: "offsets to tag instead of start and period"}},
		New: streamAllTypes(tagInserterFrom[float32], tagInserterFrom[complex64], tagInserterFrom[int8],
			tagInserterFrom[uint8], tagInserterFrom[int16]),
	}
}

// RateChange implements block.RateChanger: one output item per input item.
func (b *TagInserter[T]) RateChange() (interpolation, decimation int) { return 1, 1 }
