package blocks

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// AGCOptions configure an AGC block (GNU Radio agc_cc/agc_ff parameters).
type AGCOptions struct {
	// Rate is the gain update step per sample (GNU Radio default 1e-4).
	Rate float64
	// Reference is the output magnitude the loop settles to.
	Reference float64
	// Gain is the initial gain.
	Gain float64
	// MaxGain caps the gain; 0 means no cap.
	MaxGain float64
}

// AGC is an automatic gain control loop with GNU Radio's agc_cc / agc_ff
// semantics: y[n] = g·x[n], then g += rate·(reference − |y[n]|), g capped
// at max_gain when max_gain > 0.
//
// # Stream Inputs
//
// In: complex64 or float32.
//
// # Stream Outputs
//
// Out: the same type, scaled so that |y| tends to reference.
//
// # Parameters
//
// rate (per sample), reference (output magnitude), gain (initial),
// max_gain (0: unlimited).
//
// # Tags
//
// Carried 1:1 (same offsets).
//
// # Usage
//
//	agc, err := blocks.NewAGC[complex64](blocks.AGCOptions{Rate: 1e-4, Reference: 1, Gain: 1, MaxGain: 65536})
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &agc.In)
//	flowgraph.Connect(g, &agc.Out, &demod.In)
type AGC[T float32 | complex64] struct {
	*block.MapBlock[T, T]

	o         AGCOptions
	gain      float64
	isComplex bool
}

// NewAGC returns an AGC loop. Rate, reference and gain must be finite and
// max_gain ≥ 0; errors wrap block.ErrBadParam.
func NewAGC[T float32 | complex64](o AGCOptions) (*AGC[T], error) {
	for _, v := range []float64{o.Rate, o.Reference, o.Gain, o.MaxGain} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("agc: parameter %v is not finite: %w", v, block.ErrBadParam)
		}
	}
	if o.MaxGain < 0 {
		return nil, fmt.Errorf("agc: max_gain %v < 0: %w", o.MaxGain, block.ErrBadParam)
	}
	var zero T
	_, c := any(zero).(complex64)
	b := &AGC[T]{o: o, gain: o.Gain, isComplex: c}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// Gain returns the current gain (for tests and monitoring; not safe while Work runs).
func (b *AGC[T]) Gain() float64 { return b.gain }

// work scales in into out, updating the gain item by item.
func (b *AGC[T]) work(in, out []T) {
	n := len(in)
	rate, ref, maxg, g := b.o.Rate, b.o.Reference, b.o.MaxGain, b.gain
	if b.isComplex {
		src := unsafe.Slice((*complex64)(unsafe.Pointer(unsafe.SliceData(in))), n)
		dst := unsafe.Slice((*complex64)(unsafe.Pointer(unsafe.SliceData(out))), n)
		for i, v := range src {
			yr, yi := g*float64(real(v)), g*float64(imag(v))
			dst[i] = complex(float32(yr), float32(yi))
			g += rate * (ref - math.Sqrt(yr*yr+yi*yi))
			if maxg > 0 && g > maxg {
				g = maxg
			}
		}
	} else {
		src := unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(in))), n)
		dst := unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(out))), n)
		for i, v := range src {
			y := g * float64(v)
			dst[i] = float32(y)
			g += rate * (ref - math.Abs(y))
			if maxg > 0 && g > maxg {
				g = maxg
			}
		}
	}
	b.gain = g
}

// agcSpec is the registry entry of AGC.
func agcSpec() registry.Spec {
	return registry.Spec{
		ID:  "agc",
		Doc: "automatic gain control (GNU Radio agc_cc/agc_ff)",
		Params: []registry.Param{
			typeParam(TypeComplex64, TypeComplex64, TypeFloat32),
			{Name: "rate", Type: registry.ParamFloat, Default: 1e-4, Min: registry.Bound(0), Unit: "per sample",
				Doc: "gain update step"},
			{Name: "reference", Type: registry.ParamFloat, Default: 1.0, Min: registry.Bound(0), Doc: "target output magnitude"},
			{Name: "gain", Type: registry.ParamFloat, Default: 1.0, Doc: "initial gain"},
			{Name: "max_gain", Type: registry.ParamFloat, Default: 65536.0, Min: registry.Bound(0), Doc: "gain cap (0: none)"},
		},
		New: func(p registry.Params) (block.Block, error) {
			o := AGCOptions{Rate: p.Float("rate"), Reference: p.Float("reference"), Gain: p.Float("gain"), MaxGain: p.Float("max_gain")}
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeComplex64: func(registry.Params) (block.Block, error) { return asBlock(NewAGC[complex64](o)) },
				TypeFloat32:   func(registry.Params) (block.Block, error) { return asBlock(NewAGC[float32](o)) },
			})
		},
	}
}
