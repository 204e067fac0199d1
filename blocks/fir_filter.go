package blocks

import (
	"errors"
	"fmt"
	"slices"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/kernel"
	"github.com/flowrun/flowrun/registry"
)

// FIRFilter filters a stream with a finite impulse response and keeps every
// decimation-th output: y[m] = Σ_k taps[k]·x[m·D-k], computed as
// a correlation of the input window with the reversed taps, as GNU Radio's
// fir_filter_xxx does. T is the item type, Tap the tap type: float32/float32,
// complex64/float32 or complex64/complex64.
//
// # Stream Inputs
//
// In: items of type T; each output needs len(taps) of them (history).
//
// # Stream Outputs
//
// Out: filtered items, one per decimation inputs (⌊n/D⌋ for n inputs). As in
// GNU Radio, len(taps)-1 zeros precede the stream (x[k] = 0 for k < 0).
//
// # Message Inputs
//
//   - set: setting changes (block.Setting), a map {"taps": [...]} or a pair
//     ["taps", [...]], applied between Work calls and tagged like
//     flowgraph.Graph.Set; a bad message (no taps, more taps than the
//     history) is counted (flowgraph.BlockStats.MsgRejected), not fatal.
//     The graph makes this input for every block with settings; it may stay
//     unconnected.
//
// # Parameters
//
// taps: the impulse response, natural order (taps[0] weighs the newest item),
// or taps_file, a text file of them (real or complex; see docs/blocks.md);
// settable while running: the Taps field (b.Taps.Set(taps) from Go code,
// flowgraph.Graph.Set, or a message to set), 1 to as many taps as the
// filter was built with (the history is fixed; shorter taps are padded
// with zeros, which weigh nothing).
// decimation: keep one output in D (1 for none).
//
// # Tags
//
// Forwarded with offsets divided by the decimation (the commit's default);
// set:taps, with the new taps (a []Tap), on the first output computed with
// them while running.
//
// # Usage
//
//	lp, _ := filter.LowPass(filter.Config{SampleRate: 48000, Cutoff: 3000, Transition: 1000})
//	fir, err := blocks.NewFIRFilter[complex64](lp, 4)
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &fir.In)
type FIRFilter[T, Tap firSample] struct {
	In  block.In[T]
	Out block.Out[T]
	// Taps are the taps in natural order, 1 to as many as the filter was
	// built with: parameter "taps". A new value weighs the items kept as
	// history too, from the next output on. The slice given to Set, and
	// the one Get returns, must not be modified.
	Taps block.Setting[[]Tap]

	taps []Tap // Taps reversed, padded with leading zeros to the history; rebuilt in Work when Taps changes
	dec  int
	fir  func(out, in []T, taps []Tap, decim int)
}

// NewFIRFilter returns a FIR filter with the given taps (natural order) and
// decimation. float32 items with complex64 taps are refused.
func NewFIRFilter[T, Tap firSample](taps []Tap, decimation int) (*FIRFilter[T, Tap], error) {
	if len(taps) == 0 {
		return nil, errors.New("fir_filter: no taps")
	}
	if decimation < 1 {
		return nil, fmt.Errorf("fir_filter: decimation %d < 1", decimation)
	}
	history := len(taps)
	f := &FIRFilter[T, Tap]{taps: kernel.Reverse(taps), dec: decimation}
	f.Taps.SetCheck(func(taps []Tap) error {
		if len(taps) == 0 || len(taps) > history {
			return fmt.Errorf("%w: fir_filter: %d taps: want 1 to %d (the history the filter was built with)",
				block.ErrBadParam, len(taps), history)
		}
		return nil
	})
	if err := f.Taps.Set(slices.Clone(taps)); err != nil {
		return nil, err
	}
	switch k := any(&f.fir).(type) {
	case *func([]float32, []float32, []float32, int):
		*k = kernel.FIRReal
	case *func([]complex64, []complex64, []float32, int):
		*k = kernel.FIRComplexReal
	case *func([]complex64, []complex64, []complex64, int):
		*k = kernel.FIRComplex
	default:
		return nil, errors.New("fir_filter: real items need real taps")
	}
	f.In.SetHistory(len(taps))
	f.Out.SetHalfSlices()
	f.In.SetMinItems(decimation)
	return f, nil
}

// Work implements block.Block.
func (f *FIRFilter[T, Tap]) Work(*block.IO) error {
	if f.Taps.Changed() {
		// The history stays: fewer taps are padded with zeros.
		taps := f.Taps.Get()
		r := make([]Tap, len(f.taps))
		copy(r[len(r)-len(taps):], kernel.Reverse(taps))
		f.taps = r
	}
	in, out := f.In.Slice(), f.Out.Slice()
	n := firOutputs(len(in), len(f.taps), f.dec, len(out))
	if n == 0 {
		return f.In.Idle()
	}
	f.fir(out[:n], in, f.taps, f.dec)
	f.In.Consume(n * f.dec)
	f.Out.Produce(n)
	return nil
}

// firFilterSpec is the registry entry of fir_filter.
func firFilterSpec() registry.Spec {
	params := append([]registry.Param{
		typeParam(TypeComplex64, TypeFloat32, TypeComplex64),
		filtersDecimationParam("decimation", "keep one output in decimation"),
		{Name: "complex_taps", Type: registry.ParamComplexes, Default: []complex128{}, Doc: "complex taps (complex64 streams only); when non-empty they win over taps and the design"},
	}, filtersTapsParams()...)
	for i := range params {
		params[i].Settable = params[i].Name == "taps"
	}
	return registry.Spec{
		ID:     "fir_filter",
		Doc:    "FIR filter with optional decimation; taps explicit or designed by the window method",
		Params: params,
		New: func(p registry.Params) (block.Block, error) {
			d := p.Int("decimation")
			ct, real, err := filtersTapsOrFile(p)
			if err != nil {
				return nil, err
			}
			if !real {
				if p.String("type") != TypeComplex64 {
					return nil, fmt.Errorf("%w: complex taps need type complex64", block.ErrBadParam)
				}
				return asBlock(NewFIRFilter[complex64](filtersComplex(ct), d))
			}
			taps := filtersReal(ct)
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32:   func(registry.Params) (block.Block, error) { return asBlock(NewFIRFilter[float32](taps, d)) },
				TypeComplex64: func(registry.Params) (block.Block, error) { return asBlock(NewFIRFilter[complex64](taps, d)) },
			})
		},
	}
}

// RateChange implements block.RateChanger: one output item per decimation input items.
func (f *FIRFilter[T, Tap]) RateChange() (interpolation, decimation int) { return 1, f.dec }
