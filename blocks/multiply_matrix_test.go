package blocks

import (
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/pmt"
)

func TestMultiplyMatrixMixesInputsAndTakesNewMatrices(t *testing.T) {
	b, err := NewMultiplyMatrix([][]float32{{0, 1}, {0.5, 0.5}, {2, 0}})
	if err != nil {
		t.Fatal(err)
	}
	x := []float32{1, 2, 3, 4, 5}
	y := []float32{10, 20, 30, 40, 50}
	outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: 2}, blocktest.Stream{Items: x}, blocktest.Stream{Items: y})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float32{y, {5.5, 11, 16.5, 22, 27.5}, {2, 4, 6, 8, 10}}
	for j := range want {
		if got := outs[j].Items.([]float32); !slices.Equal(got, want[j]) {
			t.Errorf("output %d: %v, want %v", j, got, want[j])
		}
	}
	// A new matrix of the same shape replaces A; others are ignored.
	row := func(a, b float64) pmt.Value { return pmt.List(pmt.Float(a), pmt.Float(b)) }
	_ = b.message(pmt.List(row(1, 0), row(0, 1), row(1, 1)))
	if !slices.Equal(b.a[2], []float32{1, 1}) {
		t.Errorf("A = %v after a new matrix", b.a)
	}
	for _, bad := range []pmt.Value{pmt.Int(3), pmt.List(row(1, 0)), pmt.List(row(1, 0), row(0, 1), pmt.List(pmt.Float(1))),
		pmt.List(row(1, 0), row(0, 1), pmt.List(pmt.String("x"), pmt.Float(1)))} {
		if err := b.message(bad); err != nil {
			t.Errorf("message %v: %v", bad, err)
		}
		if !slices.Equal(b.a[2], []float32{1, 1}) {
			t.Errorf("A = %v after the bad matrix %v", b.a, bad)
		}
	}
	if _, err := NewMultiplyMatrix([][]complex64{{1, 2}, {3}}); err == nil {
		t.Error("a ragged matrix accepted")
	}
	if _, err := matrixOf[float32](pmt.List(pmt.List(pmt.Complex(1i)))); err == nil {
		t.Error("a complex entry accepted for float32")
	}
}
