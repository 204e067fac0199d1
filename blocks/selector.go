package blocks

import (
	"sync/atomic"

	"github.com/flowrun/flowrun/block"
)

// Selector copies one of its N inputs to one of its M outputs and drains
// the other inputs; the other outputs produce nothing. The selection can
// change while the graph runs (SetInputIndex, SetOutputIndex). It finishes
// when the selected input ends; as with every block, the scheduler also
// finishes it when any input ends and it can make no progress.
//
// # Stream Inputs
//
//   - In0 … In(N-1) (the In slice): items of type T.
//
// # Stream Outputs
//
//   - Out0 … Out(M-1) (the Out slice): the selected output carries the
//     selected input; the others carry nothing.
//
// # Message Inputs
//
//   - Set: parameter changes, a map {"input_index": i, "output_index": j}
//     (either or both) or a pair ["input_index", i]
//     (block.MsgIn.SetParamHandler), applied between Work calls and tagged
//     like flowgraph.Graph.Set; a bad message (an index out of range) is
//     counted (flowgraph.BlockStats.MsgRejected), not fatal. May stay
//     unconnected.
//
// # Parameters
//
//   - inputs: N (>= 1); outputs: M (>= 1).
//   - input_index: the selected input, in [0, N); settable while running.
//   - output_index: the selected output, in [0, M); settable while running.
//
// # Tags
//
// Tags of the selected input keep their offsets relative to the start of
// what it passed; tags of drained items are dropped. A change while
// running tags the next item of every output with set:input_index or
// set:output_index.
//
// # Usage
//
//	sel, err := blocks.NewSelector[complex64](2, 1, 0, 0)
//	if err != nil { ... }
//	flowgraph.Connect(g, &radio.Out, &sel.In[0])
//	flowgraph.Connect(g, &file.Out, &sel.In[1])
//	// later, from any goroutine: sel.SetInputIndex(1)
type Selector[T any] struct {
	In     []block.In[T]
	Out    []block.Out[T]
	Set    block.MsgIn // parameter changes
	input  atomic.Int64
	output atomic.Int64
}

// NewSelector returns a Selector with inputs and outputs ports, passing
// input inputIndex to output outputIndex.
func NewSelector[T any](inputs, outputs, inputIndex, outputIndex int) (*Selector[T], error) {
	if inputs < 1 || outputs < 1 {
		return nil, streamBadParam("%d inputs and %d outputs: want at least 1 of each", inputs, outputs)
	}
	b := &Selector[T]{In: make([]block.In[T], inputs), Out: make([]block.Out[T], outputs)}
	for i := range b.In {
		b.In[i].SetTagPolicy(block.TagsCustom) // only the selected input's tags, to the selected output
	}
	b.Set.SetParamHandler(b)
	if err := b.SetInputIndex(inputIndex); err != nil {
		return nil, err
	}
	if err := b.SetOutputIndex(outputIndex); err != nil {
		return nil, err
	}
	return b, nil
}

// SetInputIndex selects input i from the next Work call on; it is safe to
// call from any goroutine and fails (ErrBadParam) if there is no input i.
func (b *Selector[T]) SetInputIndex(i int) error {
	if i < 0 || i >= len(b.In) {
		return streamBadParam("input_index %d not in [0, %d)", i, len(b.In))
	}
	b.input.Store(int64(i))
	return nil
}

// SetOutputIndex selects output i from the next Work call on; it is safe
// to call from any goroutine and fails (ErrBadParam) if there is no output i.
func (b *Selector[T]) SetOutputIndex(i int) error {
	if i < 0 || i >= len(b.Out) {
		return streamBadParam("output_index %d not in [0, %d)", i, len(b.Out))
	}
	b.output.Store(int64(i))
	return nil
}

// SetParam implements block.Settable: input_index and output_index.
func (b *Selector[T]) SetParam(name string, v any) error {
	set := map[string]func(int) error{"input_index": b.SetInputIndex, "output_index": b.SetOutputIndex}[name]
	if set == nil {
		return block.UnknownParam(name)
	}
	i, err := block.ParamAs[int](name, v)
	if err != nil {
		return err
	}
	return set(i)
}

// Param implements block.Settable.
func (b *Selector[T]) Param(name string) (any, error) {
	switch name {
	case "input_index":
		return int(b.input.Load()), nil
	case "output_index":
		return int(b.output.Load()), nil
	}
	return nil, block.UnknownParam(name)
}

// Work implements block.Block.
func (b *Selector[T]) Work(*block.IO) error {
	is, os := int(b.input.Load()), int(b.output.Load())
	for i := range b.In {
		if i != is {
			b.In[i].Consume(len(b.In[i].Slice()))
		}
	}
	sel := &b.In[is]
	in, out := sel.Slice(), b.Out[os].Slice()
	n := min(len(in), len(out))
	if n == 0 {
		if sel.Finished() {
			return block.ErrDone
		}
		return nil
	}
	streamPass(sel, &b.Out[os], in, out, n)
	return nil
}

func selectorFrom[T any](p block.Params) (block.Block, error) {
	b, err := NewSelector[T](p.Int("inputs"), p.Int("outputs"), p.Int("input_index"), p.Int("output_index"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// selectorSpec is the registry entry of selector.
func selectorSpec() block.Spec {
	return block.Spec{
		ID:  "selector",
		Doc: "copy the selected input to the selected output, draining the other inputs",
		Params: []block.Param{typeParam(TypeComplex64),
			{Name: "inputs", Type: block.ParamInt, Default: 2, Min: block.Bound(1), Max: block.Bound(maxPorts), Doc: "number of inputs"},
			{Name: "outputs", Type: block.ParamInt, Default: 1, Min: block.Bound(1), Max: block.Bound(maxPorts), Doc: "number of outputs"},
			{Name: "input_index", Type: block.ParamInt, Default: 0, Min: block.Bound(0), Settable: true, Doc: "selected input"},
			{Name: "output_index", Type: block.ParamInt, Default: 0, Min: block.Bound(0), Settable: true, Doc: "selected output"}},
		New: streamAllTypes(selectorFrom[float32], selectorFrom[complex64], selectorFrom[int8],
			selectorFrom[uint8], selectorFrom[int16]),
	}
}
