package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Abs outputs the absolute value of every item (GNU Radio abs_ff,
// abs_ss). For int16, as in GNU Radio, -32768 has no positive value in
// the type and stays -32768.
//
// # Stream Inputs
//
//   - In: float32 or int16 items.
//
// # Stream Outputs
//
//   - Out: |In|, same type.
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	a := blocks.NewAbs[float32]()
//	g.Add("abs", a)
//	flowgraph.Connect(g, &src.Out, &a.In)
//	flowgraph.Connect(g, &a.Out, &snk.In)
type Abs[T float32 | int16] struct {
	*block.MapBlock[T, T]
}

// NewAbs returns an Abs.
func NewAbs[T float32 | int16]() *Abs[T] {
	b := &Abs[T]{}
	b.MapBlock = block.Map(b.work)
	return b
}

func (b *Abs[T]) work(in, out []T) {
	for i, v := range in {
		if v < 0 {
			v = -v // -32768 wraps to itself, as (short)abs(x) in GNU Radio
		}
		out[i] = v
	}
}

// absSpec is the registry entry of abs.
func absSpec() registry.Spec {
	return registry.Spec{ID: "abs", Doc: "absolute value of every item (GNU Radio abs_ff, abs_ss)",
		Params: []registry.Param{typeParam(TypeFloat32, TypeFloat32, TypeInt16)},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32: func(registry.Params) (block.Block, error) { return NewAbs[float32](), nil },
				TypeInt16:   func(registry.Params) (block.Block, error) { return NewAbs[int16](), nil },
			})
		}}
}
