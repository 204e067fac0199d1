package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
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
//   - set: setting changes (block.Setting), a map {"k": value} or a pair
//     ["k", value], applied between Work calls and tagged like
//     flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. The graph makes this
//     input for every block with settings; it may stay unconnected.
//
// # Parameters
//
// k: the constant (complex for complex64, real for float32; default 1);
// settable while running: the K field (b.K.Set(v) from Go code,
// flowgraph.Graph.Set, or a message to set).
//
// # Tags
//
// Carried to the same item; set:k, with the new k (a T), on the first item
// after a change while running.
//
// # Usage
//
//	gain := blocks.NewMultiplyConst[complex64](complex(0, 2))
//	g.Add("gain", gain)
//	flowgraph.Connect(g, &src.Out, &gain.In)
//	flowgraph.Connect(g, &gain.Out, &snk.In)
type MultiplyConst[T mathScalar] struct {
	*block.MapBlock[T, T]
	// K is the constant, parameter "k"; Work reads it once per call.
	K block.Setting[T]
}

// NewMultiplyConst returns a MultiplyConst multiplying by k.
func NewMultiplyConst[T mathScalar](k T) *MultiplyConst[T] {
	b := &MultiplyConst[T]{}
	b.MapBlock = block.Map(b.work)
	b.K.Set(k)
	return b
}

// work computes out from in, item for item.
func (b *MultiplyConst[T]) work(in []T, out []T) {
	k := b.K.Get()
	for i, v := range in {
		out[i] = v * k
	}
}

// multiplyConstSpec is the registry entry of multiply_const.
func multiplyConstSpec() registry.Spec {
	return mathConstSpec("multiply_const", "multiplies every item by a constant", 1,
		func(k float32) block.Block { return NewMultiplyConst(k) },
		func(k complex64) block.Block { return NewMultiplyConst(k) })
}
