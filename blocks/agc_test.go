package blocks

import (
	"math"
	"math/cmplx"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
)

// sigRefAGC is GNU Radio's agc_cc::scale loop, transcribed.
func sigRefAGC(x []complex64, rate, ref, gain, maxGain float64) []complex128 {
	y := make([]complex128, len(x))
	for i, v := range x {
		y[i] = complex128(v) * complex(gain, 0)
		gain += rate * (ref - cmplx.Abs(y[i]))
		if maxGain > 0 && gain > maxGain {
			gain = maxGain
		}
	}
	return y
}

func TestAGCConvergesToReference(t *testing.T) {
	const n = 40000
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex64(cmplx.Rect(0.01, 0.05*float64(i)))
	}
	o := AGCOptions{Rate: 0.1, Reference: 1, Gain: 1, MaxGain: 65536} // loop time constant 1/(rate·|x|) = 1000 samples
	b, _ := NewAGC[complex64](o)
	y := sigRun(t, b, blocktest.Options{OutputItems: 999}, x).Items.([]complex64)
	ref := sigRefAGC(x, o.Rate, o.Reference, o.Gain, o.MaxGain)
	for i := range y {
		if cmplx.Abs(complex128(y[i])-ref[i]) > 1e-4*max(1, cmplx.Abs(ref[i])) {
			t.Fatalf("item %d = %v, want %v (GNU Radio loop)", i, y[i], ref[i])
		}
	}
	for i := n - 1000; i < n; i++ {
		if a := cmplx.Abs(complex128(y[i])); math.Abs(a-1) > 1e-3 {
			t.Fatalf("item %d magnitude %v, want 1 (converged)", i, a)
		}
	}
	if g := b.Gain(); math.Abs(g-100) > 0.1 {
		t.Fatalf("gain %v, want 100", g)
	}
}

func TestAGCRespectsMaxGain(t *testing.T) {
	x := make([]complex64, 20000)
	for i := range x {
		x[i] = 1e-6
	}
	b, _ := NewAGC[complex64](AGCOptions{Rate: 0.1, Reference: 1, Gain: 1, MaxGain: 100})
	y := sigRun(t, b, blocktest.Options{}, x).Items.([]complex64)
	if g := b.Gain(); g != 100 {
		t.Fatalf("gain %v, want the cap 100", g)
	}
	if a := cmplx.Abs(complex128(y[len(y)-1])); math.Abs(a-1e-4) > 1e-9 {
		t.Fatalf("last magnitude %v, want 1e-4", a)
	}
}

func TestAGCFloatConvergesToReference(t *testing.T) {
	const n = 20000
	x := make([]float32, n)
	for i := range x {
		x[i] = 4 * float32(1-2*(i%2)) // ±4
	}
	b, _ := NewAGC[float32](AGCOptions{Rate: 1e-3, Reference: 0.5, Gain: 1})
	y := sigRun(t, b, blocktest.Options{OutputItems: 512}, x).Items.([]float32)
	// GNU Radio agc_ff: g[n+1] = g[n] + rate·(ref − |g[n]·x[n]|).
	g := 1.0
	for i, v := range x {
		want := g * float64(v)
		if math.Abs(float64(y[i])-want) > 1e-5*max(1, math.Abs(want)) {
			t.Fatalf("item %d = %v, want %v", i, y[i], want)
		}
		g += 1e-3 * (0.5 - math.Abs(want))
	}
	if a := math.Abs(float64(y[n-1])); math.Abs(a-0.5) > 1e-4 {
		t.Fatalf("settled magnitude %v, want 0.5", a)
	}
}

func TestAGCCarriesTags(t *testing.T) {
	x := make([]float32, 3000)
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 1234, Key: "b"}, {Offset: 2999, Key: "c"}}
	b, _ := NewAGC[float32](AGCOptions{Rate: 1e-4, Reference: 1, Gain: 1})
	out := sigRun(t, b, blocktest.Options{OutputItems: 700}, x, tags...)
	if !slices.Equal(out.Tags, tags) {
		t.Fatalf("tags %v, want %v", out.Tags, tags)
	}
}
