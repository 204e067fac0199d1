package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Add outputs the sum of its inputs, item by item (GNU Radio add_ff, add_cc,
// add_ss). int16 sums wrap around on overflow, as in C.
//
// # Stream Inputs
//
// In[0..inputs-1] ("in0", "in1", ...): the addends.
//
// # Stream Outputs
//
// Out: in0 + in1 + ... .
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
//	add, err := blocks.NewAdd[float32](3)
//	if err != nil { ... }
//	g.Add("add", add)
//	flowgraph.Connect(g, &a.Out, &add.In[0])
//	flowgraph.Connect(g, &b.Out, &add.In[1])
type Add[T mathArith] struct {
	*block.CombineBlock[T, T]
}

// NewAdd returns an Add with the given number of inputs (at least 2).
func NewAdd[T mathArith](inputs int) (*Add[T], error) {
	c, err := mathNew[T](inputs, mathAdd)
	if err != nil {
		return nil, err
	}
	return &Add[T]{c}, nil
}

// addSpec is the registry entry of add.
func addSpec() registry.Spec {
	return mathNarySpec("add", "sum of N inputs, item by item",
		func(n int) (block.Block, error) { return asBlock(NewAdd[float32](n)) },
		func(n int) (block.Block, error) { return asBlock(NewAdd[complex64](n)) },
		func(n int) (block.Block, error) { return asBlock(NewAdd[int16](n)) })
}
