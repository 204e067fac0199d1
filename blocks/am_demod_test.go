package blocks

import (
	"math"
	"math/cmplx"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
)

func TestAMDemodGivesEnvelope(t *testing.T) {
	const (
		fs = 48000.0
		fc = 7000.0
		fm = 1000.0
		m  = 0.5
		n  = 48000
	)
	env := make([]float64, n)
	x := make([]complex64, n)
	for i := range x {
		env[i] = 1 + m*math.Cos(2*math.Pi*fm*float64(i)/fs)
		x[i] = complex64(cmplx.Rect(env[i], 2*math.Pi*fc*float64(i)/fs+0.3))
	}
	plain, _ := NewAMDemod(0)
	y := sigRun(t, plain, blocktest.Options{OutputItems: 1000}, x).Items.([]float32)
	for i := range y {
		if math.Abs(float64(y[i])-env[i]) > 1e-6 {
			t.Fatalf("item %d = %v, want %v", i, y[i], env[i])
		}
	}
	// With DC removal (corner ≈ 7.6 Hz) the settled output is m·cos(...):
	// the 1 kHz tone leaks into the DC tracker by about alpha/(2π fm/fs) ≈ 0.8%.
	dcb, _ := NewAMDemod(1e-3)
	y = sigRun(t, dcb, blocktest.Options{OutputItems: 1000}, x).Items.([]float32)
	var mean float64
	for i := n / 2; i < n; i++ {
		want := env[i] - 1
		if math.Abs(float64(y[i])-want) > 0.02*m {
			t.Fatalf("DC removed: item %d = %v, want %v ±%v", i, y[i], want, 0.02*m)
		}
		mean += float64(y[i])
	}
	if mean /= n / 2; math.Abs(mean) > 1e-3 {
		t.Fatalf("DC removed: mean %v, want ~0", mean)
	}
}

func TestAMDemodCarriesTags(t *testing.T) {
	x := make([]complex64, 2000)
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 1023, Key: "b"}, {Offset: 1999, Key: "c"}}
	b, _ := NewAMDemod(0.01)
	out := sigRun(t, b, blocktest.Options{OutputItems: 300}, x, tags...)
	if !slices.Equal(out.Tags, tags) {
		t.Fatalf("tags %v, want %v", out.Tags, tags)
	}
}
