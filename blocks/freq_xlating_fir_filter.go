package blocks

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"slices"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/kernel"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// FreqXlatingFIRFilter shifts the band around centre frequency fc down to
// zero, filters it and decimates, with GNU Radio's freq_xlating_fir_filter
// method: the taps are shifted up to fc (taps[k]·e^{jωk}, ω = 2π·fc/fs), the
// input is filtered at the decimated rate with them, and each output is
// rotated by e^{−jω(n−(N−1)/2)}, n the index of its newest input and N the
// number of taps. The result equals mixing the input by e^{−jωn}, filtering
// with the original taps, decimating and turning by e^{−jω(N−1)/2}: the
// mixer's phase is referred to the centre of the filter, as GNU Radio 3.10
// does (build_composite_fir), so that a retune does not make a symmetric
// filter's output jump in phase. As in GNU Radio, ω and the rotator's step
// ω·D are rounded to float32 (about 1e-7 of fc), and len(taps)-1 zeros
// precede the stream.
//
// # Stream Inputs
//
// In: complex64 items at sample_rate; each output needs len(taps) (history).
//
// # Stream Outputs
//
// Out: complex64 items at sample_rate/decimation, the band at fc now at 0 Hz.
//
// # Message Inputs
//
//   - freq: a new centre frequency, as GNU Radio's freq input takes it: a
//     map {"freq": f} or a pair [key, f] (any key), f a number in Hz; other
//     messages are ignored, as GNU Radio ignores them.
//   - set: setting changes (block.Setting), a map {"center_freq": f} or a
//     pair ["center_freq", f], applied between Work calls and tagged like
//     flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. The graph makes this
//     input for every block with settings; it may stay unconnected.
//
// # Parameters
//
// taps: low-pass prototype, natural order, or taps_file, a text file of
// them (see docs/blocks.md). center_freq: Hz, may be
// negative; settable while running: the CenterFreq field
// (b.CenterFreq.Set(f) from Go code, flowgraph.Graph.Set, a message to set
// or to freq). A retune turns the rotator by e^{−jΔω(N−1)/2}, as GNU
// Radio's set_center_freq does. sample_rate: Hz. decimation: keep one
// output in D.
//
// # Tags
//
// Forwarded with offsets divided by the decimation; set:center_freq, with
// the new frequency (a float64), on the first output computed with it while
// running (GNU Radio tags it "freq").
//
// # Usage
//
//	lp, _ := filter.LowPass(filter.Config{SampleRate: 2.4e6, Cutoff: 100e3, Transition: 20e3})
//	x, err := blocks.NewFreqXlatingFIRFilter(lp, 250e3, 2.4e6, 10)
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &x.In)
type FreqXlatingFIRFilter struct {
	In  block.In[complex64]
	Out block.Out[complex64]
	// Freq takes GNU Radio's freq messages (see the type's doc).
	Freq block.MsgIn
	// CenterFreq is the centre frequency in Hz, finite: parameter
	// "center_freq".
	CenterFreq block.Setting[float64] `param:"center_freq"`

	proto []float32
	fs    float64
	prev  float64     // centre frequency the taps and rotator were built for
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
	if !(sampleRate > 0) || math.IsInf(sampleRate, 0) {
		return nil, fmt.Errorf("%w: freq_xlating_fir_filter: sample rate %g Hz must be > 0", block.ErrBadParam, sampleRate)
	}
	x := &FreqXlatingFIRFilter{proto: slices.Clone(taps), fs: sampleRate, dec: decimation, phase: 1}
	x.CenterFreq.SetCheck(func(f float64) error {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%w: freq_xlating_fir_filter: centre frequency %g Hz must be finite", block.ErrBadParam, f)
		}
		return nil
	})
	if err := x.CenterFreq.Set(centerFreq); err != nil {
		return nil, err
	}
	x.Freq.SetHandler(x.handleFreq)
	x.retune(centerFreq)
	x.In.SetHistory(len(taps))
	x.Out.SetHalfSlices()
	x.In.SetMinItems(decimation)
	return x, nil
}

// retune rebuilds the shifted taps and the rotator for centre frequency fc,
// with GNU Radio's float32 arithmetic (build_composite_fir): the rotator's
// phase turns by −Δω(N−1)/2 for the change Δω from the previous centre
// frequency (0 when the filter is made).
func (x *FreqXlatingFIRFilter) retune(fc float64) {
	deltaOmega := float32(2 * math.Pi * float64(float32(fc-x.prev)) / x.fs)
	deltaPhase := float64(float32(-float64(deltaOmega*float32(len(x.proto)-1)) / 2))
	x.phase /= complex(cmplx.Abs(x.phase), 0)
	x.phase *= cmplx.Exp(complex(0, deltaPhase))
	w := float32(2 * math.Pi * fc / x.fs)
	shifted := make([]complex64, len(x.proto))
	for k, t := range x.proto {
		// GNU Radio forms k·ω in float32 (up to 1e-5 rad off for 100
		// taps); the float64 product is exact enough.
		shifted[k] = complex64(complex(float64(t), 0) * cmplx.Exp(complex(0, float64(k)*float64(w))))
	}
	x.taps = kernel.Reverse(shifted)
	x.incr = cmplx.Exp(complex(0, -float64(w*float32(x.dec)))) // ω·D in float32, as GNU Radio
	x.prev = fc
}

// handleFreq takes a freq message: {"freq": f} or [key, f].
func (x *FreqXlatingFIRFilter) handleFreq(v pmt.Value) error {
	var f pmt.Value
	if m, ok := v.Map(); ok {
		f = m["freq"]
	} else if l, ok := v.List(); ok && len(l) == 2 {
		f = l[1]
	}
	if hz, ok := f.Float(); ok {
		_ = x.CenterFreq.Set(hz) // a non-finite frequency is ignored, as any bad message
	}
	return nil
}

// Work implements block.Block.
func (x *FreqXlatingFIRFilter) Work(*block.IO) error {
	if x.CenterFreq.Changed() {
		if fc := x.CenterFreq.Get(); fc != x.prev {
			x.retune(fc)
		}
	}
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
		{Name: "center_freq", Type: registry.ParamFloat, Default: 0.0, Unit: "Hz", Settable: true, Doc: "centre of the band to move to 0 Hz"},
	}, filtersTapsParams()...)
	return registry.Spec{
		ID:     "freq_xlating_fir_filter",
		Doc:    "shift a band to 0 Hz, low-pass filter and decimate (complex64)",
		Params: params,
		New: func(p registry.Params) (block.Block, error) {
			ct, real, err := filtersTapsOrFile(p)
			if err != nil {
				return nil, err
			}
			if !real {
				return nil, fmt.Errorf("%w: freq_xlating_fir_filter: taps must be real", block.ErrBadParam)
			}
			return asBlock(NewFreqXlatingFIRFilter(filtersReal(ct), p.Float("center_freq"), p.Float("sample_rate"), p.Int("decimation")))
		},
	}
}

// RateChange implements block.RateChanger: one output item per decimation input items.
func (x *FreqXlatingFIRFilter) RateChange() (interpolation, decimation int) { return 1, x.dec }
