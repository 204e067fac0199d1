package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// RMS outputs the running root mean square of its input (GNU Radio
// rms_cf, rms_ff): the mean of |x|² is averaged by a one-pole filter,
// avg = (1-alpha)·avg + alpha·|x|² in float64 from 0, and the output is
// sqrt(avg), item by item, as GNU Radio computes it.
//
// # Stream Inputs
//
//   - In: complex64 or float32 items.
//
// # Stream Outputs
//
//   - Out: float32 RMS.
//
// # Parameters
//
//   - alpha: the averaging filter's gain, in (0, 1]: about 1/alpha items
//     are averaged.
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	r, err := blocks.NewRMS[complex64](1e-4)
//	g.Add("rms", r)
//	flowgraph.Connect(g, &src.Out, &r.In)
//	flowgraph.Connect(g, &r.Out, &snk.In)
type RMS[T float32 | complex64] struct {
	*block.MapBlock[T, float32]
	alpha, avg float64
}

// NewRMS returns an RMS with the averaging gain alpha, in (0, 1].
func NewRMS[T float32 | complex64](alpha float64) (*RMS[T], error) {
	if !(alpha > 0 && alpha <= 1) {
		return nil, mathBadParam("alpha", alpha, "a number in (0, 1]")
	}
	b := &RMS[T]{alpha: alpha}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

func (b *RMS[T]) work(in []T, out []float32) {
	beta := 1 - b.alpha
	for i, v := range in {
		var m float32 // |x|² in float32, as GNU Radio
		switch x := any(v).(type) {
		case complex64:
			m = real(x)*real(x) + imag(x)*imag(x)
		case float32:
			m = x * x
		}
		b.avg = beta*b.avg + b.alpha*float64(m)
		out[i] = float32(math.Sqrt(b.avg))
	}
}

// rmsSpec is the registry entry of rms.
func rmsSpec() registry.Spec {
	return registry.Spec{ID: "rms", Doc: "running root mean square, averaged by a one-pole filter (GNU Radio rms_cf, rms_ff)",
		Params: []registry.Param{typeParam(TypeComplex64, TypeComplex64, TypeFloat32),
			{Name: "alpha", Type: registry.ParamFloat, Default: 0.0001, Min: registry.Bound(0), Max: registry.Bound(1),
				Doc: "averaging gain in (0, 1]: about 1/alpha items are averaged"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeComplex64: func(p registry.Params) (block.Block, error) { return asBlock(NewRMS[complex64](p.Float("alpha"))) },
				TypeFloat32:   func(p registry.Params) (block.Block, error) { return asBlock(NewRMS[float32](p.Float("alpha"))) },
			})
		}}
}
