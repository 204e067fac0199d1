package blocks

import (
	"errors"
	"math"
	"testing"

	"github.com/flowrun/flowrun/block"
)

// grFixed is GNU Radio's gr::fxpt::float_to_fixed, written from its C++
// independently of signalFixed: fold into [-π, π], scale by 2^31/π, in
// float32 (C's conversion of +2^31 wraps to the int32 minimum).
func grFixed(x float32) uint32 {
	pi, tau := float32(math.Pi), float32(2*math.Pi)
	q := float32(x / tau)
	d := float32(math.Floor(float64(q) + 0.5))
	x = x - float32(d*tau)
	v := float32(x * 2147483648)
	v = float32(v / pi)
	return uint32(int64(v))
}

// grPhase is the fixed-point phase of sample i of GNU Radio's sig_source
// at frequency f, sample rate fs and start phase ph (radians).
func grPhase(f, fs, ph float64, i int) uint32 {
	return grFixed(float32(ph)) + uint32(i)*grFixed(float32(2*math.Pi*f/fs))
}

func TestSignalSourceFixedPointMatchesGNURadiosConversion(t *testing.T) {
	for _, x := range []float32{0, 0.1, -0.1, 1, math.Pi / 2, -math.Pi / 2, 3.14159, math.Pi, -math.Pi, 4, -4, 7, 100.5, -1234.25} {
		if got, want := uint32(signalFixed(x)), grFixed(x); got != want {
			t.Errorf("signalFixed(%v) = %#x, want %#x", x, got, want)
		}
	}
}

func TestSignalSourceSinusoidsEqualTheDirectFormulaAfterAMillionSamples(t *testing.T) {
	const (
		n     = 1_000_000
		fs    = 48_000.0
		ampl  = 1.5
		phase = 0.3
		off   = 0.25
	)
	for _, tc := range []struct {
		name string
		w    Waveform
		f    float64
	}{
		{"cosine", Cosine, 1234.5},
		{"sine", Sine, 1234.5},
		{"cosine negative frequency", Cosine, -7001.25},
		{"sine near nyquist", Sine, 23_999.9},
	} {
		// θ is GNU Radio's fixed-point phase of sample i, in radians.
		theta := func(i int) float64 { return 2 * math.Pi * float64(grPhase(tc.f, fs, phase, i)) / (1 << 32) }
		t.Run(tc.name+"/float32", func(t *testing.T) {
			src, err := NewSignalSource[float32](SignalConfig{Waveform: tc.w, Frequency: tc.f, SampleRate: fs, Amplitude: ampl, Offset: off, Phase: phase})
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := srcTake(t, src, &src.Out, n, 8192)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range got {
				want := ampl*math.Cos(theta(i)) + off
				if tc.w == Sine {
					want = ampl*math.Sin(theta(i)) + off
				}
				if math.Abs(float64(v)-want) > 1e-6 {
					t.Fatalf("sample %d = %v, want %v", i, v, want)
				}
			}
		})
		t.Run(tc.name+"/complex64", func(t *testing.T) {
			src, err := NewSignalSource[complex64](SignalConfig{Waveform: tc.w, Frequency: tc.f, SampleRate: fs, Amplitude: ampl, Offset: complex(off, -off), Phase: phase})
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := srcTake(t, src, &src.Out, n, 8192)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range got {
				// Sine and cosine alike: cos θ + j·sin θ, as GNU Radio's sig_source_c.
				wr, wi := ampl*math.Cos(theta(i))+off, ampl*math.Sin(theta(i))-off
				if math.Abs(float64(real(v))-wr) > 1e-6 || math.Abs(float64(imag(v))-wi) > 1e-6 {
					t.Fatalf("sample %d = %v, want (%v%+vi)", i, v, wr, wi)
				}
			}
		})
	}
}

func TestSignalSourceFrequencyIsGNURadiosRounding(t *testing.T) {
	// The phase step is 2π·f/fs to float32, then to 2^32 per turn: within
	// a float32 rounding (6e-8) of f plus the resolution fs/2^32.
	for _, f := range []float64{1000, 1234.5, -7001.25, 23_999.9, 0.01} {
		const fs = 48_000.0
		src, err := NewSignalSource[float32](SignalConfig{Frequency: f, SampleRate: fs, Amplitude: 1})
		if err != nil {
			t.Fatal(err)
		}
		got := float64(int32(src.inc)) / (1 << 32) * fs
		if d := math.Abs(got - f); d > 6e-8*math.Abs(f)+fs/(1<<32) {
			t.Errorf("%g Hz: the phase step is %g Hz (off by %g)", f, got, d)
		}
	}
}

