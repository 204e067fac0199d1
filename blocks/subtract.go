package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Subtract outputs its first input minus every other input, item by item
// (GNU Radio sub_ff, sub_cc, sub_ss). int16 differences wrap around.
//
// # Stream Inputs
//
// In[0..inputs-1] ("in0", "in1", ...): the minuend in0, then the subtrahends.
//
// # Stream Outputs
//
// Out: in0 - in1 - in2 - ... .
//
// # Parameters
//
// inputs: number of inputs (>= 2, default 2).
//
// # Tags
//
// The tags of every input go to the output item of the same index.
//
// # Usage
//
//	sub, err := blocks.NewSubtract[complex64](2)
//	if err != nil { ... }
//	g.Add("sub", sub)
//	flowgraph.Connect(g, &a.Out, &sub.In[0])
//	flowgraph.Connect(g, &b.Out, &sub.In[1])
type Subtract[T mathArith] struct {
	*block.CombineBlock[T, T]
}

// NewSubtract returns a Subtract with the given number of inputs (at least 2).
func NewSubtract[T mathArith](inputs int) (*Subtract[T], error) {
	c, err := mathNew[T](inputs, mathSub)
	if err != nil {
		return nil, err
	}
	return &Subtract[T]{c}, nil
}

// subtractSpec is the registry entry of subtract.
func subtractSpec() registry.Spec {
	return mathNarySpec("subtract", "first input minus the others, item by item",
		func(n int) (block.Block, error) { return asBlock(NewSubtract[float32](n)) },
		func(n int) (block.Block, error) { return asBlock(NewSubtract[complex64](n)) },
		func(n int) (block.Block, error) { return asBlock(NewSubtract[int16](n)) })
}
