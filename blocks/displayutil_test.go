package blocks

import (
	"math"
	"math/cmplx"
	"testing"
	"time"

	"github.com/flowrun/flowrun/display"
)

// displayTone returns n items of a complex tone of amplitude 1 at f Hz.
func displayTone(n int, f, fs float64) []complex64 {
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex64(cmplx.Exp(complex(0, 2*math.Pi*f*float64(i)/fs)))
	}
	return x
}

// displayFixedClock makes a display sink's clock stand still: the first
// frame is due at once, no other.
func displayFixedClock(c *displayClock) { c.now = func() time.Time { return time.Unix(1000, 0) } }

// displayPeak returns the index of the largest value.
func displayPeak(v []float32) int {
	k := 0
	for i, x := range v {
		if x > v[k] {
			k = i
		}
	}
	return k
}

func TestDisplaySpectrumAveragesAndHoldsTheMaximum(t *testing.T) {
	const n = 64
	s, err := newDisplaySpectrum(n, "hann")
	if err != nil {
		t.Fatal(err)
	}
	tone := displayTone(n, 8, n) // bin 8 above DC
	s.add(tone, 0.5, true)
	s.add(make([]complex64, n), 0.5, true) // silence: the average halves, the hold stays
	k := n/2 + 8
	if got := s.avg[k]; math.Abs(got-0.5) > 1e-6 {
		t.Errorf("average %v, want 0.5 (half of the tone's 1)", got)
	}
	if got := s.max[k]; math.Abs(got-1) > 1e-6 {
		t.Errorf("max hold %v, want 1", got)
	}
	f := s.frame(0, n, true, -100, 0)
	if math.Abs(float64(f.Power[k])+3.0103) > 1e-3 || math.Abs(float64(f.Max[k])) > 1e-3 {
		t.Errorf("frame: %v dB and max %v dB, want -3.01 and 0", f.Power[k], f.Max[k])
	}
	s.add(tone, 1, false)
	if s.max != nil {
		t.Error("max hold kept after it was switched off")
	}
}

func TestDisplaySinksAreDisplaySinks(t *testing.T) {
	reg := NewRegistry()
	for id, kind := range map[string]string{"freq_sink": display.KindSpectrum, "waterfall_sink": display.KindWaterfall,
		"time_sink": display.KindTime, "constellation_sink": display.KindConstellation, "number_sink": display.KindNumber} {
		b, err := reg.Build(id, map[string]any{})
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		d, ok := b.(display.Sink)
		if !ok || d.DisplayKind() != kind {
			t.Errorf("%s: display.Sink %v, kind %q", id, ok, kind)
		}
	}
}
