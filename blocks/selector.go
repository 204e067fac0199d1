package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Selector copies one of its N inputs to one of its M outputs and drains
// the other inputs; the other outputs produce nothing. The selection can
// change while the graph runs (the InputIndex and OutputIndex settings). It finishes
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
//   - set: setting changes (block.Setting), a map {"input_index": i,
//     "output_index": j} (either or both) or a pair ["input_index", i],
//     applied between Work calls and tagged like flowgraph.Graph.Set; a bad
//     message (an index out of range) is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. The graph makes this
//     input for every block with settings; it may stay unconnected.
//
// # Parameters
//
//   - inputs: N (>= 1); outputs: M (>= 1).
//   - input_index: the selected input, in [0, N); settable while running:
//     the InputIndex field (b.InputIndex.Set(1) from Go code,
//     flowgraph.Graph.Set, or a message to set).
//   - output_index: the selected output, in [0, M); settable while running:
//     the OutputIndex field.
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
//	// later, from any goroutine: sel.InputIndex.Set(1)
type Selector[T any] struct {
	In  []block.In[T]
	Out []block.Out[T]
	// InputIndex selects the input, in [0, N): parameter "input_index".
	InputIndex block.Setting[int] `param:"input_index"`
	// OutputIndex selects the output, in [0, M): parameter "output_index".
	OutputIndex block.Setting[int] `param:"output_index"`
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
	b.InputIndex.SetCheck(func(i int) error {
		if i < 0 || i >= len(b.In) {
			return streamBadParam("input_index %d not in [0, %d)", i, len(b.In))
		}
		return nil
	})
	b.OutputIndex.SetCheck(func(i int) error {
		if i < 0 || i >= len(b.Out) {
			return streamBadParam("output_index %d not in [0, %d)", i, len(b.Out))
		}
		return nil
	})
	if err := b.InputIndex.Set(inputIndex); err != nil {
		return nil, err
	}
	if err := b.OutputIndex.Set(outputIndex); err != nil {
		return nil, err
	}
	return b, nil
}

// Work implements block.Block.
func (b *Selector[T]) Work(*block.IO) error {
	is, os := b.InputIndex.Get(), b.OutputIndex.Get()
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

func selectorFrom[T any](p registry.Params) (block.Block, error) {
	b, err := NewSelector[T](p.Int("inputs"), p.Int("outputs"), p.Int("input_index"), p.Int("output_index"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// selectorSpec is the registry entry of selector.
func selectorSpec() registry.Spec {
	return registry.Spec{
		ID:  "selector",
		Doc: "copy the selected input to the selected output, draining the other inputs",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "inputs", Type: registry.ParamInt, Default: 2, Min: registry.Bound(1), Max: registry.Bound(maxPorts), Doc: "number of inputs"},
			{Name: "outputs", Type: registry.ParamInt, Default: 1, Min: registry.Bound(1), Max: registry.Bound(maxPorts), Doc: "number of outputs"},
			{Name: "input_index", Type: registry.ParamInt, Default: 0, Min: registry.Bound(0), Settable: true, Doc: "selected input"},
			{Name: "output_index", Type: registry.ParamInt, Default: 0, Min: registry.Bound(0), Settable: true, Doc: "selected output"}},
		New: streamAllTypes(selectorFrom[float32], selectorFrom[complex64], selectorFrom[int8],
			selectorFrom[uint8], selectorFrom[int16]),
	}
}
