package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// IntToFloat converts int32 items (GNU Radio's int) to float: x/scale,
// computed as GNU Radio's int_to_float does (VOLK: float32(x) times
// float32(1/scale)), so an |x| above 2^24 is rounded to float32 first.
//
// # Stream Inputs
//
// In: int32 items.
//
// # Stream Outputs
//
// Out: float32 items.
//
// # Parameters
//
// scale: divisor (default 1; finite, non-zero).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	f, err := blocks.NewIntToFloat(3)
//	if err != nil { ... }
//	flowgraph.Connect(g, &ints.Out, &f.In)
type IntToFloat struct {
	*block.MapBlock[int32, float32]
	inv float32
}

// NewIntToFloat returns an IntToFloat dividing by scale.
func NewIntToFloat(scale float64) (*IntToFloat, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &IntToFloat{inv: float32(1 / scale)}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work computes out from in.
func (b *IntToFloat) work(in []int32, out []float32) {
	inv := b.inv
	for i, v := range in {
		out[i] = float32(v) * inv
	}
}

// intToFloatSpec is the registry entry of int_to_float.
func intToFloatSpec() registry.Spec {
	return convertScaledSpec("int_to_float", "int32 items (GNU Radio's int) to float, x/scale", convertDivDoc,
		func(s float64) (block.Block, error) { return asBlock(NewIntToFloat(s)) })
}
