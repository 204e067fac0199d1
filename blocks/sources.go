package blocks

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
)

// sourcesItem is the item types of the generic sources and sinks: plain
// numbers without pointers, so that a slice of them can be viewed as bytes.
type sourcesItem interface {
	float32 | complex64 | int8 | uint8 | int16 | int32 | float64 | complex128
}

// sourcesCtor builds a block from validated parameters.
type sourcesCtor = func(block.Params) (block.Block, error)

// sourcesAll maps every name of allTypes to the constructor for that type.
func sourcesAll(f32, c64, i8, u8, i16 sourcesCtor) map[string]sourcesCtor {
	return map[string]sourcesCtor{TypeFloat32: f32, TypeComplex64: c64, TypeInt8: i8, TypeUint8: u8, TypeInt16: i16}
}

// sourcesFromComplex converts a parameter value to T: complex types take it
// whole, real types refuse an imaginary part, integer types refuse a value
// that is not a whole number in their range.
func sourcesFromComplex[T sourcesItem](c complex128) (T, error) {
	var zero T
	re := real(c)
	bad := func() (T, error) {
		return zero, fmt.Errorf("%w: %v does not fit a %T", block.ErrBadParam, c, zero)
	}
	intIn := func(lo, hi float64) bool { return imag(c) == 0 && re == math.Trunc(re) && re >= lo && re <= hi }
	var v any
	switch any(zero).(type) {
	case complex64:
		v = complex64(c)
	case complex128:
		v = c
	case float32:
		if imag(c) != 0 {
			return bad()
		}
		v = float32(re)
	case float64:
		if imag(c) != 0 {
			return bad()
		}
		v = re
	case int8:
		if !intIn(math.MinInt8, math.MaxInt8) {
			return bad()
		}
		v = int8(re)
	case uint8:
		if !intIn(0, math.MaxUint8) {
			return bad()
		}
		v = uint8(re)
	case int16:
		if !intIn(math.MinInt16, math.MaxInt16) {
			return bad()
		}
		v = int16(re)
	case int32:
		if !intIn(math.MinInt32, math.MaxInt32) {
			return bad()
		}
		v = int32(re)
	}
	return v.(T), nil
}

// sourcesBytes views s as its bytes in memory, without copying.
func sourcesBytes[T sourcesItem](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(s[0])))
}

// sourcesScalarSize is the size in bytes of the scalars T is made of (the
// unit of byte order): a complex number is two of them.
func sourcesScalarSize[T sourcesItem]() int {
	var zero T
	switch any(zero).(type) {
	case complex64:
		return 4
	case complex128:
		return 8
	}
	return int(unsafe.Sizeof(zero))
}

// sourcesBigEndian reports whether the host stores numbers big-endian, in
// which case raw files (always little-endian) need their bytes swapped.
func sourcesBigEndian() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 0
}

// sourcesSwap reverses the byte order of each width-byte scalar of b.
func sourcesSwap(b []byte, width int) {
	if width <= 1 {
		return
	}
	for i := 0; i+width <= len(b); i += width {
		slices.Reverse(b[i : i+width])
	}
}

// NullSource produces zeros forever.
//
// # Stream Outputs
//
// Out: zeros of type T.
//
// # Parameters
//
// None besides the item type.
//
// # Tags
//
// None are produced.
//
// # Usage
//
//	src := blocks.NewNullSource[complex64]()
//	snk := blocks.NewNullSink[complex64]()
//	g.Add("src", src)
//	g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type NullSource[T sourcesItem] struct {
	Out block.Out[T]
}

// NewNullSource returns a source of zeros.
func NewNullSource[T sourcesItem]() *NullSource[T] { return &NullSource[T]{} }

// Work implements block.Block.
func (b *NullSource[T]) Work(*block.IO) error {
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	clear(out)
	b.Out.Produce(len(out))
	return nil
}

// ConstantSource produces one value forever.
//
// # Stream Outputs
//
// Out: the value, as items of type T.
//
// # Parameters
//
// value: the constant (complex for complex64; a whole number in range for
// integer types).
//
// # Tags
//
// None are produced.
//
// # Usage
//
//	src := blocks.NewConstantSource[float32](0.5)
//	snk := blocks.NewNullSink[float32]()
//	g.Add("src", src)
//	g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type ConstantSource[T sourcesItem] struct {
	Out   block.Out[T]
	value T
}

// NewConstantSource returns a source of v.
func NewConstantSource[T sourcesItem](v T) *ConstantSource[T] { return &ConstantSource[T]{value: v} }

