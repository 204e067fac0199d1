package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// StreamToVector groups its input into vectors of N items. flowrun has no
// vector item type: a vector is a run of N consecutive items, so the block
// passes items unchanged and guarantees that its output only ever grows by
// whole vectors, which a vector block downstream relies on. A last partial
// vector at the end of the stream is dropped.
//
// # Stream Inputs
//
//   - In: items of type T.
//
// # Stream Outputs
//
//   - Out: In in whole vectors of N items.
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
//	s2v, err := blocks.NewStreamToVector[complex64](1024)
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &s2v.In)
//	flowgraph.Connect(g, &s2v.Out, &fft.In)
type StreamToVector[T any] struct {
	*block.MapNBlock[T, T]
}

// NewStreamToVector returns a StreamToVector making vectors of n >= 1 items.
func NewStreamToVector[T any](n int) (*StreamToVector[T], error) {
	if n < 1 {
		return nil, streamBadParam("items %d must be at least 1", n)
	}
	return &StreamToVector[T]{block.MapN(n, n, func(in, out []T) { copy(out, in) })}, nil
}

func streamToVectorFrom[T any](p registry.Params) (block.Block, error) {
	b, err := NewStreamToVector[T](p.Int("items"))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// streamToVectorSpec is the registry entry of stream_to_vector.
func streamToVectorSpec() registry.Spec {
	return registry.Spec{
		ID:     "stream_to_vector",
		Doc:    "group a stream into vectors of N items (runs of N, passed whole)",
		Params: []registry.Param{typeParam(TypeComplex64), streamVectorLengthParam()},
		New: streamAllTypes(streamToVectorFrom[float32], streamToVectorFrom[complex64], streamToVectorFrom[int8],
			streamToVectorFrom[uint8], streamToVectorFrom[int16]),
	}
}
