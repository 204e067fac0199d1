package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Skip drops the first N items of its input and passes the rest.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: In without its first N items.
//
// # Parameters
//
//   - items: N, the number of items to drop (items).
//
// # Tags
//
// Tags of dropped items are dropped; the others move N offsets earlier,
// staying on their item.
//
// # Usage
//
//	skip := blocks.NewSkip[float32](4096) // drop the settling transient
//	g.Add("skip", skip)
//	flowgraph.Connect(g, &filter.Out, &skip.In)
//	flowgraph.Connect(g, &skip.Out, &snk.In)
type Skip[T any] struct {
	In   block.In[T]
	Out  block.Out[T]
	left uint64
}

// NewSkip returns a Skip that drops n items.
func NewSkip[T any](n uint64) *Skip[T] {
	b := &Skip[T]{left: n}
	b.In.SetTagPolicy(block.TagsCustom) // tags move with the items it passes (streamPass)
	return b
}

// Work implements block.Block.
func (b *Skip[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if b.left > 0 && len(in) > 0 {
		d := len(in)
		if uint64(d) > b.left {
			d = int(b.left)
		}
		b.In.Consume(d)
		b.left -= uint64(d)
		in = in[d:]
	}
	out := b.Out.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return b.In.Idle()
	}
	streamPass(&b.In, &b.Out, in, out, n)
	return nil
}

func skipFrom[T any](p registry.Params) (block.Block, error) {
	return NewSkip[T](uint64(p.Int("items"))), nil
}

// skipSpec is the registry entry of skip.
func skipSpec() registry.Spec {
	return registry.Spec{
		ID:  "skip",
		Doc: "drop the first N items, pass the rest",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "items", Type: registry.ParamInt, Unit: "items", Min: registry.Bound(0), Doc: "number of items to drop"}},
		New: streamAllTypes(skipFrom[float32], skipFrom[complex64], skipFrom[int8], skipFrom[uint8], skipFrom[int16]),
	}
}

// RateChange implements block.RateChanger: one output item per input item once the skipped ones are gone.
func (b *Skip[T]) RateChange() (interpolation, decimation int) { return 1, 1 }