// Work implements block.Block.
func (b *ConstantSource[T]) Work(*block.IO) error {
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	out[0] = b.value
	for k := 1; k < len(out); k *= 2 { // doubling copies: memmove speed
		copy(out[k:], out[:k])
	}
	b.Out.Produce(len(out))
	return nil
}

// VectorSource produces the items of a vector, once or repeated forever,
// with tags at given positions of the vector.
//
// # Stream Outputs
//
// Out: values[0], values[1], ..., then again from values[0] if repeat.
//
// # Parameters
//
// values: the items (complex list in YAML; converted to T).
// repeat: start again after the last item instead of finishing.
//
// # Tags
//
// Each tag given to NewVectorSource, at an offset relative to the start of
// the vector, is produced at that item on every pass: at absolute offset
// pass*len(values)+offset.
//
// # Usage
//
//	src, err := blocks.NewVectorSource([]float32{1, 2, 3}, false)
//	if err != nil { ... }
//	snk := blocks.NewVectorSink[float32]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type VectorSource[T any] struct {
	Out    block.Out[T]
	values []T
	tags   []buffer.Tag // offsets relative to values[0], sorted
	repeat bool
	pos    int // index in values of the next item
}

// NewVectorSource returns a source of values (copied). Tag offsets are
// relative to values[0] and must be below len(values). Repeating an empty
// vector is refused.
func NewVectorSource[T any](values []T, repeat bool, tags ...buffer.Tag) (*VectorSource[T], error) {
	if repeat && len(values) == 0 {
		return nil, fmt.Errorf("%w: vector_source: cannot repeat an empty vector", block.ErrBadParam)
	}
	ts := slices.Clone(tags)
	for _, t := range ts {
		if t.Offset >= uint64(len(values)) {
			return nil, fmt.Errorf("%w: vector_source: tag %q at offset %d is beyond the %d values", block.ErrBadParam, t.Key, t.Offset, len(values))
		}
	}
	slices.SortStableFunc(ts, func(a, b buffer.Tag) int { return cmp.Compare(a.Offset, b.Offset) })
	return &VectorSource[T]{values: slices.Clone(values), tags: ts, repeat: repeat}, nil
}

// Work implements block.Block.
func (b *VectorSource[T]) Work(*block.IO) error {
	if b.pos == len(b.values) && !b.repeat {
		return block.ErrDone
	}
	out := b.Out.Slice()
	n := 0
	for n < len(out) {
		if b.pos == len(b.values) {
			if !b.repeat {
				break
			}
			b.pos = 0
		}
		k := copy(out[n:], b.values[b.pos:])
		base := b.Out.Offset() + uint64(n) - uint64(b.pos) // absolute offset of values[0] in this pass
		for _, t := range b.tags {
			if t.Offset >= uint64(b.pos+k) {
				break
			}
			if t.Offset >= uint64(b.pos) {
				t.Offset += base
				b.Out.AddTag(t)
			}
		}
		b.pos += k
		n += k
	}
	if n > 0 {
		b.Out.Produce(n)
	}
	if b.pos == len(b.values) && !b.repeat {
		return block.ErrDone
	}
	return nil
}

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
//   - Set: parameter changes, a map {"frequency": value} or a pair
//     ["frequency", value] (block.MsgIn.SetParamHandler), applied between Work
//     calls and tagged like flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. May stay unconnected.
//
// # Parameters
//
// waveform: sine, cosine, square, triangle, sawtooth (see Waveform).
// frequency (Hz, may be negative), sample_rate (Hz, > 0), amplitude,
// offset (added; its real part only for float32), phase (rad, at n = 0).
// frequency and amplitude are settable while running (flowgraph.Graph.Set,
// or a message to Set): the phase continues, the next sample follows the new values.
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
	Out    block.Out[T]
	Set    block.MsgIn // parameter changes
	wave   Waveform
	inc    float64 // phase increment, turns per sample, in (-1, 1)
	turn   float64 // phase of the next sample, turns in [0, 1)
	ampl   float64
	freq   float64 // Hz, as given
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
	// Amplitude is the peak amplitude a.
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
	b := &SignalSource[T]{wave: w, fs: fs, ampl: ampl, offset: offset, turn: signalFrac(phase / (2 * math.Pi))}
	b.Set.SetParamHandler(b)
	if err := b.SetFrequency(f); err != nil {
		return nil, err
	}
	if w == Sine {
		b.turn = signalFrac(b.turn - 0.25) // sin θ = cos(θ - π/2)
	}
	return b, nil
}

