package blocks

import (
	"errors"
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// IIRFilter is a direct-form-I IIR filter on float32 items with float64
// taps and state, like GNU Radio's iir_filter_ffd:
//
//	y[n] = Σ_{k>=0} ff[k]·x[n-k] + Σ_{k>=1} fb[k]·y[n-k]   (oldstyle, the default)
//	y[n] = Σ_{k>=0} ff[k]·x[n-k] − Σ_{k>=1} fb[k]·y[n-k]   (oldstyle false: MATLAB's a coefficients)
//
// fb[0] is ignored (taken as 1). State starts at zero.
//
// # Stream Inputs
//
// In: float32 items.
//
// # Stream Outputs
//
// Out: float32 items, one per input.
//
// # Parameters
//
// fftaps: feed-forward taps b. fbtaps: feedback taps a. oldstyle: sign convention.
//
// # Tags
//
// Forwarded 1:1.
//
// # Usage
//
//	// one-pole low-pass y[n] = 0.1·x[n] + 0.9·y[n-1]
//	iir, err := blocks.NewIIRFilter([]float64{0.1}, []float64{1, 0.9}, true)
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &iir.In)
type IIRFilter struct {
	*block.MapBlock[float32, float32]
	ff, fb []float64 // fb negated for the new style, fb[0] unused
	xs, ys []float64 // past inputs and outputs, circular, newest at pos
	pos    int
}

// NewIIRFilter returns an IIR filter with feed-forward taps ff and feedback
// taps fb (fb[0] ignored); oldstyle selects GNU Radio's sign convention.
func NewIIRFilter(ff, fb []float64, oldstyle bool) (*IIRFilter, error) {
	if len(ff) == 0 {
		return nil, errors.New("iir_filter: no feed-forward taps")
	}
	if len(fb) == 0 {
		fb = []float64{1}
	}
	f := &IIRFilter{ff: append([]float64(nil), ff...), fb: append([]float64(nil), fb...)}
	if !oldstyle {
		for i := range f.fb {
			f.fb[i] = -f.fb[i]
		}
	}
	n := max(len(ff), len(fb))
	f.xs, f.ys = make([]float64, n), make([]float64, n)
	f.MapBlock = block.Map(f.work)
	return f, nil
}

// work filters in into out, carrying the state across calls.
func (f *IIRFilter) work(in, out []float32) {
	size := len(f.xs)
	for i, x := range in {
		f.pos--
		if f.pos < 0 {
			f.pos = size - 1
		}
		f.xs[f.pos] = float64(x)
		acc := 0.0
		j := f.pos
		for _, b := range f.ff {
			acc += b * f.xs[j]
			if j++; j == size {
				j = 0
			}
		}
		// ys[pos] still holds y[n-size], unused; y[n-k] is at pos+k.
		j = f.pos
		for _, a := range f.fb[1:] {
			if j++; j == size {
				j = 0
			}
			acc += a * f.ys[j]
		}
		f.ys[f.pos] = acc
		out[i] = float32(acc)
	}
}

// iirFilterSpec is the registry entry of iir_filter.
func iirFilterSpec() registry.Spec {
	return registry.Spec{
		ID:  "iir_filter",
		Doc: "direct-form IIR filter with feed-forward and feedback taps (float32)",
		Params: []registry.Param{
			{Name: "fftaps", Type: registry.ParamFloats, Default: []float64{1}, Doc: "feed-forward taps b[0..]"},
			{Name: "fbtaps", Type: registry.ParamFloats, Default: []float64{1}, Doc: "feedback taps a[0..] (a[0] ignored)"},
			{Name: "oldstyle", Type: registry.ParamBool, Default: true, Doc: "true: y += Σ a[k]·y[n-k] (GNU Radio); false: y -= Σ a[k]·y[n-k] (MATLAB)"},
		},
		New: func(p registry.Params) (block.Block, error) {
			f, err := NewIIRFilter(p.Floats("fftaps"), p.Floats("fbtaps"), p.Bool("oldstyle"))
			if err != nil {
				return nil, fmt.Errorf("%w: %w", block.ErrBadParam, err)
			}
			return f, nil
		},
	}
}
