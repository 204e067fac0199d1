package blocks

import (
	"fmt"
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// QuadratureDemod is an FM discriminator: it outputs gain·arg(x[n]·conj(x[n-1])),
// the phase step between consecutive samples, like GNU Radio's
// quadrature_demod_cf. For FM with deviation d Hz at sample rate fs, gain =
// fs/(2π·d) gives an output of ±1 at full deviation.
//
// # Stream Inputs
//
// In: complex64 (history 2: each output needs the current and previous sample).
//
// # Stream Outputs
//
// Out: float32, one per input; as in GNU Radio, a zero precedes the stream,
// so the first output is arg(x[0]·0) = 0.
//
// # Parameters
//
// gain (output units per rad/sample).
//
// # Tags
//
// Offsets kept: a tag on input item k goes to output item k, the output
// whose pair ends at x[k].
//
// # Usage
//
//	fm := blocks.NewQuadratureDemod(float32(fs / (2 * math.Pi * deviation)))
//	flowgraph.Connect(g, &src.Out, &fm.In)
//	flowgraph.Connect(g, &fm.Out, &audio.In)
type QuadratureDemod struct {
	In  block.In[complex64]
	Out block.Out[float32]

	gain float32
}

// NewQuadratureDemod returns an FM discriminator with the given gain.
func NewQuadratureDemod(gain float32) *QuadratureDemod {
	b := &QuadratureDemod{gain: gain}
	b.In.SetHistory(2)
	return b
}

// Work implements block.Block.
func (b *QuadratureDemod) Work(*block.IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in)-1, len(out))
	if n <= 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	g := float64(b.gain)
	for i := range n {
		p, c := in[i], in[i+1]
		// c·conj(p)
		re := float64(real(c))*float64(real(p)) + float64(imag(c))*float64(imag(p))
		im := float64(imag(c))*float64(real(p)) - float64(real(c))*float64(imag(p))
		out[i] = float32(g * math.Atan2(im, re))
	}
	b.In.Consume(n)
	b.Out.Produce(n)
	return nil
}

// quadratureDemodSpec is the registry entry of QuadratureDemod.
func quadratureDemodSpec() registry.Spec {
	return registry.Spec{
		ID:  "quadrature_demod",
		Doc: "FM discriminator: gain·arg(x[n]·conj(x[n-1])) (GNU Radio quadrature_demod_cf)",
		Params: []registry.Param{
			{Name: "gain", Type: registry.ParamFloat, Default: 1.0, Unit: "per rad/sample",
				Doc: "output scale; fs/(2π·deviation) for ±1 at full deviation"},
		},
		New: func(p registry.Params) (block.Block, error) {
			g := p.Float("gain")
			if math.IsInf(g, 0) || math.Abs(g) > math.MaxFloat32 {
				return nil, fmt.Errorf("quadrature_demod: gain %v out of float32 range: %w", g, block.ErrBadParam)
			}
			return NewQuadratureDemod(float32(g)), nil
		},
	}
}

// RateChange implements block.RateChanger: one output item per input item.
func (b *QuadratureDemod) RateChange() (interpolation, decimation int) { return 1, 1 }
