package blocks

import (
	"math"
	"math/rand/v2"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// NoiseKind is the distribution of a NoiseSource.
type NoiseKind string

// Distributions of NoiseSource.
const (
	Uniform  NoiseKind = "uniform"  // a·U(-1, 1); for complex64, I and Q each a/√2·U(-1, 1)
	Gaussian NoiseKind = "gaussian" // a·N(0, 1); for complex64, I and Q each a/√2·N(0, 1)
)

// NoiseSource produces pseudo-random noise, reproducible from its seed.
//
// # Stream Outputs
//
// Out: float32 or complex64 noise. Gaussian noise has variance a²; complex
// Gaussian noise has independent I and Q of variance a²/2 each, a² in total
// (as GNU Radio). Uniform noise is a·U(-1, 1); complex uniform noise has
// independent I and Q, each a/√2·U(-1, 1), as GNU Radio's noise_source_c
// (power a²/3 in total, as for float32).
//
// # Parameters
//
// noise: uniform or gaussian. amplitude: a. seed: the same seed gives the
// same output (PCG generator of math/rand/v2).
//
// # Tags
//
// None are produced.
//
// # Usage
//
//	src := blocks.NewNoiseSource[complex64](blocks.Gaussian, 0.1, 42)
//	snk := blocks.NewNullSink[complex64]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type NoiseSource[T float32 | complex64] struct {
	*block.SourceBlock[T]
	kind NoiseKind
	ampl float64
	rng  *rand.Rand
}

// NewNoiseSource returns a noise source of the given kind (Gaussian if not
// Uniform), amplitude and seed.
func NewNoiseSource[T float32 | complex64](kind NoiseKind, ampl float64, seed uint64) *NoiseSource[T] {
	if kind != Uniform {
		kind = Gaussian
	}
	b := &NoiseSource[T]{kind: kind, ampl: ampl, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
	b.SourceBlock = block.Source(b.work)
	return b
}

// draw returns one sample of the distribution, scaled by a.
func (b *NoiseSource[T]) draw(a float64) float32 {
	if b.kind == Uniform {
		return float32(a * (2*b.rng.Float64() - 1))
	}
	return float32(a * b.rng.NormFloat64())
}

// work fills out with noise.
func (b *NoiseSource[T]) work(out []T) (int, error) {
	switch o := any(out).(type) {
	case []float32:
		for i := range o {
			o[i] = b.draw(b.ampl)
		}
	case []complex64:
		a := b.ampl * math.Sqrt2 / 2 // per component, as GNU Radio
		for i := range o {
			re := b.draw(a)
			o[i] = complex(re, b.draw(a))
		}
	}
	return len(out), nil
}

// noiseSourceSpec is the registry entry of noise_source.
func noiseSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "noise_source",
		Doc: "produces uniform or Gaussian pseudo-random noise",
		Params: []registry.Param{typeParam(TypeComplex64, TypeFloat32, TypeComplex64),
			{Name: "noise", Type: registry.ParamString, Default: "gaussian", Allowed: []string{"gaussian", "uniform"}, Doc: "distribution"},
			{Name: "amplitude", Type: registry.ParamFloat, Default: 1.0, Doc: "standard deviation (gaussian) or half-width (uniform); complex64: a/√2 for each of I and Q, as GNU Radio"},
			{Name: "seed", Type: registry.ParamInt, Default: 0, Min: registry.Bound(0), Doc: "generator seed: same seed, same output"}},
		New: func(p registry.Params) (block.Block, error) {
			k, a, seed := NoiseKind(p.String("noise")), p.Float("amplitude"), uint64(p.Int("seed"))
			if p.String("type") == TypeFloat32 {
				return NewNoiseSource[float32](k, a, seed), nil
			}
			return NewNoiseSource[complex64](k, a, seed), nil
		},
	}
}
