package blocks

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// rotatorRenorm is how many samples the phasor advances between
// renormalizations to unit magnitude.
const rotatorRenorm = 512

// Rotator multiplies a complex stream by e^{jφ[n]}, the phase φ advancing by
// phase_inc radians per sample: a frequency shift by phase_inc·fs/(2π) Hz.
// The phasor is kept in float64 and renormalized every 512 samples, so
// neither its amplitude nor its phase drifts measurably over 10^8 samples.
//
// # Stream Inputs
//
// In: complex64.
//
// # Stream Outputs
//
// Out: complex64, In[n]·e^{jφ[n]}, φ[0] = 0.
//
// # Message Inputs
//
//   - set: setting changes (block.Setting), a map {"phase_inc": value} or a
//     pair ["phase_inc", value], applied between Work calls and tagged like
//     flowgraph.Graph.Set; a bad message (a value that is not finite) is
//     counted (flowgraph.BlockStats.MsgRejected), not fatal. The graph
//     makes this input for every block with settings; it may stay
//     unconnected.
//
// # Parameters
//
// phase_inc (rad/sample, finite), settable while running: the PhaseInc
// field (b.PhaseInc.Set(x) from Go code, flowgraph.Graph.Set, or a message
// to set); the phase stays continuous across a change.
//
// # Tags
//
// Carried 1:1 (same offsets); set:phase_inc on the first item after a
// change while running.
//
// # Usage
//
//	rot, err := blocks.NewRotator(2 * math.Pi * 10e3 / 1e6) // shift up by 10 kHz at 1 MS/s
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &rot.In)
//	flowgraph.Connect(g, &rot.Out, &snk.In)
type Rotator struct {
	*block.MapBlock[complex64, complex64]
	// PhaseInc is the phase increment in rad/sample, finite: parameter
	// "phase_inc".
	PhaseInc block.Setting[float64] `param:"phase_inc"`

	inc    complex128 // e^{j PhaseInc}, recomputed in work when it changes
	phasor complex128 // e^{jφ} for the next sample
	since  int        // samples since the last renormalization
}

// NewRotator returns a rotator advancing by phaseInc rad/sample; phaseInc
// must be finite.
func NewRotator(phaseInc float64) (*Rotator, error) {
	b := &Rotator{phasor: 1}
	b.MapBlock = block.Map(b.work)
	b.PhaseInc.SetCheck(func(phaseInc float64) error {
		if math.IsNaN(phaseInc) || math.IsInf(phaseInc, 0) {
			return fmt.Errorf("rotator: phase_inc %v is not finite: %w", phaseInc, block.ErrBadParam)
		}
		return nil
	})
	if err := b.PhaseInc.Set(phaseInc); err != nil {
		return nil, err
	}
	b.inc = cmplx.Rect(1, phaseInc)
	return b, nil
}

// work rotates in into out, called by Map once per Work call with items.
func (b *Rotator) work(in, out []complex64) {
	if b.PhaseInc.Changed() {
		b.inc = cmplx.Rect(1, b.PhaseInc.Get())
	}
	b.rotate(out, in)
}

// rotate writes in·e^{jφ} to out (equal lengths), advancing the phasor.
func (b *Rotator) rotate(out, in []complex64) {
	p, inc := b.phasor, b.inc
	inc4 := inc * inc * inc * inc
	for len(in) > 0 {
		m := min(len(in), rotatorRenorm-b.since)
		o, x := out[:m], in[:m]
		// Four phasors a sample apart, each stepping by inc⁴, break the
		// dependency chain of one phasor multiplied once per sample.
		p1 := p * inc
		p2 := p1 * inc
		p3 := p2 * inc
		i := 0
		for ; i+4 <= len(x); i += 4 {
			o[i] = rotatorMul(x[i], p)
			o[i+1] = rotatorMul(x[i+1], p1)
			o[i+2] = rotatorMul(x[i+2], p2)
			o[i+3] = rotatorMul(x[i+3], p3)
			p, p1, p2, p3 = p*inc4, p1*inc4, p2*inc4, p3*inc4
		}
		for ; i < len(x); i++ {
			o[i] = rotatorMul(x[i], p)
			p *= inc
		}
		in, out = in[m:], out[m:]
		b.since += m
		if b.since == rotatorRenorm {
			// |p| drifts by ~1e-16 per step; pull it back to 1.
			h := math.Hypot(real(p), imag(p))
			p = complex(real(p)/h, imag(p)/h)
			b.since = 0
		}
	}
	b.phasor = p
}

// rotatorMul returns v·p rounded to complex64.
func rotatorMul(v complex64, p complex128) complex64 {
	xr, xi := float64(real(v)), float64(imag(v))
	pr, pi := real(p), imag(p)
	return complex(float32(xr*pr-xi*pi), float32(xr*pi+xi*pr))
}

// rotatorSpec is the registry entry of Rotator.
func rotatorSpec() registry.Spec {
	return registry.Spec{
		ID:  "rotator",
		Doc: "multiply a complex stream by e^{j phase}, the phase advancing by phase_inc per sample",
		Params: []registry.Param{
			{Name: "phase_inc", Type: registry.ParamFloat, Default: 0.0, Unit: "rad/sample", Settable: true,
				Doc: "phase advance per sample (2π·f/fs for a shift by f Hz)"},
		},
		New: func(p registry.Params) (block.Block, error) { return asBlock(NewRotator(p.Float("phase_inc"))) },
	}
}
