package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// AddConst adds a constant to every item (GNU Radio add_const_ff,
// add_const_cc).
//
// # Stream Inputs
//
// In: the items.
//
// # Stream Outputs
//
// Out: In + k.
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
// k: the constant (complex for complex64, real for float32; default 0);
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
//	dc := blocks.NewAddConst[float32](-0.5)
//	g.Add("dc", dc)
//	flowgraph.Connect(g, &src.Out, &dc.In)
//	flowgraph.Connect(g, &dc.Out, &snk.In)
type AddConst[T mathScalar] struct {
	*block.MapBlock[T, T]
	// K is the constant, parameter "k"; Work reads it once per call.
	K block.Setting[T]
}

// NewAddConst returns an AddConst adding k.
func NewAddConst[T mathScalar](k T) *AddConst[T] {
	b := &AddConst[T]{}
	b.MapBlock = block.Map(b.work)
	b.K.Set(k)
	return b
}

// work computes out from in, item for item.
func (b *AddConst[T]) work(in []T, out []T) {
	k := b.K.Get()
	for i, v := range in {
		out[i] = v + k
	}
}

// addConstSpec is the registry entry of add_const.
func addConstSpec() registry.Spec {
	return mathConstSpec("add_const", "adds a constant to every item", 0,
		func(k float32) block.Block { return NewAddConst(k) },
		func(k complex64) block.Block { return NewAddConst(k) })
}
