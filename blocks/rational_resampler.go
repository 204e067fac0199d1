package blocks

import (
	"errors"
	"fmt"
	"slices"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/filter"
	"github.com/flowrun/flowrun/blocks/internal/kernel"
	"github.com/flowrun/flowrun/blocks/window"
	"github.com/flowrun/flowrun/registry"
)

// RationalResampler changes the sample rate by interpolation/decimation
// with a polyphase filter, like GNU Radio's rational_resampler: output m is
// sample m·D of the input zero-stuffed by I and filtered with taps
// (L = ⌈len(taps)/I⌉ taps per phase), computed with only the phase of the
// taps that meets non-zero input.
//
// What precedes the stream is the history parameter. ResamplerNoHistory,
// the default, is GNU Radio 3.10's behaviour: nothing precedes it, so each
// output reads the L inputs from the one it has reached onwards, and output
// m is the zero-stuffed filter's sample m·D + (L−1)·I: the stream is
// advanced by L−1 inputs, and outputs stop when fewer than L inputs are
// left (GNU Radio 3.10.5.1's block has history 1 and reads ahead; its
// issue #7833). It is the default so that a flowgraph ported from GNU
// Radio gives the same items at the same offsets (GNU Radio's forecast may
// stop it one output earlier at the end of a stream). ResamplerZeros puts L−1 zeros before the stream, as fir_filter
// does: output m is then sample m·D itself, and n inputs give about n·I/D
// outputs.
//
// # Stream Inputs
//
// In: float32 or complex64 items; each output reads L of them.
//
// # Stream Outputs
//
// Out: with ResamplerZeros about n·I/D items for n inputs (within one);
// with ResamplerNoHistory about (n−L+1)·I/D.
//
// # Parameters
//
// interpolation I, decimation D (reduced by their gcd); taps, natural order
// (or taps_file, a text file of them; see docs/blocks.md), or, when empty,
// GNU Radio's default design: a Kaiser (β=7) low-pass of gain
// I at the narrower Nyquist band, with fractional_bw (default 0.4) of it
// passed. history: "none" (ResamplerNoHistory, default) or "zeros"
// (ResamplerZeros).
//
// # Tags
//
// Forwarded with offsets scaled by produced/consumed of each Work call
// (the commit's default forwarding), i.e. about I/D.
//
// # Usage
//
//	rs, err := blocks.NewRationalResampler[complex64](3, 2, nil, 0.4, blocks.ResamplerNoHistory)
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &rs.In)
type RationalResampler[T firSample] struct {
	In     block.In[T]
	Out    block.Out[T]
	interp int
	dec    int
	phases [][]float32 // phase k: taps[k+j·I], reversed
	ctr    int         // current phase
	fir    func(x []T, taps []float32) T
}

// ResamplerHistory is what precedes a RationalResampler's input stream.
type ResamplerHistory int

const (
	// ResamplerNoHistory: nothing, as in GNU Radio 3.10 (the default).
	ResamplerNoHistory ResamplerHistory = iota
	// ResamplerZeros: L−1 zeros, as before a fir_filter's stream.
	ResamplerZeros
)

// resamplerHistories are the names of the history parameter, in
// ResamplerHistory order.
var resamplerHistories = []string{"none", "zeros"}

// ResamplerTaps designs the default taps GNU Radio's rational_resampler
// uses for interpolation/decimation with fractional bandwidth fbw in (0, 0.5).
func ResamplerTaps(interpolation, decimation int, fbw float64) ([]float32, error) {
	if !(fbw > 0 && fbw < 0.5) {
		return nil, fmt.Errorf("%w: fractional_bw %g not in (0, 0.5)", filter.ErrBadSpec, fbw)
	}
	const halfband = 0.5
	rate := float64(interpolation) / float64(decimation)
	tw, mid := halfband-fbw, 0.0
	if rate >= 1 {
		mid = halfband - tw/2
	} else {
		tw *= rate
		mid = rate*halfband - tw/2
	}
	i := float64(interpolation)
	return filter.LowPass(filter.Config{Gain: i, SampleRate: i, Cutoff: mid, Transition: tw, Window: window.Kaiser, Beta: 7})
}