func TestSignalSourceSquareTriangleSawtoothFollowGNURadioShapes(t *testing.T) {
	const (
		n    = 200_000
		f    = 1000.3
		fs   = 48_000.0
		ampl = 2.0
		ph   = 0.1
	)
	shape := func(w Waveform, u float64) float64 { // independent of signalReal
		switch w {
		case Square:
			return map[bool]float64{true: 1, false: 0}[u >= 0.5]
		case Triangle:
			if u < 0.5 {
				return 1 - 2*u
			}
			return 2*u - 1
		}
		if u < 0.5 {
			return u + 0.5
		}
		return u - 0.5
	}
	for _, w := range []Waveform{Square, Triangle, Sawtooth} {
		t.Run(string(w), func(t *testing.T) {
			rs, err := NewSignalSource[float32](SignalConfig{Waveform: w, Frequency: f, SampleRate: fs, Amplitude: ampl, Offset: 0.5, Phase: ph})
			if err != nil {
				t.Fatal(err)
			}
			cs, err := NewSignalSource[complex64](SignalConfig{Waveform: w, Frequency: f, SampleRate: fs, Amplitude: ampl, Offset: 0.5, Phase: ph})
			if err != nil {
				t.Fatal(err)
			}
			re, _, err := srcTake(t, rs, &rs.Out, n, 4096)
			if err != nil {
				t.Fatal(err)
			}
			co, _, err := srcTake(t, cs, &cs.Out, n, 4096)
			if err != nil {
				t.Fatal(err)
			}
			for i := range n {
				// u is GNU Radio's phase in turns, exact; the imaginary
				// part is the shape a quarter period later (phase u−1/4).
				p := grPhase(f, fs, ph, i)
				u := float64(p) / (1 << 32)
				uq := float64(p-1<<30) / (1 << 32)
				want := ampl*shape(w, u) + 0.5
				// The real square wave's edges are exact (the phase's
				// sign); elsewhere GNU Radio compares and scales the phase
				// rounded to float32, 2^-24 of a turn.
				edge := func(u float64) bool {
					return w != Square && (math.Abs(u-0.5) < 1e-6 || u < 1e-6 || u > 1-1e-6)
				}
				if !edge(u) && (math.Abs(float64(re[i])-want) > 1e-5 || math.Abs(float64(real(co[i]))-want) > 1e-5) {
					t.Fatalf("sample %d (u=%v): %v and %v, want %v", i, u, re[i], co[i], want)
				}
				if math.Abs(uq-0.5) < 1e-6 || uq < 1e-6 || uq > 1-1e-6 {
					continue // the imaginary parts compare float32 phases at ±π/2
				}
				if wq := ampl * shape(w, uq); math.Abs(float64(imag(co[i]))-wq) > 1e-5 {
					t.Fatalf("sample %d: imaginary part %v, want %v", i, imag(co[i]), wq)
				}
			}
		})
	}
}

func TestSignalSourceSquareEdgeOfAKilohertzAt48kHz(t *testing.T) {
	// GNU Radio 3.10.5.1's sig_source_f(48000, GR_SQR_WAVE, 1000, 1, 0):
	// 24 zeros, then 24 ones, from item 0.
	src, err := NewSignalSource[float32](SignalConfig{Waveform: Square, Frequency: 1000, SampleRate: 48000, Amplitude: 1})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := srcTake(t, src, &src.Out, 96, 64)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if want := float32((i / 24) % 2); v != want {
			t.Errorf("item %d = %v, want %v", i, v, want)
		}
	}
}

func BenchmarkSignalSourceComplexCosine(b *testing.B) {
	src, _ := NewSignalSource[complex64](SignalConfig{Waveform: Cosine, Frequency: 1e3, SampleRate: 48e3, Amplitude: 1})
	srcBenchSource(b, src, &src.Out)
}

func BenchmarkSignalSourceFloatSine(b *testing.B) {
	src, _ := NewSignalSource[float32](SignalConfig{Waveform: Sine, Frequency: 1e3, SampleRate: 48e3, Amplitude: 1})
	srcBenchSource(b, src, &src.Out)
}

func BenchmarkSignalSourceFloatSquare(b *testing.B) {
	src, _ := NewSignalSource[float32](SignalConfig{Waveform: Square, Frequency: 1e3, SampleRate: 48e3, Amplitude: 1})
	srcBenchSource(b, src, &src.Out)
}

func TestSignalConfigZeroWaveformIsCosineAndSampleRateIsRequired(t *testing.T) {
	def, err := NewSignalSource[complex64](SignalConfig{Frequency: 1, SampleRate: 8, Amplitude: 1})
	if err != nil {
		t.Fatal(err)
	}
	cos, _ := NewSignalSource[complex64](SignalConfig{Waveform: Cosine, Frequency: 1, SampleRate: 8, Amplitude: 1})
	got, _, _ := srcTake(t, def, &def.Out, 16, 64)
	want, _, _ := srcTake(t, cos, &cos.Out, 16, 64)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sample %d = %v, want %v", i, got[i], want[i])
		}
	}
	if _, err := NewSignalSource[float32](SignalConfig{Frequency: 1, Amplitude: 1}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("zero sample rate: error %v, want one wrapping ErrBadParam", err)
	}
}
