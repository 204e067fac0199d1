package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// KeepOneInN decimates its input by N: of each group of N items it keeps
// the last, as GNU Radio's keep_one_in_n does. A last partial group at the
// end of the stream is dropped.
//
// # Stream Inputs
//
//   - In: items of type T, consumed in whole groups of N.
//
// # Stream Outputs
//
//   - Out: item k is In item k*N+N-1.
//
// # Parameters
//
//   - n: N, the decimation factor (items, >= 1).
//
// # Tags
//
// A tag on any item of a group moves to the group's output item: input
// offset i becomes output offset i/N (integer division).
//
// # Usage
//
//	keep, err := blocks.NewKeepOneInN[complex64](10)
//	if err != nil { ... }
//	g.Add("decim", keep)
//	flowgraph.Connect(g, &src.Out, &keep.In)
type KeepOneInN[T any] struct {
	*block.MapNBlock[T, T]
}

// NewKeepOneInN returns a KeepOneInN decimating by n >= 1.
func NewKeepOneInN[T any](n int) (*KeepOneInN[T], error) {
	if n < 1 {
		return nil, streamBadParam("n %d must be at least 1", n)
	}
	return &KeepOneInN[T]{block.MapN(n, 1, func(in, out []T) {
		for i := range out {
			out[i] = in[i*n+n-1]
		}
	})}, nil
}

func keepOneInNFrom[T any](p registry.Params) (block.Block, error) {
	b, err := NewKeepOneInN[T](p.Int("n"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// keepOneInNSpec is the registry entry of keep_one_in_n.
func keepOneInNSpec() registry.Spec {
	return registry.Spec{
		ID:  "keep_one_in_n",
		Doc: "decimate by n, keeping the last item of each group of n",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "n", Type: registry.ParamInt, Unit: "items", Min: registry.Bound(1), Max: registry.Bound(maxRun), Doc: "decimation factor"}},
		New: streamAllTypes(keepOneInNFrom[float32], keepOneInNFrom[complex64], keepOneInNFrom[int8], keepOneInNFrom[uint8], keepOneInNFrom[int16]),
	}
}
