package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// FloatToChar converts float items to int8: x·scale, saturated and rounded
// half to even (GNU Radio float_to_char, scale default 1).
//
// # Stream Inputs
//
// In: float32 items.
//
// # Stream Outputs
//
// Out: int8 items.
//
// # Parameters
//
// scale: multiplier (default 1; finite, non-zero).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	s8, err := blocks.NewFloatToChar(127)
//	if err != nil { ... }
//	g.Add("s8", s8)
//	flowgraph.Connect(g, &src.Out, &s8.In)
//	flowgraph.Connect(g, &s8.Out, &file.In)
type FloatToChar struct {
	*block.MapBlock[float32, int8]
	scale float32
}

// NewFloatToChar returns a FloatToChar multiplying by scale.
func NewFloatToChar(scale float64) (*FloatToChar, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &FloatToChar{scale: float32(scale)}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work computes out from in.
func (b *FloatToChar) work(in []float32, out []int8) {
	s := b.scale
	for i, v := range in {
		out[i] = convertInt8(v * s)
	}
}

// floatToCharSpec is the registry entry of float_to_char.
func floatToCharSpec() registry.Spec {
	return convertScaledSpec("float_to_char", "float items to int8, saturating x·scale", convertMulDoc,
		func(s float64) (block.Block, error) { return asBlock(NewFloatToChar(s)) })
}
