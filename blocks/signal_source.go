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
// amplitude: Sine a·sin(2πu), Cosine a·cos(2πu); for complex64 output both
// are the complex exponential a·e^{j2πu} = a·(cos 2πu + j·sin 2πu), as GNU
// Radio's sig_source_c gives for both. Square, Triangle and Sawtooth are
// GNU Radio's shapes between 0 and a: a for u ≥ 1/2 and 0 before,
// a·|2u-1|, and a·frac(u+1/2). Their complex64 output carries the same
// shape a quarter period later in the imaginary part, as GNU Radio's does.
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
// The phase is GNU Radio's (gr::fxpt_nco): a 32-bit fixed-point
// accumulator, 2^32 per turn, so it never drifts and the edges of square,
// triangle and sawtooth waves fall on the samples where GNU Radio's do. As
// there, the phase step is 2π·f/fs rounded to float32 and then to the fixed
// point (frequency resolution fs/2^32), and so is the start phase. The
// other waveforms' values are computed from the phase with GNU Radio's
// float32 and float64 arithmetic. Sinusoids are computed exactly from the
// phase every 256 samples and by rotation between: they equal the direct
// formula a·cos(2π·phase/2^32) to float32 precision at any sample (GNU
// Radio interpolates a 1024-entry table instead: its values differ from
// these by up to about 5e-6·a).
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
	inc    uint32  // phase increment, 2^32 per turn (two's complement); from Frequency
	phase  uint32  // phase of the next sample, 2^32 per turn
	fs     float64 // Hz
	offset complex128
	stepRe float64 // e^{j2π inc/2^32}
	stepIm float64
	// sinShift is a quarter turn for the float32 sine (sin θ = cos(θ−π/2)),
	// else 0: complex64 sine is e^{jθ}, as GNU Radio's.
	sinShift uint32
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
	b := &SignalSource[T]{wave: w, fs: fs, offset: offset, phase: uint32(signalFixed(float32(phase)))}
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
	if _, real := any(*new(T)).(float32); real && w == Sine {
		b.sinShift = 1 << 30
	}
	b.tune(f)
	return b, nil
}

// tune derives the phase increment and the rotation step from frequency f
// (Hz) as GNU Radio's set_frequency does; the phase continues where it is.
func (b *SignalSource[T]) tune(f float64) {
	b.inc = uint32(signalFixed(float32(2 * math.Pi * f / b.fs)))
	b.stepIm, b.stepRe = math.Sincos(2 * math.Pi * float64(int32(b.inc)) / (1 << 32))
}

// signalFixed converts an angle in radians to GNU Radio's fixed point
// (gr::fxpt::float_to_fixed): folded into [-π, π] and scaled by 2^31/π, in
// float32 arithmetic. The conversions stop Go from fusing the operations.
func signalFixed(x float32) int32 {
	const pi, tau = float32(math.Pi), float32(2 * math.Pi)
	d := math.Floor(float64(float32(x/tau)) + 0.5)
	x -= float32(float32(d) * tau)
	v := float32(float32(x*(1<<31)) / pi)
	if v >= 1<<31 { // π itself: C's conversion gives the int32 minimum, -π
		return math.MinInt32
	}
	return int32(v)
}

// signalRadians is GNU Radio's fxpt_nco::get_phase: the fixed-point phase
// in radians, [-π, π), a float32.
func signalRadians(phase uint32) float64 {
	return float64(float32(int32(phase)) * float32(float32(math.Pi)/(1<<31)))
}

// signalReal is sig_source_f's square, triangle or sawtooth sample at phase
// p (radians, from signalRadians), with GNU Radio's arithmetic.
func signalReal(w Waveform, p, a float64, off float32) float32 {
	switch w {
	case Square:
		if p < 0 {
			return float32(a) + off
		}
		return off
	case Triangle:
		t := a * p / math.Pi
		if p < 0 {
			return float32(t + a + float64(off))
		}
		return float32(-t + a + float64(off))
	default: // Sawtooth
		return float32(a*p/(2*math.Pi) + a/2 + float64(off))
	}
}

// signalComplex is sig_source_c's square, triangle or sawtooth sample at
// phase p (radians), with GNU Radio's arithmetic: the imaginary part is the
// real part's shape a quarter period later.
func signalComplex(w Waveform, p, a float64) (re, im float64) {
	switch w {
	case Square:
		switch {
		case p < -math.Pi/2:
			return a, 0
		case p < 0:
			return a, a
		case p < math.Pi/2:
			return 0, a
		}
		return 0, 0
	case Triangle:
		t := a * p / math.Pi
		switch {
		case p < -math.Pi/2:
			return t + a, -t - a/2
		case p < 0:
			return t + a, t + a/2
		case p < math.Pi/2:
			return -t + a, t + a/2
		}
		return -t + a, -t + 3*a/2
	default: // Sawtooth
		t := a * p / (2 * math.Pi)
		if p < -math.Pi/2 {
			return t + a/2, t + 5*a/4
		}
		return t + a/2, t + a/4
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
	sinusoid := b.wave == Sine || b.wave == Cosine
	switch o := any(out).(type) {
	case []float32:
		if sinusoid {
			for i := 0; i < len(o); i += signalChunk {
				re, im := b.chunkStart(min(signalChunk, len(o)-i))
				for j := range o[i:min(i+signalChunk, len(o))] {
					o[i+j] = float32(a*re + offRe)
					re, im = re*b.stepRe-im*b.stepIm, re*b.stepIm+im*b.stepRe
				}
			}
			break
		}
		ph, off := b.phase, float32(offRe)
		for i := range o {
			o[i] = signalReal(b.wave, signalRadians(ph), a, off)
			ph += b.inc
		}
		b.phase = ph
	case []complex64:
		if sinusoid {
			for i := 0; i < len(o); i += signalChunk {
				re, im := b.chunkStart(min(signalChunk, len(o)-i))
				for j := range o[i:min(i+signalChunk, len(o))] {
					o[i+j] = complex(float32(a*re+offRe), float32(a*im+offIm))
					re, im = re*b.stepRe-im*b.stepIm, re*b.stepIm+im*b.stepRe
				}
			}
			break
		}
		ph, off := b.phase, complex64(b.offset)
		for i := range o {
			re, im := signalComplex(b.wave, signalRadians(ph), a)
			o[i] = complex(float32(re), float32(im)) + off
			ph += b.inc
		}
		b.phase = ph
	}
	b.Out.Produce(len(out))
	return nil
}

// chunkStart returns e^{jθ} for the current phase θ (less sinShift),
// computed exactly, and advances the phase by m samples: the caller rotates from there for
// m samples (at most signalChunk), so rounding never accumulates further.
func (b *SignalSource[T]) chunkStart(m int) (re, im float64) {
	im, re = math.Sincos(2 * math.Pi * float64(b.phase-b.sinShift) / (1 << 32))
	b.phase += uint32(m) * b.inc
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