// SetFrequency changes the frequency (Hz) from the next sample on, the
// phase continuing where it is. Call it between Work calls: through
// flowgraph.Graph.Set while the graph runs.
func (b *SignalSource[T]) SetFrequency(f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("%w: signal_source: frequency %g Hz must be finite", block.ErrBadParam, f)
	}
	inc := f / b.fs
	inc -= math.Trunc(inc) // whole turns per sample change nothing
	b.freq, b.inc = f, inc
	b.stepIm, b.stepRe = math.Sincos(2 * math.Pi * inc)
	return nil
}

// SetParam implements block.Settable: frequency and amplitude.
func (b *SignalSource[T]) SetParam(name string, v any) error {
	switch name {
	case "frequency":
		f, err := block.ParamAs[float64](name, v)
		if err != nil {
			return err
		}
		return b.SetFrequency(f)
	case "amplitude":
		a, err := block.ParamAs[float64](name, v)
		if err != nil {
			return err
		}
		if math.IsNaN(a) || math.IsInf(a, 0) {
			return fmt.Errorf("%w: signal_source: amplitude %g must be finite", block.ErrBadParam, a)
		}
		b.ampl = a
		return nil
	}
	return block.UnknownParam(name)
}

// Param implements block.Settable.
func (b *SignalSource[T]) Param(name string) (any, error) {
	switch name {
	case "frequency":
		return b.freq, nil
	case "amplitude":
		return b.ampl, nil
	}
	return nil, block.UnknownParam(name)
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
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	a := b.ampl
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

// NoiseKind is the distribution of a NoiseSource.
type NoiseKind string

// Distributions of NoiseSource.
const (
	Uniform  NoiseKind = "uniform"  // a·U(-1, 1); for complex64, I and Q each
	Gaussian NoiseKind = "gaussian" // a·N(0, 1); for complex64, I and Q each a/√2·N(0, 1)
)

// NoiseSource produces pseudo-random noise, reproducible from its seed.
//
// # Stream Outputs
//
// Out: float32 or complex64 noise. Gaussian noise has variance a²; complex
// Gaussian noise has independent I and Q of variance a²/2 each, a² in total
// (as GNU Radio). Uniform noise is a·U(-1, 1), independently for I and Q.
//
// # Parameters
//
// noise: uniform or gaussian. amplitude: a. seed: the same seed gives the
// same output (PCG generator of math/rand/v2).
//
// # Tags
//
// None are produced.
//
// # Usage
//
//	src := blocks.NewNoiseSource[complex64](blocks.Gaussian, 0.1, 42)
//	snk := blocks.NewNullSink[complex64]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type NoiseSource[T float32 | complex64] struct {
	Out  block.Out[T]
	kind NoiseKind
	ampl float64
	rng  *rand.Rand
}

