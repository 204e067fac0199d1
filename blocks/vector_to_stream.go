package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// VectorToStream turns vectors of N items back into a plain stream. As a
// vector is a run of N consecutive items, the block passes items unchanged,
// consuming whole vectors only. A last partial vector at the end of the
// stream is dropped.
//
// # Stream Inputs
//
//   - In: vectors of N items of type T.
//
// # Stream Outputs
//
//   - Out: the same items, as a stream.
//
// # Parameters
//
//   - items: N, the vector length (items, >= 1).
//
// # Tags
//
// Tags keep their offsets.
//
// # Usage
//
//	v2s, err := blocks.NewVectorToStream[complex64](1024)
//	if err != nil { ... }
//	flowgraph.Connect(g, &fft.Out, &v2s.In)
//	flowgraph.Connect(g, &v2s.Out, &snk.In)
type VectorToStream[T any] struct {
	*block.MapNBlock[T, T]
}

// NewVectorToStream returns a VectorToStream for vectors of n >= 1 items.
func NewVectorToStream[T any](n int) (*VectorToStream[T], error) {
	if n < 1 {
		return nil, streamBadParam("items %d must be at least 1", n)
	}
	return &VectorToStream[T]{block.MapN(n, n, func(in, out []T) { copy(out, in) })}, nil
}

func vectorToStreamFrom[T any](p registry.Params) (block.Block, error) {
	b, err := NewVectorToStream[T](p.Int("items"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// vectorToStreamSpec is the registry entry of vector_to_stream.
func vectorToStreamSpec() registry.Spec {
	return registry.Spec{
		ID:     "vector_to_stream",
		Doc:    "turn vectors of N items back into a stream, consuming whole vectors",
		Params: []registry.Param{typeParam(TypeComplex64), streamVectorLengthParam()},
		New: streamAllTypes(vectorToStreamFrom[float32], vectorToStreamFrom[complex64], vectorToStreamFrom[int8],
			vectorToStreamFrom[uint8], vectorToStreamFrom[int16]),
	}
}
