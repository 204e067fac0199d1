package blocks

import (
	"math"
	"math/rand/v2"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Impairments applies a radio's impairments to a complex stream, as GNU
// Radio's channels impairments (a hier block) chains them: with g the
// carrier e^{j·2π·freq_offset·n} (a signal source of sample rate 1), each
// item x becomes
//
//	y = conj(g)·x · e^{j·p}                 phase noise p: Gaussian noise of amplitude
//	                                        10^(phase_noise_mag/20), one-pole filtered (alpha 0.01)
//	y = y + beta·y·|y|²                     third-order distortion
//	y = y + gamma·(y·y + y·conj(y))         second-order distortion
//	m = Re(y)·10^(magbal/20)                IQ imbalance (GNU Radio's transmitter model):
//	y = m·cos(φ) + j·(Im(y) + m·sin(φ))     φ = phasebal degrees
//	out = g·(y + i_ofs + j·q_ofs)           DC offset, then the carrier back
//
// in float32 as GNU Radio's blocks compute it. The phase noise comes from
// flowrun's generator, not GNU Radio's: the same distribution, other
// samples.
//
// # Stream Inputs
//
//   - In: complex64 items.
//
// # Stream Outputs
//
//   - Out: the impaired items.
//
// # Parameters
//
// phase_noise_mag (dB, default -100), magbal (dB), phasebal (degrees),
// q_ofs, i_ofs, freq_offset (cycles per item), gamma, beta (all default
// 0); every one settable while running (the fields of the same names).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	imp := blocks.NewImpairments()
//	imp.Magbal.Set(0.5)
//	flowgraph.Connect(g, &src.Out, &imp.In)
type Impairments struct {
	*block.MapBlock[complex64, complex64]
	PhaseNoiseMag block.Setting[float64] `param:"phase_noise_mag"`
	Magbal        block.Setting[float64]
	Phasebal      block.Setting[float64]
	QOfs          block.Setting[float64] `param:"q_ofs"`
	IOfs          block.Setting[float64] `param:"i_ofs"`
	FreqOffset    block.Setting[float64] `param:"freq_offset"`
	Gamma         block.Setting[float64]
	Beta          block.Setting[float64]

	rng   *rand.Rand
	noise float64 // the one-pole filter's state (GNU Radio's is a double)
	phase uint32  // the carrier's fixed-point phase, 2^32 per turn
}

// NewImpairments returns an Impairments with no impairment but a phase
// noise of -100 dB (GNU Radio's defaults, but for that, which GRC's
// block sets).
func NewImpairments() *Impairments {
	b := &Impairments{rng: rand.New(rand.NewPCG(42, 42))}
	b.MapBlock = block.Map(b.work)
	b.PhaseNoiseMag.Set(-100)
	return b
}

func (b *Impairments) work(in, out []complex64) {
	noiseAmp := math.Pow(10, b.PhaseNoiseMag.Get()/20)
	mag := float32(math.Pow(10, b.Magbal.Get()/20))
	sinPh, cosPh := math.Sincos(b.Phasebal.Get() * math.Pi / 180)
	sinP, cosP := float32(sinPh), float32(cosPh)
	dc := complex(float32(b.IOfs.Get()), float32(b.QOfs.Get()))
	inc := uint32(signalFixed(float32(2 * math.Pi * b.FreqOffset.Get())))
	beta, gamma := complex(float32(b.Beta.Get()), 0), complex(float32(b.Gamma.Get()), 0)
	const alpha = 0.01
	for i, x := range in {
		s, c := math.Sincos(2 * math.Pi * float64(b.phase) / (1 << 32))
		g := complex(float32(c), float32(s))
		b.phase += inc
		y := complex(real(g), -imag(g)) * x

		b.noise = alpha*float64(float32(noiseAmp*b.rng.NormFloat64())) + (1-alpha)*b.noise
		p := float32(b.noise)
		ps, pc := math.Sincos(float64(p))
		y *= complex(float32(pc), float32(ps))

		m2 := real(y)*real(y) + imag(y)*imag(y)
		y += beta * (y * complex(m2, 0))
		y += gamma * (y*y + y*complex(real(y), -imag(y)))

		re := real(y) * mag
		y = complex(re*cosP, re*sinP+imag(y))
		out[i] = g * (y + dc)
	}
}

// impairmentsSpec is the registry entry of impairments.
func impairmentsSpec() registry.Spec {
	p := func(name, unit, doc string, def float64) registry.Param {
		return registry.Param{Name: name, Type: registry.ParamFloat, Default: def, Unit: unit, Settable: true, Doc: doc}
	}
	return registry.Spec{ID: "impairments",
		Doc: "phase noise, distortion, IQ imbalance, DC and frequency offsets (GNU Radio channels impairments)",
		Params: []registry.Param{
			p("phase_noise_mag", "dB", "phase noise amplitude", -100),
			p("magbal", "dB", "IQ magnitude imbalance", 0),
			p("phasebal", "deg", "IQ phase imbalance", 0),
			p("q_ofs", "", "DC offset of Q", 0),
			p("i_ofs", "", "DC offset of I", 0),
			p("freq_offset", "", "frequency offset in cycles per item", 0),
			p("gamma", "", "second-order distortion", 0),
			p("beta", "", "third-order distortion", 0),
		},
		New: func(p registry.Params) (block.Block, error) {
			b := NewImpairments()
			for _, s := range []struct {
				set  *block.Setting[float64]
				name string
			}{{&b.PhaseNoiseMag, "phase_noise_mag"}, {&b.Magbal, "magbal"}, {&b.Phasebal, "phasebal"}, {&b.QOfs, "q_ofs"},
				{&b.IOfs, "i_ofs"}, {&b.FreqOffset, "freq_offset"}, {&b.Gamma, "gamma"}, {&b.Beta, "beta"}} {
				if err := s.set.Set(p.Float(s.name)); err != nil {
					return nil, err
				}
			}
			return b, nil
		}}
}
