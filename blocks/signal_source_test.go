package blocks

import (
	"errors"
	"math"
	"testing"

	"github.com/flowrun/flowrun/block"
)

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
				th := 2*math.Pi*tc.f*float64(i)/fs + phase
				want := ampl*math.Cos(th) + off
				if tc.w == Sine {
					want = ampl*math.Sin(th) + off
				}
				if math.Abs(float64(v)-want) > 1e-5 {
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
				th := 2*math.Pi*tc.f*float64(i)/fs + phase
				if tc.w == Sine {
					th -= math.Pi / 2
				}
				wr, wi := ampl*math.Cos(th)+off, ampl*math.Sin(th)-off
				if math.Abs(float64(real(v))-wr) > 1e-5 || math.Abs(float64(imag(v))-wi) > 1e-5 {
					t.Fatalf("sample %d = %v, want (%v%+vi)", i, v, wr, wi)
				}
			}
		})
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
	shape := func(w Waveform, u float64) float64 { // independent of signalShape
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
	near := func(u, edge float64) bool { return math.Abs(u-edge) < 1e-6 }
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
				x := f*float64(i)/fs + ph/(2*math.Pi)
				u := x - math.Floor(x)
				uq := u + 0.25
				uq -= math.Floor(uq)
				if near(u, 0) || near(u, 0.5) || near(u, 1) || near(uq, 0) || near(uq, 0.5) || near(uq, 1) {
					continue // a discontinuity: either side is right
				}
				want := ampl*shape(w, u) + 0.5
				if math.Abs(float64(re[i])-want) > 1e-4 || math.Abs(float64(real(co[i]))-want) > 1e-4 {
					t.Fatalf("sample %d (u=%v): %v and %v, want %v", i, u, re[i], co[i], want)
				}
				if wq := ampl * shape(w, uq); math.Abs(float64(imag(co[i]))-wq) > 1e-4 {
					t.Fatalf("sample %d: imaginary part %v, want %v", i, imag(co[i]), wq)
				}
			}
		})
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
