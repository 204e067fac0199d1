package filter

import (
	"errors"
	"math"
	"math/cmplx"
	"testing"

	"github.com/flowrun/flowrun/blocks/window"
)

// response evaluates |H(f)| directly from the taps, f in cycles/sample.
func response(taps []float32, f float64) float64 {
	var h complex128
	for k, t := range taps {
		h += complex(float64(t), 0) * cmplx.Exp(complex(0, -2*math.Pi*f*float64(k)))
	}
	return cmplx.Abs(h)
}

// worst returns the extreme of |H| over [lo, hi] (cycles/sample).
func worst(taps []float32, lo, hi float64, f func(a, b float64) float64, init float64) float64 {
	v := init
	for i := 0; i <= 400; i++ {
		v = f(v, response(taps, lo+(hi-lo)*float64(i)/400))
	}
	return v
}

func db(x float64) float64 { return 20 * math.Log10(x) }

// Each window's stop-band figure is the attenuation it reaches with firdes
// sizing (close to GNU Radio's nominal figure), and its pass-band ripple a
// realistic bound. The firdes formula N = A·fs/(22·tw) is harris's estimate
// for optimal filters; a window-method filter of that length has a
// transition band about twice tw, so the bands are measured from
// cutoff ± tw, not cutoff ± tw/2.
var windowSpecs = []struct {
	w          window.Kind
	beta       float64
	stopDB     float64
	rippleDB   float64
	nominalTap int // taps for fs=1, tw=0.05
}{
	{window.Hamming, 0, 50, 0.05, 49},
	{window.Hann, 0, 43, 0.1, 41},
	{window.Blackman, 0, 73, 0.01, 67},
	{window.BlackmanHarris, 0, 88, 0.01, 83},
	{window.Kaiser, 7, 68, 0.01, 0},
}

func TestLowPassMeetsWindowSpecsAtBandEdges(t *testing.T) {
	const fs, fc, tw = 1.0, 0.15, 0.05
	for _, s := range windowSpecs {
		t.Run(s.w.String(), func(t *testing.T) {
			taps, err := LowPass(Config{Gain: 2, SampleRate: fs, Cutoff: fc, Transition: tw, Window: s.w, Beta: s.beta})
			if err != nil {
				t.Fatal(err)
			}
			if s.nominalTap != 0 && len(taps) != s.nominalTap {
				t.Errorf("%d taps, want %d", len(taps), s.nominalTap)
			}
			if g := response(taps, 0); math.Abs(g-2) > 1e-5 {
				t.Errorf("DC gain %g, want 2", g)
			}
			pmax := worst(taps, 0, fc-tw, math.Max, 0)
			pmin := worst(taps, 0, fc-tw, math.Min, math.Inf(1))
			if r := db(pmax / pmin); r > s.rippleDB {
				t.Errorf("pass-band ripple %.4f dB > %g dB", r, s.rippleDB)
			}
			if a := -db(worst(taps, fc+tw, 0.5, math.Max, 0) / 2); a < s.stopDB {
				t.Errorf("stop-band attenuation %.1f dB < %g dB", a, s.stopDB)
			}
			for i := range taps {
				if taps[i] != taps[len(taps)-1-i] {
					t.Fatalf("taps not symmetric at %d", i)
				}
			}
		})
	}
}

func TestHighBandPassAndRejectMeetSpecs(t *testing.T) {
	const fs, tw = 48000.0, 2400.0
	hp, err := HighPass(Config{Gain: 1, SampleRate: fs, Cutoff: 9600, Transition: tw, Window: window.Hamming})
	if err != nil {
		t.Fatal(err)
	}
	bp, err := BandPass(BandConfig{Gain: 1, SampleRate: fs, Low: 6000, High: 12000, Transition: tw, Window: window.Blackman})
	if err != nil {
		t.Fatal(err)
	}
	br, err := BandReject(BandConfig{Gain: 1, SampleRate: fs, Low: 6000, High: 12000, Transition: tw, Window: window.Kaiser, Beta: 8})
	if err != nil {
		t.Fatal(err)
	}
	half := tw / fs
	cases := []struct {
		name     string
		taps     []float32
		pass     [][2]float64 // cycles/sample
		stop     [][2]float64
		stopDB   float64
		rippleDB float64
	}{
		{"highpass hamming", hp, [][2]float64{{0.2 + half, 0.5}}, [][2]float64{{0, 0.2 - half}}, 50, 0.05},
		{"bandpass blackman", bp, [][2]float64{{0.125 + half, 0.25 - half}}, [][2]float64{{0, 0.125 - half}, {0.25 + half, 0.5}}, 70, 0.02},
		{"bandreject kaiser8", br, [][2]float64{{0, 0.125 - half}, {0.25 + half, 0.5}}, [][2]float64{{0.125 + half, 0.25 - half}}, 75, 0.02},
	}
	for _, c := range cases {
		pmax, pmin, smax := 0.0, math.Inf(1), 0.0
		for _, b := range c.pass {
			pmax = max(pmax, worst(c.taps, b[0], b[1], math.Max, 0))
			pmin = min(pmin, worst(c.taps, b[0], b[1], math.Min, math.Inf(1)))
		}
		for _, b := range c.stop {
			smax = max(smax, worst(c.taps, b[0], b[1], math.Max, 0))
		}
		if r := db(pmax / pmin); r > c.rippleDB {
			t.Errorf("%s: pass-band ripple %.4f dB > %g", c.name, r, c.rippleDB)
		}
		if math.Abs(pmax-1) > 0.01 {
			t.Errorf("%s: pass-band gain %g, want 1", c.name, pmax)
		}
		if a := -db(smax); a < c.stopDB {
			t.Errorf("%s: stop-band attenuation %.1f dB < %g", c.name, a, c.stopDB)
		}
	}
}

