package blocks_test

import (
	"math/cmplx"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func TestDivideDividesTheFirstInputByTheOthers(t *testing.T) {
	d, err := blocks.NewDivide[float32](3)
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := mathRamp[float32](300, 1), mathRamp[float32](300, 0.5), mathRamp[float32](300, 2)
	want := make([]float32, len(a))
	for i := range a {
		want[i] = a[i] / b[i] / c[i]
	}
	got := mathRun(t, d, blocktest.Stream{Items: a}, blocktest.Stream{Items: b}, blocktest.Stream{Items: c})
	mathCheck(t, got[0].Items.([]float32), want, 0)
	z, _ := blocks.NewDivide[complex64](2)
	gotC := mathRun(t, z, blocktest.Stream{Items: []complex64{1 + 1i, 4}}, blocktest.Stream{Items: []complex64{1i, 0}})
	if v := gotC[0].Items.([]complex64); v[0] != 1-1i || !cmplx.IsInf(complex128(v[1])) && !cmplx.IsNaN(complex128(v[1])) {
		t.Errorf("complex quotients %v, want 1-1i and a division by zero's infinity", v)
	}
	if _, err := blocks.NewDivide[float32](1); err == nil {
		t.Error("one input accepted")
	}
}
