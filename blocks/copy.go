package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Copy passes its input to its output unchanged while enabled, and drops
// it while disabled.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: In, while enabled; nothing while disabled.
//
// # Message Inputs
//
//   - set: setting changes (block.Setting), a map {"enabled": value} or a
//     pair ["enabled", value], applied between Work calls and tagged like
//     flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. The graph makes this
//     input for every block with settings; it may stay unconnected.
//
// # Parameters
//
//   - enabled: whether items pass (default true); settable while running:
//     the Enabled field (b.Enabled.Set(false) from Go code,
//     flowgraph.Graph.Set, or a message to set).
//
// # Tags
//
// Tags of passed items keep their offsets; those of dropped items are
// dropped. A change while running tags the next item passed with
// set:enabled.
//
// # Usage
//
//	cp := blocks.NewCopy[complex64](true)
//	g.Add("gate", cp)
//	flowgraph.Connect(g, &src.Out, &cp.In)
//	// later, from any goroutine: cp.Enabled.Set(false)
type Copy[T any] struct {
	In  block.In[T]
	Out block.Out[T]
	// Enabled makes items pass (true) or be dropped (false), parameter
	// "enabled".
	Enabled block.Setting[bool]
}

// NewCopy returns a Copy, enabled or not.
func NewCopy[T any](enabled bool) *Copy[T] {
	b := &Copy[T]{}
	b.Enabled.Set(enabled)
	return b
}

// Work implements block.Block.
func (b *Copy[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if !b.Enabled.Get() {
		if len(in) == 0 && b.In.Finished() {
			return block.ErrDone
		}
		b.In.Consume(len(in))
		return nil
	}
	out := b.Out.Slice()
	n := min(len(in), len(out))
	if n == 0 {
		return b.In.Idle()
	}
	streamPass(&b.In, &b.Out, in, out, n)
	return nil
}

func copyFrom[T any](p registry.Params) (block.Block, error) {
	return NewCopy[T](p.Bool("enabled")), nil
}

// copySpec is the registry entry of copy.
func copySpec() registry.Spec {
	return registry.Spec{
		ID:  "copy",
		Doc: "pass items unchanged while enabled, drop them while disabled",
		Params: []registry.Param{typeParam(TypeComplex64, int32Types...),
			{Name: "enabled", Type: registry.ParamBool, Default: true, Settable: true, Doc: "whether items pass"}},
		New: streamWithInt32(streamAllTypes(copyFrom[float32], copyFrom[complex64], copyFrom[int8], copyFrom[uint8], copyFrom[int16]), copyFrom[int32]),
	}
}

// RateChange implements block.RateChanger: one output item per input item.
func (b *Copy[T]) RateChange() (interpolation, decimation int) { return 1, 1 }
