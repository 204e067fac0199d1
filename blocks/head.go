package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Head passes the first N items of its input, then finishes, which ends its
// output stream and releases its upstream.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: the first N items of In.
//
// # Parameters
//
//   - items: N, the number of items to pass (items).
//
// # Tags
//
// Tags of the passed items keep their offsets; later tags are dropped.
//
// # Usage
//
//	head := blocks.NewHead[complex64](1_000_000)
//	g.Add("head", head)
//	flowgraph.Connect(g, &src.Out, &head.In)
//	flowgraph.Connect(g, &head.Out, &snk.In)
type Head[T any] struct {
	In   block.In[T]
	Out  block.Out[T]
	left uint64
}

// NewHead returns a Head that passes n items.
func NewHead[T any](n uint64) *Head[T] { return &Head[T]{left: n} }

// Work implements block.Block.
func (b *Head[T]) Work(*block.IO) error {
	if b.left == 0 {
		return block.ErrDone
	}
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in), len(out))
	if uint64(n) > b.left {
		n = int(b.left)
	}
	if n == 0 {
		return b.In.Idle()
	}
	streamPass(&b.In, &b.Out, in, out, n)
	b.left -= uint64(n)
	if b.left == 0 {
		return block.ErrDone
	}
	return nil
}

func headFrom[T any](p registry.Params) (block.Block, error) {
	return NewHead[T](uint64(p.Int("items"))), nil
}

// headSpec is the registry entry of head.
func headSpec() registry.Spec {
	return registry.Spec{
		ID:  "head",
		Doc: "pass the first N items, then finish",
		Params: []registry.Param{typeParam(TypeComplex64, int32Types...),
			{Name: "items", Type: registry.ParamInt, Unit: "items", Min: registry.Bound(0), Doc: "number of items to pass"}},
		New: streamWithInt32(streamAllTypes(headFrom[float32], headFrom[complex64], headFrom[int8], headFrom[uint8], headFrom[int16]), headFrom[int32]),
	}
}

// RateChange implements block.RateChanger: one output item per input item, until it stops.
func (b *Head[T]) RateChange() (interpolation, decimation int) { return 1, 1 }
