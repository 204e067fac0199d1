package blocks

import (
	"sync/atomic"

	"github.com/flowrun/flowrun/block"
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
//   - Set: parameter changes, a map {"k": value} or a pair
//     ["k", value] (block.MsgIn.SetParamHandler), applied between Work
//     calls and tagged like flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. May stay unconnected.
//
// # Parameters
//
// k: the constant (complex for complex64, real for float32; default 0);
// settable while running with SetK.
//
// # Tags
//
// Carried to the same item; set:k on the first item after a change while
// running.
//
// # Usage
//
//	dc := blocks.NewAddConst[float32](-0.5)
//	g.Add("dc", dc)
//	flowgraph.Connect(g, &src.Out, &dc.In)
//	flowgraph.Connect(g, &dc.Out, &snk.In)
type AddConst[T mathScalar] struct {
	*block.MapBlock[T, T]
	Set block.MsgIn // parameter changes
	k   atomic.Pointer[T]
}

// NewAddConst returns an AddConst adding k.
func NewAddConst[T mathScalar](k T) *AddConst[T] {
	b := &AddConst[T]{}
	b.MapBlock = block.Map(b.work)
	b.Set.SetParamHandler(b)
	b.SetK(k)
	return b
}

// SetK changes the constant; safe while the graph runs (it applies from the
// next Work call).
func (b *AddConst[T]) SetK(k T) { b.k.Store(&k) }

// K returns the constant.
func (b *AddConst[T]) K() T { return *b.k.Load() }

// SetParam implements block.Settable: k.
func (b *AddConst[T]) SetParam(name string, v any) error {
	k, err := mathSettableK[T](name, v)
	if err == nil {
		b.SetK(k)
	}
	return err
}

// Param implements block.Settable: k as a complex128.
func (b *AddConst[T]) Param(name string) (any, error) {
	if name != "k" {
		return nil, block.UnknownParam(name)
	}
	return mathComplex(b.K()), nil
}

// work computes out from in, item for item.
func (b *AddConst[T]) work(in []T, out []T) {
	k := *b.k.Load()
	for i, v := range in {
		out[i] = v + k
	}
}

// addConstSpec is the registry entry of add_const.
func addConstSpec() block.Spec {
	return mathConstSpec("add_const", "adds a constant to every item", 0,
		func(k float32) block.Block { return NewAddConst(k) },
		func(k complex64) block.Block { return NewAddConst(k) })
}
