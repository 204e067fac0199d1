package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// MatrixInterleaver reorders each block of rows·cols items as GNU Radio's
// matrix_interleaver does: interleaving writes the block into a rows×cols
// matrix row by row and reads it column by column; deinterleaving undoes it.
// Items past the last whole block wait for the rest of it (at the end of
// the stream they are dropped).
//
// # Stream Inputs
//
//   - In: items of any stream type.
//
// # Stream Outputs
//
//   - Out: the same items, reordered within each block of rows·cols.
//
// # Parameters
//
// rows, cols: the matrix (each at least 1); deinterleave: read column by
// column and write row by row instead.
//
// # Tags
//
// Each stays at its offset in the stream (it does not follow its item to
// the item's new place). GNU Radio's matrix_interleaver (a Python hier
// block) drops them.
//
// # Usage
//
//	il, _ := blocks.NewMatrixInterleaver[float32](4, 8, false)
//	flowgraph.Connect(g, &src.Out, &il.In)
type MatrixInterleaver[T any] struct {
	*block.MapNBlock[T, T]
}

// NewMatrixInterleaver returns a MatrixInterleaver of a rows×cols matrix,
// or a deinterleaver when deint is true.
func NewMatrixInterleaver[T any](rows, cols int, deint bool) (*MatrixInterleaver[T], error) {
	if rows < 1 || cols < 1 || rows*cols > maxRun {
		return nil, streamBadParam("rows %d and cols %d must be at least 1, rows·cols at most %d", rows, cols, maxRun)
	}
	n := rows * cols
	return &MatrixInterleaver[T]{block.MapN(n, n, func(in, out []T) {
		for base := 0; base < len(in); base += n {
			src, dst := in[base:base+n], out[base:base+n]
			for i := range cols {
				for j := range rows {
					if deint {
						dst[j*cols+i] = src[i*rows+j]
					} else {
						dst[i*rows+j] = src[j*cols+i]
					}
				}
			}
		}
	})}, nil
}

func matrixInterleaverFrom[T any](p registry.Params) (block.Block, error) {
	return asBlock(NewMatrixInterleaver[T](p.Int("rows"), p.Int("cols"), p.Bool("deinterleave")))
}

// matrixInterleaverSpec is the registry entry of matrix_interleaver.
func matrixInterleaverSpec() registry.Spec {
	return registry.Spec{
		ID:  "matrix_interleaver",
		Doc: "reorders blocks of rows·cols items, row by row in, column by column out (GNU Radio matrix_interleaver)",
		Params: []registry.Param{typeParam(TypeFloat32),
			{Name: "rows", Type: registry.ParamInt, Default: 1, Min: registry.Bound(1), Max: registry.Bound(maxRun), Doc: "rows of the matrix"},
			{Name: "cols", Type: registry.ParamInt, Default: 1, Min: registry.Bound(1), Max: registry.Bound(maxRun), Doc: "columns of the matrix"},
			{Name: "deinterleave", Type: registry.ParamBool, Default: false, Doc: "undo the interleaving instead"}},
		New: streamAllTypes(matrixInterleaverFrom[float32], matrixInterleaverFrom[complex64], matrixInterleaverFrom[int8],
			matrixInterleaverFrom[uint8], matrixInterleaverFrom[int16]),
	}
}
