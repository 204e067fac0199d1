package blocks

import (
	"fmt"
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Waveform names the shape a SignalSource produces.
type Waveform string

// Waveforms of SignalSource. With u the phase in turns, in [0, 1), a the
// amplitude: Sine a·sin(2πu), Cosine a·cos(2πu) (for complex64 output both
// are the complex exponential a·e^{j2πu}, Sine shifted by -π/2 so that its
// real part is the sine); Square, Triangle and Sawtooth are GNU Radio's
// shapes between 0 and a: a for u ≥ 1/2 and 0 before, a·|2u-1|, and
// a·frac(u+1/2). Their complex64 output carries the same shape a quarter
// period later in the imaginary part, as GNU Radio's square wave does.
const (
	Sine     Waveform = "sine"
	Cosine   Waveform = "cosine"
	Square   Waveform = "square"
	Triangle Waveform = "triangle"
	Sawtooth Waveform = "sawtooth"
)

// signalWaveforms are the accepted waveform names ("sin" and "cos" as aliases).
var signalWaveforms = []string{"sine", "sin", "cosine", "cos", "square", "triangle", "sawtooth"}

// SignalSource produces a periodic waveform: a sinusoid (real, or the
// complex exponential for complex64), square, triangle or sawtooth wave.
//
// # Stream Outputs
//
// Out: float32 or complex64 samples a·w(f·n/fs + φ/2π) + offset.
//
// # Message Inputs
//
//   - set: setting changes (block.Setting), a map {"frequency": value,
//     "amplitude": value} (either or both) or a pair ["frequency", value],
//     applied between Work calls and tagged like flowgraph.Graph.Set; a bad
//     message is counted (flowgraph.BlockStats.MsgRejected), not fatal. The
//     graph makes this input for every block with settings; it may stay
//     unconnected.
//
// # Parameters
//
// waveform: sine, cosine, square, triangle, sawtooth (see Waveform).
// frequency (Hz, may be negative), sample_rate (Hz, > 0), amplitude,
// offset (added; its real part only for float32), phase (rad, at n = 0).
// frequency and amplitude (both finite) are settable while running: the
// Frequency and Amplitude fields (b.Frequency.Set(f) from Go code,
// flowgraph.Graph.Set, or a message to set); the phase continues, the next
// sample follows the new values.
//
// The phase is kept in float64 turns, and sinusoids are recomputed exactly
// every 256 samples between cheap rotations, so the output does not drift:
// after 10^6 samples it still equals the direct formula to float32 precision.
//
// # Tags
//
// set:frequency or set:amplitude on the first sample after a change while
// running; none otherwise.
//
// # Usage
//
//	src, err := blocks.NewSignalSource[complex64](blocks.SignalConfig{Waveform: blocks.Cosine, Frequency: 1e3, SampleRate: 48e3, Amplitude: 1})
//	if err != nil { ... }
//	snk := blocks.NewNullSink[complex64]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type SignalSource[T float32 | complex64] struct {
	Out block.Out[T]
	// Frequency is the frequency in Hz, finite: parameter "frequency".
	Frequency block.Setting[float64]
	// Amplitude is the peak amplitude, finite: parameter "amplitude".
	Amplitude block.Setting[float64]

	wave   Waveform
	inc    float64 // phase increment, turns per sample, in (-1, 1); from Frequency
	turn   float64 // phase of the next sample, turns in [0, 1)
	fs     float64 // Hz
	offset complex128
	stepRe float64 // e^{j2π inc}
	stepIm float64
}

// signalChunk is how many samples a sinusoid is rotated between exact sincos.
const signalChunk = 256

// SignalConfig configures a SignalSource. The zero value of each field is
// a usable default except SampleRate, which must be set; Amplitude 0 is
// taken literally (silence), so set it too.
type SignalConfig struct {
	// Waveform is the wave's shape; "" means Cosine, GNU Radio's default.
	Waveform Waveform
	// Frequency in Hz, finite; negative rotates clockwise (complex64).
	Frequency float64
	// SampleRate in Hz, > 0.
	SampleRate float64
	// Amplitude is the peak amplitude a, finite.
	Amplitude float64
	// Offset is added to every sample (its real part only for float32).
	Offset complex128
	// Phase is the phase of the first sample, in radians, finite.
	Phase float64
}

// NewSignalSource returns a source of the waveform c describes; errors
// wrap block.ErrBadParam.
func NewSignalSource[T float32 | complex64](c SignalConfig) (*SignalSource[T], error) {
	w, f, fs, ampl, offset, phase := c.Waveform, c.Frequency, c.SampleRate, c.Amplitude, c.Offset, c.Phase
	switch w {
	case "":
		w = Cosine
	case "sin":
		w = Sine
	case "cos":
		w = Cosine
	case Sine, Cosine, Square, Triangle, Sawtooth:
	default:
		return nil, fmt.Errorf("%w: signal_source: unknown waveform %q", block.ErrBadParam, w)
	}
	if !(fs > 0) || math.IsInf(fs, 0) {
		return nil, fmt.Errorf("%w: signal_source: sample rate %g Hz must be > 0", block.ErrBadParam, fs)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || math.IsNaN(phase) || math.IsInf(phase, 0) {
		return nil, fmt.Errorf("%w: signal_source: frequency %g Hz and phase %g must be finite", block.ErrBadParam, f, phase)
	}
	b := &SignalSource[T]{wave: w, fs: fs, offset: offset, turn: signalFrac(phase / (2 * math.Pi))}
	b.Frequency.SetCheck(func(f float64) error {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%w: signal_source: frequency %g Hz must be finite", block.ErrBadParam, f)
		}
		return nil
	})
	b.Amplitude.SetCheck(func(a float64) error {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			return fmt.Errorf("%w: signal_source: amplitude %g must be finite", block.ErrBadParam, a)
		}
		return nil
	})
	if err := b.Frequency.Set(f); err != nil {
		return nil, err
	}
	if err := b.Amplitude.Set(ampl); err != nil {
		return nil, err
	}
	b.tune(f)
	if w == Sine {
		b.turn = signalFrac(b.turn - 0.25) // sin θ = cos(θ - π/2)
	}
	return b, nil
}

