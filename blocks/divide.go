package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Divide outputs its first input divided by each of the others, item by
// item (GNU Radio divide_ff, divide_cc): in0 / in1 / in2 ... in float32 or
// complex64 arithmetic, so that a division by zero gives an infinity or
// NaN as in GNU Radio, not an error.
//
// # Stream Inputs
//
//   - In[0..inputs-1]: float32 or complex64 items.
//
// # Stream Outputs
//
//   - Out: the quotient, same type.
//
// # Tags
//
// All-to-all: each input's tags are carried to the same item.
//
// # Usage
//
//	d, err := blocks.NewDivide[float32](2)
//	g.Add("div", d)
//	flowgraph.Connect(g, &num.Out, &d.In[0])
//	flowgraph.Connect(g, &den.Out, &d.In[1])
type Divide[T float32 | complex64] struct {
	*block.CombineBlock[T, T]
}

// NewDivide returns a Divide of inputs inputs (at least 2).
func NewDivide[T float32 | complex64](inputs int) (*Divide[T], error) {
	if inputs < 2 {
		return nil, mathBadParam("inputs", inputs, "at least 2")
	}
	return &Divide[T]{block.Combine(inputs, func(ins [][]T, out []T) {
		copy(out, ins[0])
		for _, s := range ins[1:] {
			for i, v := range s {
				out[i] /= v
			}
		}
	})}, nil
}

// divideSpec is the registry entry of divide.
func divideSpec() registry.Spec {
	inputs := registry.Param{Name: "inputs", Type: registry.ParamInt, Default: 2, Min: registry.Bound(2), Max: registry.Bound(maxPorts),
		Doc: "number of inputs"}
	return registry.Spec{ID: "divide", Doc: "first input divided by the others, item by item",
		Params: []registry.Param{typeParam(TypeFloat32, TypeFloat32, TypeComplex64), inputs},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32:   func(p registry.Params) (block.Block, error) { return asBlock(NewDivide[float32](p.Int("inputs"))) },
				TypeComplex64: func(p registry.Params) (block.Block, error) { return asBlock(NewDivide[complex64](p.Int("inputs"))) },
			})
		}}
}
