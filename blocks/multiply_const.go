package blocks

import (
	"sync/atomic"

	"github.com/flowrun/flowrun/block"
)

// MultiplyConst multiplies every item by a constant (GNU Radio
// multiply_const_ff, multiply_const_cc).
//
// # Stream Inputs
//
// In: the items.
//
// # Stream Outputs
//
// Out: In · k.
//
// # Message Inputs
//
//   - Set: parameter changes, a map {"k": value} or a pair
//     ["k", value] (block.MsgIn.SetParamHandler), applied between Work
//     calls and tagged like flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. May stay unconnected.
//
// # Parameters
//
// k: the constant (complex for complex64, real for float32; default 1);
// settable while running with SetK.
//
// # Tags
//
// Carried to the same item; set:k on the first item after a change while
// running.
//
// # Usage
//
//	gain := blocks.NewMultiplyConst[complex64](complex(0, 2))
//	g.Add("gain", gain)
//	flowgraph.Connect(g, &src.Out, &gain.In)
//	flowgraph.Connect(g, &gain.Out, &snk.In)
type MultiplyConst[T mathScalar] struct {
	*block.MapBlock[T, T]
	Set block.MsgIn // parameter changes
	k   atomic.Pointer[T]
}

// NewMultiplyConst returns a MultiplyConst multiplying by k.
func NewMultiplyConst[T mathScalar](k T) *MultiplyConst[T] {
	b := &MultiplyConst[T]{}
	b.MapBlock = block.Map(b.work)
	b.Set.SetParamHandler(b)
	b.SetK(k)
	return b
}

// SetK changes the constant; safe while the graph runs (it applies from the
// next Work call).
func (b *MultiplyConst[T]) SetK(k T) { b.k.Store(&k) }

// K returns the constant.
func (b *MultiplyConst[T]) K() T { return *b.k.Load() }

// SetParam implements block.Settable: k.
func (b *MultiplyConst[T]) SetParam(name string, v any) error {
	k, err := mathSettableK[T](name, v)
	if err == nil {
		b.SetK(k)
	}
	return err
}

// Param implements block.Settable: k as a complex128.
func (b *MultiplyConst[T]) Param(name string) (any, error) {
	if name != "k" {
		return nil, block.UnknownParam(name)
	}
	return mathComplex(b.K()), nil
}

// work computes out from in, item for item.
func (b *MultiplyConst[T]) work(in []T, out []T) {
	k := *b.k.Load()
	for i, v := range in {
		out[i] = v * k
	}
}

// multiplyConstSpec is the registry entry of multiply_const.
func multiplyConstSpec() block.Spec {
	return mathConstSpec("multiply_const", "multiplies every item by a constant", 1,
		func(k float32) block.Block { return NewMultiplyConst(k) },
		func(k complex64) block.Block { return NewMultiplyConst(k) })
}