// tune derives the phase increment and the rotation step from frequency f
// (Hz); the phase continues where it is.
func (b *SignalSource[T]) tune(f float64) {
	inc := f / b.fs
	inc -= math.Trunc(inc) // whole turns per sample change nothing
	b.inc = inc
	b.stepIm, b.stepRe = math.Sincos(2 * math.Pi * inc)
}

// signalFrac returns x - floor(x), in [0, 1).
func signalFrac(x float64) float64 {
	f := x - math.Floor(x)
	if f >= 1 {
		f = 0
	}
	return f
}

// signalShape is the non-sinusoidal waveform w at phase u in [0, 1), between 0 and 1.
func signalShape(w Waveform, u float64) float64 {
	switch w {
	case Square:
		if u >= 0.5 {
			return 1
		}
		return 0
	case Triangle:
		return math.Abs(2*u - 1)
	default: // Sawtooth
		return signalFrac(u + 0.5)
	}
}

// Work implements block.Block.
func (b *SignalSource[T]) Work(*block.IO) error {
	if b.Frequency.Changed() {
		b.tune(b.Frequency.Get())
	}
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	a := b.Amplitude.Get()
	offRe, offIm := real(b.offset), imag(b.offset)
	switch o := any(out).(type) {
	case []float32:
		if b.wave == Sine || b.wave == Cosine {
			for i := 0; i < len(o); i += signalChunk {
				re, im := b.chunkStart(min(signalChunk, len(o)-i))
				for j := range o[i:min(i+signalChunk, len(o))] {
					o[i+j] = float32(a*re + offRe)
					re, im = re*b.stepRe-im*b.stepIm, re*b.stepIm+im*b.stepRe
				}
			}
			break
		}
		u := b.turn
		for i := range o {
			o[i] = float32(a*signalShape(b.wave, u) + offRe)
			u = signalStep(u, b.inc)
		}
		b.turn = u
	case []complex64:
		if b.wave == Sine || b.wave == Cosine {
			for i := 0; i < len(o); i += signalChunk {
				re, im := b.chunkStart(min(signalChunk, len(o)-i))
				for j := range o[i:min(i+signalChunk, len(o))] {
					o[i+j] = complex(float32(a*re+offRe), float32(a*im+offIm))
					re, im = re*b.stepRe-im*b.stepIm, re*b.stepIm+im*b.stepRe
				}
			}
			break
		}
		u := b.turn
		for i := range o {
			o[i] = complex(float32(a*signalShape(b.wave, u)+offRe), float32(a*signalShape(b.wave, signalFrac(u+0.25))+offIm))
			u = signalStep(u, b.inc)
		}
		b.turn = u
	}
	b.Out.Produce(len(out))
	return nil
}

// signalStep advances phase u by inc turns, wrapping to [0, 1).
func signalStep(u, inc float64) float64 {
	u += inc
	if u >= 1 {
		u--
	} else if u < 0 {
		u++
	}
	return u
}

// chunkStart returns e^{j2πu} for the current phase u, computed exactly,
// and advances the phase by m samples: the caller rotates from there for
// m samples (at most signalChunk), so rounding never accumulates further.
func (b *SignalSource[T]) chunkStart(m int) (re, im float64) {
	im, re = math.Sincos(2 * math.Pi * b.turn)
	b.turn = signalFrac(b.turn + float64(m)*b.inc)
	return re, im
}

// signalSourceSpec is the registry entry of signal_source.
func signalSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "signal_source",
		Doc: "produces a sine, cosine (complex exponential), square, triangle or sawtooth wave",
		Params: []registry.Param{typeParam(TypeComplex64, TypeFloat32, TypeComplex64),
			{Name: "waveform", Type: registry.ParamString, Default: "cosine", Allowed: signalWaveforms, Doc: "shape of the wave"},
			{Name: "frequency", Type: registry.ParamFloat, Default: 1000.0, Unit: "Hz", Settable: true, Doc: "frequency (negative: clockwise rotation)"},
			{Name: "sample_rate", Type: registry.ParamFloat, Default: 32000.0, Unit: "Hz", Min: registry.Bound(0), Doc: "sample rate, > 0"},
			{Name: "amplitude", Type: registry.ParamFloat, Default: 1.0, Settable: true, Doc: "peak amplitude"},
			{Name: "offset", Type: registry.ParamComplex, Default: 0.0, Doc: "added to every sample (real part only for float32)"},
			{Name: "phase", Type: registry.ParamFloat, Default: 0.0, Unit: "rad", Doc: "phase of the first sample"}},
		New: func(p registry.Params) (block.Block, error) {
			c := SignalConfig{Waveform: Waveform(p.String("waveform")), Frequency: p.Float("frequency"),
				SampleRate: p.Float("sample_rate"), Amplitude: p.Float("amplitude"), Offset: p.Complex("offset"), Phase: p.Float("phase")}
			if p.String("type") == TypeFloat32 {
				return asBlock(NewSignalSource[float32](c))
			}
			return asBlock(NewSignalSource[complex64](c))
		},
	}
}
