package blocks

import (
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// MultiplyMatrix multiplies the vector of its N inputs by an M×N matrix A,
// item by item: output j is Σ_i A[j][i]·input i (GNU Radio
// multiply_matrix_ff, multiply_matrix_cc). A message of a new matrix of
// the same shape on the matrix input replaces A between two Work calls;
// a message of another shape, or that is not a matrix of numbers, is
// ignored.
//
// # Stream Inputs
//
//   - In[0..N-1]: float32 or complex64 items.
//
// # Stream Outputs
//
//   - Out[0..M-1]: the products.
//
// # Message Inputs
//
//   - matrix: a new A, a list of M rows of N numbers.
//
// # Tags
//
// All-to-all: each input's tags are carried to every output.
//
// # Usage
//
//	mix, err := blocks.NewMultiplyMatrix[float32]([][]float32{{0, 1}, {1, 0}}) // swap two streams
//	g.Add("mix", mix)
//	flowgraph.Connect(g, &a.Out, &mix.In[0])
//	flowgraph.Connect(g, &b.Out, &mix.In[1])
type MultiplyMatrix[T float32 | complex64] struct {
	In     []block.In[T]
	Out    []block.Out[T]
	Matrix block.MsgIn
	a      [][]T
	ins    [][]T // the inputs' slices, reused by every Work call
	outs   [][]T
}

// NewMultiplyMatrix returns a MultiplyMatrix of A (copied): len(A) outputs
// and len(A[0]) inputs, every row of the same length, at most maxPorts.
func NewMultiplyMatrix[T float32 | complex64](a [][]T) (*MultiplyMatrix[T], error) {
	if len(a) < 1 || len(a) > maxPorts || len(a[0]) < 1 || len(a[0]) > maxPorts {
		return nil, mathBadParam("matrix", fmt.Sprintf("%d rows", len(a)), fmt.Sprintf("1 to %d rows of 1 to %d numbers", maxPorts, maxPorts))
	}
	b := &MultiplyMatrix[T]{In: make([]block.In[T], len(a[0])), Out: make([]block.Out[T], len(a)),
		ins: make([][]T, len(a[0])), outs: make([][]T, len(a))}
	if err := b.setA(a); err != nil {
		return nil, err
	}
	b.Matrix.SetHandler(b.message)
	return b, nil
}

func (b *MultiplyMatrix[T]) setA(a [][]T) error {
	if len(a) != len(b.Out) {
		return mathBadParam("matrix", fmt.Sprintf("%d rows", len(a)), fmt.Sprintf("%d rows", len(b.Out)))
	}
	m := make([][]T, len(a))
	for j, row := range a {
		if len(row) != len(b.In) {
			return mathBadParam("matrix", fmt.Sprintf("row %d of %d numbers", j, len(row)), fmt.Sprintf("%d numbers a row", len(b.In)))
		}
		m[j] = append([]T(nil), row...)
	}
	b.a = m
	return nil
}

// message takes a new matrix; one of another shape is ignored, as GNU
// Radio's multiply_matrix ignores it (after logging an error).
func (b *MultiplyMatrix[T]) message(v pmt.Value) error {
	if a, err := matrixOf[T](v); err == nil {
		_ = b.setA(a)
	}
	return nil
}

// matrixOf reads a list of lists of numbers.
func matrixOf[T float32 | complex64](v pmt.Value) ([][]T, error) {
	rows, ok := v.List()
	if !ok {
		return nil, mathBadParam("matrix", v.String(), "a list of rows")
	}
	a := make([][]T, len(rows))
	for j, r := range rows {
		items, ok := r.List()
		if !ok {
			return nil, mathBadParam("matrix", r.String(), "a row: a list of numbers")
		}
		a[j] = make([]T, len(items))
		for i, x := range items {
			c, ok := x.Complex()
			if !ok {
				f, fok := x.Float()
				n, iok := x.Int()
				switch {
				case fok:
					c = complex(f, 0)
				case iok:
					c = complex(float64(n), 0)
				default:
					return nil, mathBadParam("matrix", x.String(), "a number")
				}
			}
			var t T
			switch p := any(&t).(type) {
			case *float32:
				if imag(c) != 0 {
					return nil, mathBadParam("matrix", c, "a real number for type float32")
				}
				*p = float32(real(c))
			case *complex64:
				*p = complex64(c)
			}
			a[j][i] = t
		}
	}
	return a, nil
}

// Work implements block.Block.
func (b *MultiplyMatrix[T]) Work(*block.IO) error {
	ins, outs := b.ins, b.outs
	n := -1
	for i := range b.In {
		ins[i] = b.In[i].Slice()
		if n < 0 || len(ins[i]) < n {
			n = len(ins[i])
		}
	}
	for j := range b.Out {
		outs[j] = b.Out[j].Slice()
		n = min(n, len(outs[j]))
	}
	if n == 0 {
		for i := range b.In {
			if len(ins[i]) == 0 && b.In[i].Ended() {
				return block.ErrDone
			}
		}
		return nil
	}
	for j, row := range b.a {
		out := outs[j][:n]
		clear(out)
		for i, k := range row {
			if k == 0 {
				continue
			}
			for x, v := range ins[i][:n] {
				out[x] += k * v
			}
		}
		b.Out[j].Produce(n)
	}
	for i := range b.In {
		b.In[i].Consume(n)
	}
	return nil
}

// multiplyMatrixSpec is the registry entry of multiply_matrix.
func multiplyMatrixSpec() registry.Spec {
	return registry.Spec{
		ID:  "multiply_matrix",
		Doc: "outputs A·(inputs) for an M×N matrix A, which the matrix message input replaces (GNU Radio multiply_matrix)",
		Params: []registry.Param{typeParam(TypeFloat32, TypeFloat32, TypeComplex64),
			{Name: "matrix", Type: registry.ParamValue, Default: pmt.List(pmt.List(pmt.Int(1), pmt.Int(0)), pmt.List(pmt.Int(0), pmt.Int(1))),
				Doc: "A: a list of M rows of N numbers (M outputs, N inputs)"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32:   multiplyMatrixFrom[float32],
				TypeComplex64: multiplyMatrixFrom[complex64],
			})
		},
	}
}

func multiplyMatrixFrom[T float32 | complex64](p registry.Params) (block.Block, error) {
	a, err := matrixOf[T](p.Value("matrix"))
	if err != nil {
		return nil, err
	}
	return asBlock(NewMultiplyMatrix(a))
}
