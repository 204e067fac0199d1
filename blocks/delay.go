package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Delay delays its input by N items by sending N zero items before it.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: N zero items, then In.
//
// # Parameters
//
//   - delay: N, the delay (items, >= 0).
//
// # Tags
//
// Tags stay on their item, so their offsets grow by N.
//
// # Usage
//
//	dly := blocks.NewDelay[float32](16)
//	g.Add("delay", dly)
//	flowgraph.Connect(g, &src.Out, &dly.In)
//	flowgraph.Connect(g, &dly.Out, &sub.In[1])
type Delay[T any] struct {
	In    block.In[T]
	Out   block.Out[T]
	zeros uint64 // zero items still to send
}

// NewDelay returns a Delay of n items.
func NewDelay[T any](n uint64) *Delay[T] {
	b := &Delay[T]{zeros: n}
	b.In.SetTagPolicy(block.TagsCustom) // tags move with the items it passes (streamPass)
	return b
}

// Work implements block.Block.
func (b *Delay[T]) Work(*block.IO) error {
	out := b.Out.Slice()
	if b.zeros > 0 {
		k := len(out)
		if uint64(k) > b.zeros {
			k = int(b.zeros)
		}
		clear(out[:k])
		b.Out.Produce(k)
		b.zeros -= uint64(k)
		if b.zeros > 0 {
			return nil
		}
		out = b.Out.Slice()
	}
	in := b.In.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return b.In.Idle()
	}
	streamPass(&b.In, &b.Out, in, out, n)
	return nil
}

func delayFrom[T any](p registry.Params) (block.Block, error) {
	return NewDelay[T](uint64(p.Int("delay"))), nil
}

// delaySpec is the registry entry of delay.
func delaySpec() registry.Spec {
	return registry.Spec{
		ID:  "delay",
		Doc: "delay the stream by N items, sending N zeros first",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "delay", Type: registry.ParamInt, Default: 0, Unit: "items", Min: registry.Bound(0), Doc: "delay in items"}},
		New: streamAllTypes(delayFrom[float32], delayFrom[complex64], delayFrom[int8], delayFrom[uint8], delayFrom[int16]),
	}
}

// RateChange implements block.RateChanger: one output item per input item, the delay aside.
func (b *Delay[T]) RateChange() (interpolation, decimation int) { return 1, 1 }