// NewNoiseSource returns a noise source of the given kind (Gaussian if not
// Uniform), amplitude and seed.
func NewNoiseSource[T float32 | complex64](kind NoiseKind, ampl float64, seed uint64) *NoiseSource[T] {
	if kind != Uniform {
		kind = Gaussian
	}
	return &NoiseSource[T]{kind: kind, ampl: ampl, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

// draw returns one sample of the distribution, scaled by a.
func (b *NoiseSource[T]) draw(a float64) float32 {
	if b.kind == Uniform {
		return float32(a * (2*b.rng.Float64() - 1))
	}
	return float32(a * b.rng.NormFloat64())
}

// Work implements block.Block.
func (b *NoiseSource[T]) Work(*block.IO) error {
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	switch o := any(out).(type) {
	case []float32:
		for i := range o {
			o[i] = b.draw(b.ampl)
		}
	case []complex64:
		a := b.ampl
		if b.kind == Gaussian {
			a *= math.Sqrt2 / 2
		}
		for i := range o {
			re := b.draw(a)
			o[i] = complex(re, b.draw(a))
		}
	}
	b.Out.Produce(len(out))
	return nil
}

func registerSources(r *block.Registry) {
	r.MustRegister(block.Spec{
		ID:     "null_source",
		Doc:    "produces zeros forever",
		Params: []block.Param{typeParam(TypeComplex64)},
		New: func(p block.Params) (block.Block, error) {
			return byType(p, sourcesAll(
				func(block.Params) (block.Block, error) { return NewNullSource[float32](), nil },
				func(block.Params) (block.Block, error) { return NewNullSource[complex64](), nil },
				func(block.Params) (block.Block, error) { return NewNullSource[int8](), nil },
				func(block.Params) (block.Block, error) { return NewNullSource[uint8](), nil },
				func(block.Params) (block.Block, error) { return NewNullSource[int16](), nil },
			))
		},
	})
	r.MustRegister(block.Spec{
		ID:  "constant_source",
		Doc: "produces one value forever",
		Params: []block.Param{typeParam(TypeComplex64),
			{Name: "value", Type: block.ParamComplex, Default: 0.0, Doc: "the constant (whole number in range for integer types)"}},
		New: func(p block.Params) (block.Block, error) {
			return byType(p, sourcesAll(constantFromParams[float32], constantFromParams[complex64],
				constantFromParams[int8], constantFromParams[uint8], constantFromParams[int16]))
		},
	})
	r.MustRegister(block.Spec{
		ID:  "vector_source",
		Doc: "produces the items of a vector, once or repeated",
		Params: []block.Param{typeParam(TypeComplex64),
			{Name: "values", Type: block.ParamComplexes, Doc: "the items (converted to the item type)"},
			{Name: "repeat", Type: block.ParamBool, Default: false, Doc: "start again after the last item"}},
		New: func(p block.Params) (block.Block, error) {
			return byType(p, sourcesAll(vectorFromParams[float32], vectorFromParams[complex64],
				vectorFromParams[int8], vectorFromParams[uint8], vectorFromParams[int16]))
		},
	})
	r.MustRegister(block.Spec{
		ID:  "signal_source",
		Doc: "produces a sine, cosine (complex exponential), square, triangle or sawtooth wave",
		Params: []block.Param{typeParam(TypeComplex64, TypeFloat32, TypeComplex64),
			{Name: "waveform", Type: block.ParamString, Default: "cosine", Allowed: signalWaveforms, Doc: "shape of the wave"},
			{Name: "frequency", Type: block.ParamFloat, Default: 1000.0, Unit: "Hz", Settable: true, Doc: "frequency (negative: clockwise rotation)"},
			{Name: "sample_rate", Type: block.ParamFloat, Default: 32000.0, Unit: "Hz", Min: block.Bound(0), Doc: "sample rate, > 0"},
			{Name: "amplitude", Type: block.ParamFloat, Default: 1.0, Settable: true, Doc: "peak amplitude"},
			{Name: "offset", Type: block.ParamComplex, Default: 0.0, Doc: "added to every sample (real part only for float32)"},
			{Name: "phase", Type: block.ParamFloat, Default: 0.0, Unit: "rad", Doc: "phase of the first sample"}},
		New: func(p block.Params) (block.Block, error) {
			c := SignalConfig{Waveform: Waveform(p.String("waveform")), Frequency: p.Float("frequency"),
				SampleRate: p.Float("sample_rate"), Amplitude: p.Float("amplitude"), Offset: p.Complex("offset"), Phase: p.Float("phase")}
			if p.String("type") == TypeFloat32 {
				return NewSignalSource[float32](c)
			}
			return NewSignalSource[complex64](c)
		},
	})
	r.MustRegister(block.Spec{
		ID:  "noise_source",
		Doc: "produces uniform or Gaussian pseudo-random noise",
		Params: []block.Param{typeParam(TypeComplex64, TypeFloat32, TypeComplex64),
			{Name: "noise", Type: block.ParamString, Default: "gaussian", Allowed: []string{"gaussian", "uniform"}, Doc: "distribution"},
			{Name: "amplitude", Type: block.ParamFloat, Default: 1.0, Doc: "standard deviation (gaussian) or half-width (uniform)"},
			{Name: "seed", Type: block.ParamInt, Default: 0, Min: block.Bound(0), Doc: "generator seed: same seed, same output"}},
		New: func(p block.Params) (block.Block, error) {
			k, a, seed := NoiseKind(p.String("noise")), p.Float("amplitude"), uint64(p.Int("seed"))
			if p.String("type") == TypeFloat32 {
				return NewNoiseSource[float32](k, a, seed), nil
			}
			return NewNoiseSource[complex64](k, a, seed), nil
		},
	})
	r.MustRegister(fileSourceSpec())
	r.MustRegister(wavSourceSpec())
}

func constantFromParams[T sourcesItem](p block.Params) (block.Block, error) {
	v, err := sourcesFromComplex[T](p.Complex("value"))
	if err != nil {
		return nil, fmt.Errorf("value: %w", err)
	}
	return NewConstantSource(v), nil
}

func vectorFromParams[T sourcesItem](p block.Params) (block.Block, error) {
	cs := p.Complexes("values")
	vs := make([]T, len(cs))
	for i, c := range cs {
		v, err := sourcesFromComplex[T](c)
		if err != nil {
			return nil, fmt.Errorf("values[%d]: %w", i, err)
		}
		vs[i] = v
	}
	return NewVectorSource(vs, p.Bool("repeat"))
}