func filtersGCD(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// NewRationalResampler returns a resampler by interpolation/decimation;
// with no taps it designs the default ones with fractional bandwidth fbw.
// history says what precedes the stream (see RationalResampler).
func NewRationalResampler[T firSample](interpolation, decimation int, taps []float32, fbw float64, history ResamplerHistory) (*RationalResampler[T], error) {
	if interpolation < 1 || decimation < 1 {
		return nil, errors.New("rational_resampler: interpolation and decimation must be >= 1")
	}
	if history != ResamplerNoHistory && history != ResamplerZeros {
		return nil, fmt.Errorf("rational_resampler: unknown history %d", history)
	}
	g := filtersGCD(interpolation, decimation)
	interpolation, decimation = interpolation/g, decimation/g
	if len(taps) == 0 {
		var err error
		if taps, err = ResamplerTaps(interpolation, decimation, fbw); err != nil {
			return nil, err
		}
	}
	l := (len(taps) + interpolation - 1) / interpolation
	r := &RationalResampler[T]{interp: interpolation, dec: decimation, phases: make([][]float32, interpolation)}
	for k := range r.phases {
		p := make([]float32, l)
		for j := range l {
			if i := k + j*interpolation; i < len(taps) {
				p[j] = taps[i]
			}
		}
		r.phases[k] = kernel.Reverse(p)
	}
	switch f := any(&r.fir).(type) {
	case *func([]float32, []float32) float32:
		*f = kernel.DotReal
	case *func([]complex64, []float32) complex64:
		*f = kernel.DotComplexReal
	}
	if history == ResamplerZeros {
		r.In.SetHistory(l)
		r.In.SetMinItems((decimation + interpolation - 1) / interpolation)
	} else {
		r.In.SetMinItems(max(l, (decimation+interpolation-1)/interpolation))
	}
	return r, nil
}

// Rates returns the interpolation and decimation after gcd reduction.
func (r *RationalResampler[T]) Rates() (interpolation, decimation int) { return r.interp, r.dec }

// Work implements block.Block.
func (r *RationalResampler[T]) Work(*block.IO) error {
	in, out := r.In.Slice(), r.Out.Slice()
	l := len(r.phases[0])
	count, n := 0, 0
	for n < len(out) {
		adv := (r.ctr + r.dec) / r.interp
		if count+max(l, adv) > len(in) {
			break
		}
		out[n] = r.fir(in[count:], r.phases[r.ctr])
		n++
		r.ctr += r.dec
		count += adv
		r.ctr -= adv * r.interp
	}
	if n == 0 && count == 0 {
		if r.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	r.In.Consume(count)
	r.Out.Produce(n)
	return nil
}

// rationalResamplerSpec is the registry entry of rational_resampler.
func rationalResamplerSpec() registry.Spec {
	return registry.Spec{
		ID:  "rational_resampler",
		Doc: "change the sample rate by interpolation/decimation with a polyphase filter",
		Params: []registry.Param{
			typeParam(TypeComplex64, TypeFloat32, TypeComplex64),
			filtersDecimationParam("interpolation", "interpolation factor I"),
			filtersDecimationParam("decimation", "decimation factor D"),
			{Name: "taps", Type: registry.ParamFloats, Default: []float64{}, Doc: "filter taps at the interpolated rate; empty: GNU Radio's default Kaiser design"},
			filtersTapsFileParam(),
			{Name: "fractional_bw", Type: registry.ParamFloat, Default: 0.4, Min: registry.Bound(0), Max: registry.Bound(0.5), Doc: "default design: pass band as a fraction of the narrower Nyquist band"},
			{Name: "history", Type: registry.ParamString, Default: "none", Allowed: resamplerHistories, Doc: "what precedes the stream: none (GNU Radio 3.10: outputs advanced by L-1 inputs) or zeros (L-1 zeros, as fir_filter)"},
		},
		New: func(p registry.Params) (block.Block, error) {
			ft := p.Floats("taps")
			taps := make([]float32, len(ft))
			for i, v := range ft {
				taps[i] = float32(v)
			}
			if path := p.String("taps_file"); path != "" {
				if len(ft) > 0 {
					return nil, fmt.Errorf("%w: taps and taps_file both given: use one", block.ErrBadParam)
				}
				ct, real, err := filtersReadTaps(path)
				if err != nil {
					return nil, err
				}
				if !real {
					return nil, fmt.Errorf("%w: rational_resampler: taps must be real", block.ErrBadParam)
				}
				taps = filtersReal(ct)
			}
			i, d, fbw := p.Int("interpolation"), p.Int("decimation"), p.Float("fractional_bw")
			h := ResamplerHistory(slices.Index(resamplerHistories, p.String("history")))
			b, err := byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32: func(registry.Params) (block.Block, error) {
					return asBlock(NewRationalResampler[float32](i, d, taps, fbw, h))
				},
				TypeComplex64: func(registry.Params) (block.Block, error) {
					return asBlock(NewRationalResampler[complex64](i, d, taps, fbw, h))
				},
			})
			if err != nil {
				return nil, fmt.Errorf("%w: %w", block.ErrBadParam, err)
			}
			return b, nil
		},
	}
}

// RateChange implements block.RateChanger: interpolation output items per decimation input items.
func (r *RationalResampler[T]) RateChange() (interpolation, decimation int) { return r.interp, r.dec }
