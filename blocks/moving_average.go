package blocks

import (
	"errors"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// MovingAverage outputs scale times the sum of the last length inputs, with
// a running sum (one add and one subtract per item) that is recomputed at
// every Work call and every filtersMaxRun items so rounding cannot drift.
//
// # Stream Inputs
//
// In: float32 or complex64 items; each output needs length of them (history).
//
// # Stream Outputs
//
// Out: y[n] = scale·Σ_{k<length} x[n-k], one per input; as in GNU Radio,
// length-1 zeros precede the stream (x[k] = 0 for k < 0).
//
// # Parameters
//
// length: window length in items. scale: factor (1/length for a mean).
//
// # Tags
//
// Forwarded 1:1.
//
// # Usage
//
//	ma, err := blocks.NewMovingAverage[float32](16, 1.0/16)
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &ma.In)
type MovingAverage[T firSample] struct {
	In     block.In[T]
	Out    block.Out[T]
	length int
	scale  T
}

// filtersMaxRun bounds how many items a running sum is carried before it
// is recomputed from the window.
const filtersMaxRun = 4096

// NewMovingAverage returns a moving average over length items scaled by scale.
func NewMovingAverage[T firSample](length int, scale T) (*MovingAverage[T], error) {
	if length < 1 {
		return nil, errors.New("moving_average: length < 1")
	}
	m := &MovingAverage[T]{length: length, scale: scale}
	m.In.SetHistory(length)
	return m, nil
}

// Work implements block.Block.
func (m *MovingAverage[T]) Work(*block.IO) error {
	in, out := m.In.Slice(), m.Out.Slice()
	n := firOutputs(len(in), m.length, 1, len(out))
	if n == 0 {
		return m.In.Idle()
	}
	l := m.length
	for start := 0; start < n; start += filtersMaxRun {
		end := min(start+filtersMaxRun, n)
		var s T
		for _, x := range in[start : start+l-1] {
			s += x
		}
		for i := start; i < end; i++ {
			s += in[i+l-1]
			out[i] = s * m.scale
			s -= in[i]
		}
	}
	m.In.Consume(n)
	m.Out.Produce(n)
	return nil
}

// movingAverageSpec is the registry entry of moving_average.
func movingAverageSpec() registry.Spec {
	return registry.Spec{
		ID:  "moving_average",
		Doc: "scaled sum of the last length items (running sum)",
		Params: []registry.Param{
			typeParam(TypeFloat32, TypeFloat32, TypeComplex64),
			{Name: "length", Type: registry.ParamInt, Default: 16, Min: registry.Bound(1), Max: registry.Bound(1 << 20), Unit: "items", Doc: "window length"},
			{Name: "scale", Type: registry.ParamFloat, Default: 1.0 / 16, Doc: "output scale (1/length for a mean)"},
		},
		New: func(p registry.Params) (block.Block, error) {
			l, s := p.Int("length"), p.Float("scale")
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32: func(registry.Params) (block.Block, error) {
					return asBlock(NewMovingAverage(l, float32(s)))
				},
				TypeComplex64: func(registry.Params) (block.Block, error) {
					return asBlock(NewMovingAverage(l, complex(float32(s), 0)))
				},
			})
		},
	}
}

// RateChange implements block.RateChanger: one output item per input item.
func (m *MovingAverage[T]) RateChange() (interpolation, decimation int) { return 1, 1 }
