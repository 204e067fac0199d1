package blocks

import (
	"sync/atomic"

	"github.com/flowrun/flowrun/block"
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
//   - Set: parameter changes, a map {"enabled": value} or a pair
//     ["enabled", value] (block.MsgIn.SetParamHandler), applied between Work
//     calls and tagged like flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. May stay unconnected.
//
// # Parameters
//
//   - enabled: whether items pass (default true); SetEnabled changes it
//     while the graph runs.
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
//	// later, from any goroutine: cp.SetEnabled(false)
type Copy[T any] struct {
	In      block.In[T]
	Out     block.Out[T]
	Set     block.MsgIn // parameter changes
	enabled atomic.Bool
}

// NewCopy returns a Copy, enabled or not.
func NewCopy[T any](enabled bool) *Copy[T] {
	b := &Copy[T]{}
	b.Set.SetParamHandler(b)
	b.enabled.Store(enabled)
	return b
}

// SetEnabled makes items pass (true) or be dropped (false) from the next
// Work call on; it is safe to call from any goroutine.
func (b *Copy[T]) SetEnabled(on bool) { b.enabled.Store(on) }

// SetParam implements block.Settable: enabled.
func (b *Copy[T]) SetParam(name string, v any) error {
	if name != "enabled" {
		return block.UnknownParam(name)
	}
	on, err := block.ParamAs[bool](name, v)
	if err != nil {
		return err
	}
	b.SetEnabled(on)
	return nil
}

// Param implements block.Settable.
func (b *Copy[T]) Param(name string) (any, error) {
	if name != "enabled" {
		return nil, block.UnknownParam(name)
	}
	return b.Enabled(), nil
}

// Enabled reports whether items pass.
func (b *Copy[T]) Enabled() bool { return b.enabled.Load() }

// Work implements block.Block.
func (b *Copy[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if !b.enabled.Load() {
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

func copyFrom[T any](p block.Params) (block.Block, error) {
	return NewCopy[T](p.Bool("enabled")), nil
}

// copySpec is the registry entry of copy.
func copySpec() block.Spec {
	return block.Spec{
		ID:  "copy",
		Doc: "pass items unchanged while enabled, drop them while disabled",
		Params: []block.Param{typeParam(TypeComplex64),
			{Name: "enabled", Type: block.ParamBool, Default: true, Settable: true, Doc: "whether items pass"}},
		New: streamAllTypes(copyFrom[float32], copyFrom[complex64], copyFrom[int8], copyFrom[uint8], copyFrom[int16]),
	}
}
