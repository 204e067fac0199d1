package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Multiply outputs the product of its inputs, item by item (GNU Radio
// multiply_ff, multiply_cc, multiply_ss). int16 products wrap around.
//
// # Stream Inputs
//
// In[0..inputs-1] ("in0", "in1", ...): the factors.
//
// # Stream Outputs
//
// Out: in0 · in1 · ... .
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
//	mul, err := blocks.NewMultiply[complex64](2)
//	if err != nil { ... }
//	g.Add("mix", mul)
//	flowgraph.Connect(g, &sig.Out, &mul.In[0])
//	flowgraph.Connect(g, &lo.Out, &mul.In[1])
type Multiply[T mathArith] struct {
	*block.CombineBlock[T, T]
}

// NewMultiply returns a Multiply with the given number of inputs (at least 2).
func NewMultiply[T mathArith](inputs int) (*Multiply[T], error) {
	c, err := mathNew[T](inputs, mathMul)
	if err != nil {
		return nil, err
	}
	return &Multiply[T]{c}, nil
}

// multiplySpec is the registry entry of multiply.
func multiplySpec() registry.Spec {
	return mathNarySpec("multiply", "product of N inputs, item by item",
		func(n int) (block.Block, error) { return asBlock(NewMultiply[float32](n)) },
		func(n int) (block.Block, error) { return asBlock(NewMultiply[complex64](n)) },
		func(n int) (block.Block, error) { return asBlock(NewMultiply[int16](n)) })
}
