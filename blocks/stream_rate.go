package blocks

import "github.com/flowrun/flowrun/block"

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

// KeepOneInN decimates its input by N: of each group of N items it keeps
// the last, as GNU Radio's keep_one_in_n does. A last partial group at the
// end of the stream is dropped.
//
// # Stream Inputs
//
//   - In: items of type T, consumed in whole groups of N.
//
// # Stream Outputs
//
//   - Out: item k is In item k*N+N-1.
//
// # Parameters
//
//   - n: N, the decimation factor (items, >= 1).
//
// # Tags
//
// A tag on any item of a group moves to the group's output item: input
// offset i becomes output offset i/N (integer division).
//
// # Usage
//
//	keep, err := blocks.NewKeepOneInN[complex64](10)
//	if err != nil { ... }
//	g.Add("decim", keep)
//	flowgraph.Connect(g, &src.Out, &keep.In)
type KeepOneInN[T any] struct {
	*block.MapNBlock[T, T]
}

// NewKeepOneInN returns a KeepOneInN decimating by n >= 1.
func NewKeepOneInN[T any](n int) (*KeepOneInN[T], error) {
	if n < 1 {
		return nil, streamBadParam("n %d must be at least 1", n)
	}
	return &KeepOneInN[T]{block.MapN(n, 1, func(in, out []T) {
		for i := range out {
			out[i] = in[i*n+n-1]
		}
	})}, nil
}

func delayFrom[T any](p block.Params) (block.Block, error) {
	return NewDelay[T](uint64(p.Int("delay"))), nil
}

func keepOneInNFrom[T any](p block.Params) (block.Block, error) {
	b, err := NewKeepOneInN[T](p.Int("n"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

func registerStreamRate(r *block.Registry, def block.Param) {
	r.MustRegister(block.Spec{
		ID:  "delay",
		Doc: "delay the stream by N items, sending N zeros first",
		Params: []block.Param{def,
			{Name: "delay", Type: block.ParamInt, Default: 0, Unit: "items", Min: block.Bound(0), Doc: "delay in items"}},
		New: streamAllTypes(delayFrom[float32], delayFrom[complex64], delayFrom[int8], delayFrom[uint8], delayFrom[int16]),
	})
	r.MustRegister(block.Spec{
		ID:  "keep_one_in_n",
		Doc: "decimate by n, keeping the last item of each group of n",
		Params: []block.Param{def,
			{Name: "n", Type: block.ParamInt, Unit: "items", Min: block.Bound(1), Max: block.Bound(maxRun), Doc: "decimation factor"}},
		New: streamAllTypes(keepOneInNFrom[float32], keepOneInNFrom[complex64], keepOneInNFrom[int8], keepOneInNFrom[uint8], keepOneInNFrom[int16]),
	})
}
