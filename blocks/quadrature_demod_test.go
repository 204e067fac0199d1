package blocks

import (
	"math"
	"math/cmplx"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
)

// sigToneBin returns the bin with the largest DFT magnitude among 1..n/2-1
// of x (real), and the amplitude of a sinusoid on that bin: 2|X[k]|/n.
func sigToneBin(x []float32) (int, float64) {
	n := len(x)
	best, amp := 0, 0.0
	for k := 1; k < n/2; k++ {
		var s complex128
		for i, v := range x {
			s += complex(float64(v), 0) * cmplx.Rect(1, -2*math.Pi*float64((k*i)%n)/float64(n))
		}
		if a := 2 * cmplx.Abs(s) / float64(n); a > amp {
			best, amp = k, a
		}
	}
	return best, amp
}

func TestQuadratureDemodRecoversFMTone(t *testing.T) {
	const (
		fs = 8000.0
		fm = 250.0 // tone; 8000 samples → 1 Hz bins, tone on bin 250
		d  = 1200.0
		n  = 8001
	)
	for _, gain := range []float64{1, fs / (2 * math.Pi * d)} {
		// φ[n] = 2π d ∫cos(2π fm t) dt = (d/fm)·sin(2π fm n/fs)
		x := make([]complex64, n)
		for i := range x {
			x[i] = complex64(cmplx.Rect(0.7, d/fm*math.Sin(2*math.Pi*fm*float64(i)/fs)))
		}
		b := NewQuadratureDemod(float32(gain))
		y := sigRun(t, b, blocktest.Options{OutputItems: 777}, x).Items.([]float32)
		// As GNU Radio: a zero precedes the stream, one output per input,
		// the first arg(x[0]·0) = 0.
		if len(y) != n || y[0] != 0 {
			t.Fatalf("%d items out, want %d, the first 0 (got %v)", len(y), n, y[0])
		}
		y = y[1:]
		k, amp := sigToneBin(y)
		if k != int(fm) {
			t.Fatalf("gain %v: tone on bin %d Hz, want %v", gain, k, fm)
		}
		want := gain * 2 * math.Pi * d / fs
		if math.Abs(amp-want) > 0.005*want {
			t.Fatalf("gain %v: amplitude %v, want %v ±0.5%%", gain, amp, want)
		}
		// Sample by sample: the exact phase step of the synthesized signal.
		for i := range y {
			step := d / fm * (math.Sin(2*math.Pi*fm*float64(i+1)/fs) - math.Sin(2*math.Pi*fm*float64(i)/fs))
			if math.Abs(float64(y[i])-gain*step) > 1e-5*max(gain, 1) {
				t.Fatalf("gain %v: item %d = %v, want %v", gain, i, y[i], gain*step)
			}
		}
	}
}

func TestQuadratureDemodKeepsTagOffsets(t *testing.T) {
	x := make([]complex64, 3000)
	for i := range x {
		x[i] = 1
	}
	tags := []buffer.Tag{{Offset: 0, Key: "a"}, {Offset: 499, Key: "b"}, {Offset: 500, Key: "c"}, {Offset: 2998, Key: "d"}}
	out := sigRun(t, NewQuadratureDemod(1), blocktest.Options{OutputItems: 500}, x, tags...)
	// History 2 (a zero before the stream): output k is made of inputs
	// k-1 and k, and a tag on input k lands on it.
	want := tags
	if !slices.Equal(out.Tags, want) {
		t.Fatalf("tags %v, want %v", out.Tags, want)
	}
}
