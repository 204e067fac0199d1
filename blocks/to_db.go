package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// mathFloat32Min is the smallest normal float32 (C's FLT_MIN).
const mathFloat32Min = 0x1p-126

// ToDB converts float items to decibels: factor·log10(max(x, m)) + k, with
// m the smallest normal float32 (GNU Radio nlog10_ff, which clamps the same
// way so that zero and negative inputs give a large negative number, not
// -Inf or NaN). Use factor 10 for a power, 20 for a magnitude. With k ≠ 0
// GNU Radio's block multiplies the clamped x by 10^(k/factor) before its
// logarithm, so where that product leaves the normal float32 range (x
// below m·10^(−k/factor), or above the largest float32 times that) its
// output differs from this formula; ours follows the formula.
//
// # Stream Inputs
//
// In: float32 items (power or magnitude).
//
// # Stream Outputs
//
// Out: float32 levels in dB.
//
// # Parameters
//
// factor: multiplier of log10 (default 10: power; 20: magnitude).
// k: offset added, in dB (default 0).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	db := blocks.NewToDB(10, 0)
//	g.Add("db", db)
//	flowgraph.Connect(g, &pwr.Out, &db.In)
//	flowgraph.Connect(g, &db.Out, &snk.In)
type ToDB struct {
	*block.MapBlock[float32, float32]
	factor, k float32
}

// NewToDB returns a ToDB computing factor·log10(x) + k.
func NewToDB(factor, k float32) *ToDB {
	b := &ToDB{factor: factor, k: k}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *ToDB) work(in []float32, out []float32) {
	f, k := float64(b.factor), float64(b.k)
	for i, v := range in {
		v = max(v, mathFloat32Min) // NaN stays NaN
		out[i] = float32(f*math.Log10(float64(v)) + k)
	}
}

// toDBSpec is the registry entry of to_db.
func toDBSpec() registry.Spec {
	return registry.Spec{
		ID: "to_db", Doc: "factor·log10(x) + k: float items to decibels",
		Params: []registry.Param{
			{Name: "factor", Type: registry.ParamFloat, Default: 10.0,
				Doc: "multiplier of log10: 10 for a power, 20 for a magnitude"},
			{Name: "k", Type: registry.ParamFloat, Default: 0.0, Unit: "dB", Doc: "offset added"},
		},
		New: func(p registry.Params) (block.Block, error) {
			f := p.Float("factor")
			if f == 0 || math.IsInf(f, 0) {
				return nil, mathBadParam("factor", f, "a finite non-zero number")
			}
			return NewToDB(float32(f), float32(p.Float("k"))), nil
		},
	}
}
