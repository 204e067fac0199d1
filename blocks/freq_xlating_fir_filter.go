package blocks

import (
	"errors"
	"math"
	"math/cmplx"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/kernel"
	"github.com/flowrun/flowrun/registry"
)

// FreqXlatingFIRFilter shifts the band around centre frequency fc down to
// zero, filters it and decimates, with GNU Radio's freq_xlating_fir_filter
// method: the taps are shifted up to fc (taps[k]·e^{jωk}, ω = 2π·fc/fs), the
// input is filtered at the decimated rate with them, and each output is
// rotated by e^{−jωn} (n the index of its newest input). The result equals
// mixing the input by e^{−jωn}, filtering with the original taps and
// decimating; as in GNU Radio, len(taps)-1 zeros precede the stream.
//
// # Stream Inputs
//
// In: complex64 items at sample_rate; each output needs len(taps) (history).
//
// # Stream Outputs
//
// Out: complex64 items at sample_rate/decimation, the band at fc now at 0 Hz.
//
// # Parameters
//
// taps: low-pass prototype, natural order. center_freq: Hz, may be negative.
// sample_rate: Hz. decimation: keep one output in D.
//
// # Tags
//
// Forwarded with offsets divided by the decimation.
//
// # Usage
//
//	lp, _ := filter.LowPass(filter.Config{SampleRate: 2.4e6, Cutoff: 100e3, Transition: 20e3})
//	x, err := blocks.NewFreqXlatingFIRFilter(lp, 250e3, 2.4e6, 10)
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &x.In)
type FreqXlatingFIRFilter struct {
	In    block.In[complex64]
	Out   block.Out[complex64]
	taps  []complex64 // shifted, reversed
	dec   int
	phase complex128
	incr  complex128
	count int // outputs since the phase was renormalised
}

// NewFreqXlatingFIRFilter returns a frequency-translating decimating filter.
func NewFreqXlatingFIRFilter(taps []float32, centerFreq, sampleRate float64, decimation int) (*FreqXlatingFIRFilter, error) {
	if len(taps) == 0 {
		return nil, errors.New("freq_xlating_fir_filter: no taps")
	}
	if decimation < 1 {
		return nil, errors.New("freq_xlating_fir_filter: decimation < 1")
	}
	if !(sampleRate > 0) || math.IsInf(sampleRate, 0) || math.IsNaN(centerFreq) || math.IsInf(centerFreq, 0) {
		return nil, errors.New("freq_xlating_fir_filter: bad sample rate or centre frequency")
	}
	w := 2 * math.Pi * centerFreq / sampleRate
	shifted := make([]complex64, len(taps))
	for k, t := range taps {
		shifted[k] = complex64(complex(float64(t), 0) * cmplx.Exp(complex(0, w*float64(k))))
	}
	x := &FreqXlatingFIRFilter{taps: kernel.Reverse(shifted), dec: decimation,
		// The first output's newest input is item 0 (history zeros before it).
		phase: 1,
		incr:  cmplx.Exp(complex(0, -w*float64(decimation)))}
	x.In.SetHistory(len(taps))
	x.Out.SetHalfSlices()
	x.In.SetMinItems(decimation)
	return x, nil
}

// Work implements block.Block.
func (x *FreqXlatingFIRFilter) Work(*block.IO) error {
	in, out := x.In.Slice(), x.Out.Slice()
	n := firOutputs(len(in), len(x.taps), x.dec, len(out))
	if n == 0 {
		return x.In.Idle()
	}
	kernel.FIRComplex(out[:n], in, x.taps, x.dec)
	for i := range out[:n] {
		out[i] = complex64(complex128(out[i]) * x.phase)
		x.phase *= x.incr
		if x.count++; x.count == 1024 {
			x.phase /= complex(cmplx.Abs(x.phase), 0)
			x.count = 0
		}
	}
	x.In.Consume(n * x.dec)
	x.Out.Produce(n)
	return nil
}

// freqXlatingFIRFilterSpec is the registry entry of freq_xlating_fir_filter.
func freqXlatingFIRFilterSpec() registry.Spec {
	params := append([]registry.Param{
		filtersDecimationParam("decimation", "keep one output in decimation"),
		{Name: "center_freq", Type: registry.ParamFloat, Default: 0.0, Unit: "Hz", Doc: "centre of the band to move to 0 Hz"},
	}, filtersTapsParams()...)
	return registry.Spec{
		ID:     "freq_xlating_fir_filter",
		Doc:    "shift a band to 0 Hz, low-pass filter and decimate (complex64)",
		Params: params,
		New: func(p registry.Params) (block.Block, error) {
			taps, err := filtersTaps(p)
			if err != nil {
				return nil, err
			}
			return asBlock(NewFreqXlatingFIRFilter(taps, p.Float("center_freq"), p.Float("sample_rate"), p.Int("decimation")))
		},
	}
}