func TestRootRaisedCosineSymmetricWithUnitEnergyPerSymbol(t *testing.T) {
	const sps = 4.0
	for _, alpha := range []float64{0.22, 0.35, 0.5, 1} {
		taps, err := RootRaisedCosine(RootRaisedCosineConfig{Gain: 1, SampleRate: sps, SymbolRate: 1, Alpha: alpha, Taps: 161})
		if err != nil {
			t.Fatal(err)
		}
		var sum, energy float64
		for i, v := range taps {
			if math.Abs(float64(v-taps[len(taps)-1-i])) > 1e-7 {
				t.Fatalf("alpha %g: asymmetric at %d", alpha, i)
			}
			sum += float64(v)
			energy += float64(v) * float64(v)
		}
		if math.Abs(sum-1) > 1e-5 {
			t.Errorf("alpha %g: taps sum to %g, want gain 1", alpha, sum)
		}
		// Sampling a unit-DC RRC at sps samples per symbol gives energy 1/sps.
		if math.Abs(energy*sps-1) > 0.01 {
			t.Errorf("alpha %g: energy·sps = %g, want 1", alpha, energy*sps)
		}
		// RRC∗RRC is a Nyquist pulse: no inter-symbol interference.
		n := len(taps)
		peak := 0.0
		for k := range n {
			peak += float64(taps[k]) * float64(taps[k])
		}
		for sym := 1; sym*int(sps) < n/2; sym++ {
			lag := sym * int(sps)
			var c float64
			for k := 0; k+lag < n; k++ {
				c += float64(taps[k]) * float64(taps[k+lag])
			}
			if math.Abs(c/peak) > 0.01 {
				t.Errorf("alpha %g: ISI %.4f at %d symbols", alpha, c/peak, sym)
			}
		}
	}
}

func TestDesignRejectsBadParameters(t *testing.T) {
	bad := []Spec{
		{},
		{Cutoff: 0.6, Transition: 0.1},
		{Cutoff: 0.1, Transition: 0},
		{Cutoff: 0.1, Transition: 0.1, Window: "triangle"},
		{Cutoff: 0.1, Transition: 0.1, Type: "notch"},
		{Cutoff: 0.3, CutoffHigh: 0.2, Transition: 0.1, Type: "bandpass"},
		{Cutoff: 100, Transition: 10, SampleRate: -1},
	}
	for _, s := range bad {
		if _, err := s.Design(); !errors.Is(err, ErrBadSpec) {
			t.Errorf("%+v: error %v, want ErrBadSpec", s, err)
		}
	}
	if _, err := RootRaisedCosine(RootRaisedCosineConfig{Gain: 1, SampleRate: 4, SymbolRate: 1, Alpha: 0, Taps: 11}); !errors.Is(err, ErrBadSpec) {
		t.Errorf("alpha 0 accepted: %v", err)
	}
}

func TestExplicitTapsWinOverDesign(t *testing.T) {
	taps, err := Spec{Taps: []float64{1, 2, 3}, Cutoff: 0.1, Transition: 0.05}.Design()
	if err != nil || len(taps) != 3 || taps[2] != 3 {
		t.Fatalf("taps %v, err %v", taps, err)
	}
	d, err := Spec{Cutoff: 1000, Transition: 500, SampleRate: 8000, Window: "blackman"}.Design()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := LowPass(Config{Gain: 1, SampleRate: 8000, Cutoff: 1000, Transition: 500, Window: window.Blackman})
	if len(d) != len(want) || d[len(d)/2] != want[len(want)/2] {
		t.Fatalf("designed spec differs from LowPass")
	}
}

func TestZeroGainAndSampleRateMeanOne(t *testing.T) {
	got, err := LowPass(Config{Cutoff: 0.1, Transition: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := LowPass(Config{Gain: 1, SampleRate: 1, Cutoff: 0.1, Transition: 0.05, Window: window.Hamming})
	if len(got) != len(want) {
		t.Fatalf("%d taps, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("tap %d = %g, want %g", i, got[i], want[i])
		}
	}
	rrc, err := RootRaisedCosine(RootRaisedCosineConfig{SymbolRate: 0.25, Alpha: 0.35, Taps: 45})
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, v := range rrc {
		sum += float64(v)
	}
	if math.Abs(sum-1) > 1e-5 {
		t.Errorf("root-raised-cosine taps sum to %g, want 1", sum)
	}
}
