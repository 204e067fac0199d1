package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// AmpBal balances the amplitudes of the I and Q branches as GNU Radio's
// channels amp_bal does: Q is multiplied by rms(I)/rms(Q), each a running
// RMS (as RMS computes it, averaging gain alpha); I passes as it is. While
// Q's running RMS is 0 the quotient is infinite or NaN, as in GNU Radio.
//
// # Stream Inputs
//
//   - In: complex64 items.
//
// # Stream Outputs
//
//   - Out: I + j·Q·rms(I)/rms(Q).
//
// # Parameters
//
// alpha: the averaging gain of both RMS, in (0, 1] (default 0.0001).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	ab, _ := blocks.NewAmpBal(0.0001)
//	flowgraph.Connect(g, &src.Out, &ab.In)
type AmpBal struct {
	*block.MapBlock[complex64, complex64]
	alpha      float64
	avgI, avgQ float64
}

// NewAmpBal returns an AmpBal with the averaging gain alpha, in (0, 1].
func NewAmpBal(alpha float64) (*AmpBal, error) {
	if !(alpha > 0 && alpha <= 1) {
		return nil, mathBadParam("alpha", alpha, "a number in (0, 1]")
	}
	b := &AmpBal{alpha: alpha}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

func (b *AmpBal) work(in, out []complex64) {
	beta := 1 - b.alpha
	for k, v := range in {
		i, q := real(v), imag(v)
		b.avgI = beta*b.avgI + b.alpha*float64(i*i)
		b.avgQ = beta*b.avgQ + b.alpha*float64(q*q)
		ratio := float32(math.Sqrt(b.avgI)) / float32(math.Sqrt(b.avgQ))
		out[k] = complex(i, ratio*q)
	}
}

// ampBalSpec is the registry entry of amp_bal.
func ampBalSpec() registry.Spec {
	return registry.Spec{ID: "amp_bal", Doc: "scales Q by rms(I)/rms(Q), running RMS (GNU Radio channels amp_bal)",
		Params: []registry.Param{{Name: "alpha", Type: registry.ParamFloat, Default: 0.0001, Min: registry.Bound(0), Max: registry.Bound(1),
			Doc: "averaging gain in (0, 1]: about 1/alpha items are averaged"}},
		New: func(p registry.Params) (block.Block, error) { return asBlock(NewAmpBal(p.Float("alpha"))) }}
}
