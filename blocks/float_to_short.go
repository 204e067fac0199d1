package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// FloatToShort converts float items to int16: x·scale, saturated and
// rounded half to even (GNU Radio float_to_short, scale default 1).
//
// # Stream Inputs
//
// In: float32 items.
//
// # Stream Outputs
//
// Out: int16 items.
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
//	pcm, err := blocks.NewFloatToShort(32767)
//	if err != nil { ... }
//	g.Add("pcm", pcm)
//	flowgraph.Connect(g, &audio.Out, &pcm.In)
//	flowgraph.Connect(g, &pcm.Out, &file.In)
type FloatToShort struct {
	*block.MapBlock[float32, int16]
	scale float32
}

// NewFloatToShort returns a FloatToShort multiplying by scale.
func NewFloatToShort(scale float64) (*FloatToShort, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &FloatToShort{scale: float32(scale)}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work computes out from in.
func (b *FloatToShort) work(in []float32, out []int16) {
	s := b.scale
	for i, v := range in {
		out[i] = convertInt16(v * s)
	}
}

// floatToShortSpec is the registry entry of float_to_short.
func floatToShortSpec() registry.Spec {
	return convertScaledSpec("float_to_short", "float items to int16, saturating x·scale", convertMulDoc,
		func(s float64) (block.Block, error) { return asBlock(NewFloatToShort(s)) })
}
