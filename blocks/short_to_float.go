package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// ShortToFloat converts int16 items to float: x/scale (GNU Radio
// short_to_float, scale default 1).
//
// # Stream Inputs
//
// In: int16 items.
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
//	audio, err := blocks.NewShortToFloat(32768)
//	if err != nil { ... }
//	g.Add("audio", audio)
//	flowgraph.Connect(g, &file.Out, &audio.In)
//	flowgraph.Connect(g, &audio.Out, &snk.In)
type ShortToFloat struct {
	*block.MapBlock[int16, float32]
	inv float32
}

// NewShortToFloat returns a ShortToFloat dividing by scale.
func NewShortToFloat(scale float64) (*ShortToFloat, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &ShortToFloat{inv: float32(1 / scale)}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work computes out from in.
func (b *ShortToFloat) work(in []int16, out []float32) {
	inv := b.inv
	for i, v := range in {
		out[i] = float32(v) * inv
	}
}

// shortToFloatSpec is the registry entry of short_to_float.
func shortToFloatSpec() registry.Spec {
	return convertScaledSpec("short_to_float", "int16 items to float, x/scale", convertDivDoc,
		func(s float64) (block.Block, error) { return asBlock(NewShortToFloat(s)) })
}
