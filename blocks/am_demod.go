package blocks

import (
	"fmt"
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// AMDemod is an envelope detector: it outputs |x[n]|, optionally minus its
// DC level tracked by a one-pole low-pass (a one-pole DC-blocking high-pass).
//
// # Stream Inputs
//
// In: complex64.
//
// # Stream Outputs
//
// Out: float32, |x[n]| − m[n] where m[n] = m[n−1] + alpha·(|x[n]| − m[n−1])
// (m = 0 when alpha is 0; m starts at the first magnitude otherwise).
//
// # Parameters
//
// dc_alpha in [0, 1): the DC tracker's coefficient, 0 for none; the high-pass
// corner is about alpha·fs/(2π) Hz.
//
// # Tags
//
// Carried 1:1 (same offsets).
//
// # Usage
//
//	am, err := blocks.NewAMDemod(1e-3)
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &am.In)
//	flowgraph.Connect(g, &am.Out, &audio.In)
type AMDemod struct {
	*block.MapBlock[complex64, float32]

	alpha   float64
	dc      float64
	started bool
}

// NewAMDemod returns an envelope detector; alpha (in [0, 1)) sets the DC
// removal, 0 for none. Errors wrap block.ErrBadParam.
func NewAMDemod(alpha float64) (*AMDemod, error) {
	if !(alpha >= 0 && alpha < 1) {
		return nil, fmt.Errorf("am_demod: dc_alpha %v not in [0, 1): %w", alpha, block.ErrBadParam)
	}
	b := &AMDemod{alpha: alpha}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work writes the envelope of in to out, carrying the DC tracker across
// calls.
func (b *AMDemod) work(in []complex64, out []float32) {
	if b.alpha == 0 {
		for i, v := range in {
			re, im := float64(real(v)), float64(imag(v))
			out[i] = float32(math.Sqrt(re*re + im*im))
		}
	} else {
		a, dc := b.alpha, b.dc
		if !b.started {
			dc = math.Hypot(float64(real(in[0])), float64(imag(in[0])))
			b.started = true
		}
		for i, v := range in {
			re, im := float64(real(v)), float64(imag(v))
			m := math.Sqrt(re*re + im*im)
			dc += a * (m - dc)
			out[i] = float32(m - dc)
		}
		b.dc = dc
	}
}

// amDemodSpec is the registry entry of AMDemod.
func amDemodSpec() registry.Spec {
	return registry.Spec{
		ID:  "am_demod",
		Doc: "AM envelope detector |x|, with optional one-pole DC removal",
		Params: []registry.Param{
			{Name: "dc_alpha", Type: registry.ParamFloat, Default: 0.0, Min: registry.Bound(0), Max: registry.Bound(0.999999),
				Doc: "DC tracker coefficient (0: keep DC)"},
		},
		New: func(p registry.Params) (block.Block, error) { return asBlock(NewAMDemod(p.Float("dc_alpha"))) },
	}
}
