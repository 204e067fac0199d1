package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
)

// Type conversions follow GNU Radio's conventions so that samples move
// between the two frameworks with the same values: integer to float divides
// by a scale (default 1: integer values unchanged), float to integer
// multiplies by the scale in float32, saturates to the integer range and
// rounds to the nearest integer, ties to even (VOLK's rintf under the
// default rounding mode). NaN becomes 0.

// convertScale checks a scale parameter.
func convertScale(scale float64) error {
	if scale == 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		return mathBadParam("scale", scale, "a finite non-zero number")
	}
	return nil
}

// convertInt16 is VOLK's float to int16 conversion of x (already scaled).
func convertInt16(x float32) int16 {
	switch {
	case x > math.MaxInt16:
		return math.MaxInt16
	case x < math.MinInt16:
		return math.MinInt16
	case x != x:
		return 0
	}
	return int16(math.RoundToEven(float64(x)))
}

// convertInt8 is VOLK's float to int8 conversion of x (already scaled).
func convertInt8(x float32) int8 {
	switch {
	case x > math.MaxInt8:
		return math.MaxInt8
	case x < math.MinInt8:
		return math.MinInt8
	case x != x:
		return 0
	}
	return int8(math.RoundToEven(float64(x)))
}

// InterleavedCharToComplex turns interleaved int8 I/Q pairs into complex
// items, I/scale + j·Q/scale (GNU Radio interleaved_char_to_complex, whose
// scale_factor also defaults to 1: scale 128 maps the int8 range to [-1, 1)).
//
// # Stream Inputs
//
// In: int8 items, I0 Q0 I1 Q1 ... .
//
// # Stream Outputs
//
// Out: complex64 items, one per pair: half the input rate.
//
// # Parameters
//
// scale: divisor (default 1; finite, non-zero).
//
// # Tags
//
// A tag on input item i goes to output item i/2.
//
// # Usage
//
//	iq, err := blocks.NewInterleavedCharToComplex(128)
//	if err != nil { ... }
//	g.Add("iq", iq)
//	flowgraph.Connect(g, &file.Out, &iq.In)
//	flowgraph.Connect(g, &iq.Out, &snk.In)
type InterleavedCharToComplex struct {
	*block.MapNBlock[int8, complex64]
	inv float32
}

// NewInterleavedCharToComplex returns an InterleavedCharToComplex dividing by scale.
func NewInterleavedCharToComplex(scale float64) (*InterleavedCharToComplex, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &InterleavedCharToComplex{inv: float32(1 / scale)}
	b.MapNBlock = block.MapN(2, 1, b.work)
	return b, nil
}

// work computes out from in.
func (b *InterleavedCharToComplex) work(in []int8, out []complex64) {
	inv := b.inv
	for i := range out {
		out[i] = complex(float32(in[2*i])*inv, float32(in[2*i+1])*inv)
	}
}

// InterleavedUcharToComplex turns interleaved uint8 I/Q pairs, as RTL-SDR
// dongles deliver them, into complex items (x-offset)/scale. GNU Radio has
// no such block (gr-osmosdr converts internally with offset 127.4, scale
// 128). The defaults, offset 127.5 and scale 127.5, map 0 to -1 and 255 to
// +1 exactly and give a uniformly used range zero mean; set offset 127.4,
// scale 128 to match gr-osmosdr and SoapyRTLSDR.
//
// # Stream Inputs
//
// In: uint8 items, I0 Q0 I1 Q1 ... .
//
// # Stream Outputs
//
// Out: complex64 items, one per pair: half the input rate.
//
// # Parameters
//
// offset: subtracted first (default 127.5).
// scale: divisor (default 127.5; finite, non-zero).
//
// # Tags
//
// A tag on input item i goes to output item i/2.
//
// # Usage
//
//	iq, err := blocks.NewInterleavedUcharToComplex(127.5, 127.5)
//	if err != nil { ... }
//	g.Add("iq", iq)
//	flowgraph.Connect(g, &rtl.Out, &iq.In)
//	flowgraph.Connect(g, &iq.Out, &snk.In)
type InterleavedUcharToComplex struct {
	*block.MapNBlock[uint8, complex64]
	lut [256]float32
}

// NewInterleavedUcharToComplex returns an InterleavedUcharToComplex computing (x-offset)/scale.
func NewInterleavedUcharToComplex(offset, scale float64) (*InterleavedUcharToComplex, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	if math.IsNaN(offset) || math.IsInf(offset, 0) {
		return nil, mathBadParam("offset", offset, "a finite number")
	}
	b := &InterleavedUcharToComplex{}
	b.MapNBlock = block.MapN(2, 1, b.work)
	for x := range b.lut {
		b.lut[x] = float32((float64(x) - offset) / scale)
	}
	return b, nil
}

// work computes out from in.
func (b *InterleavedUcharToComplex) work(in []uint8, out []complex64) {
	lut := &b.lut
	for i := range out {
		out[i] = complex(lut[in[2*i]], lut[in[2*i+1]])
	}
}

// InterleavedShortToComplex turns interleaved int16 I/Q pairs into complex
// items, I/scale + j·Q/scale (GNU Radio interleaved_short_to_complex, scale
// default 1; use 32768 to map the int16 range to [-1, 1)). With swap, the
// first item of each pair is Q.
//
// # Stream Inputs
//
// In: int16 items, I0 Q0 I1 Q1 ... .
//
// # Stream Outputs
//
// Out: complex64 items, one per pair: half the input rate.
//
// # Parameters
//
// scale: divisor (default 1; finite, non-zero).
// swap: pairs are Q, I (default false).
//
// # Tags
//
// A tag on input item i goes to output item i/2.
//
// # Usage
//
//	iq, err := blocks.NewInterleavedShortToComplex(32768, false)
//	if err != nil { ... }
//	g.Add("iq", iq)
//	flowgraph.Connect(g, &file.Out, &iq.In)
//	flowgraph.Connect(g, &iq.Out, &snk.In)
type InterleavedShortToComplex struct {
	*block.MapNBlock[int16, complex64]
	inv  float32
	swap bool
}

// NewInterleavedShortToComplex returns an InterleavedShortToComplex dividing by scale.
func NewInterleavedShortToComplex(scale float64, swap bool) (*InterleavedShortToComplex, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &InterleavedShortToComplex{inv: float32(1 / scale), swap: swap}
	b.MapNBlock = block.MapN(2, 1, b.work)
	return b, nil
}

// work computes out from in.
func (b *InterleavedShortToComplex) work(in []int16, out []complex64) {
	inv := b.inv
	if b.swap {
		for i := range out {
			out[i] = complex(float32(in[2*i+1])*inv, float32(in[2*i])*inv)
		}
	} else {
		in = in[:2*len(out)]
		for i := range out {
			out[i] = complex(float32(in[2*i])*inv, float32(in[2*i+1])*inv)
		}
	}
}

// ComplexToInterleavedShort turns complex items into interleaved int16 I/Q
// pairs, each part multiplied by scale, saturated and rounded half to even
// (GNU Radio complex_to_interleaved_short, scale default 1; use 32767 for
// samples in [-1, 1]).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: int16 items, I0 Q0 I1 Q1 ...: twice the input rate.
//
// # Parameters
//
// scale: multiplier (default 1; finite, non-zero).
//
// # Tags
//
// A tag on input item i goes to output item 2i (the I of its pair).
//
// # Usage
//
//	pcm, err := blocks.NewComplexToInterleavedShort(32767)
//	if err != nil { ... }
//	g.Add("pcm", pcm)
//	flowgraph.Connect(g, &src.Out, &pcm.In)
//	flowgraph.Connect(g, &pcm.Out, &file.In)
type ComplexToInterleavedShort struct {
	*block.MapNBlock[complex64, int16]
	scale float32
}

// NewComplexToInterleavedShort returns a ComplexToInterleavedShort multiplying by scale.
func NewComplexToInterleavedShort(scale float64) (*ComplexToInterleavedShort, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &ComplexToInterleavedShort{scale: float32(scale)}
	b.MapNBlock = block.MapN(1, 2, b.work)
	return b, nil
}

// work computes out from in.
func (b *ComplexToInterleavedShort) work(in []complex64, out []int16) {
	s := b.scale
	for i, v := range in {
		out[2*i] = convertInt16(real(v) * s)
		out[2*i+1] = convertInt16(imag(v) * s)
	}
}

// ComplexToInterleavedChar turns complex items into interleaved int8 I/Q
// pairs, each part multiplied by scale, saturated and rounded half to even
// (GNU Radio complex_to_interleaved_char, scale default 1; use 127 for
// samples in [-1, 1]).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: int8 items, I0 Q0 I1 Q1 ...: twice the input rate.
//
// # Parameters
//
// scale: multiplier (default 1; finite, non-zero).
//
// # Tags
//
// A tag on input item i goes to output item 2i (the I of its pair).
//
// # Usage
//
//	iq8, err := blocks.NewComplexToInterleavedChar(127)
//	if err != nil { ... }
//	g.Add("iq8", iq8)
//	flowgraph.Connect(g, &src.Out, &iq8.In)
//	flowgraph.Connect(g, &iq8.Out, &file.In)
type ComplexToInterleavedChar struct {
	*block.MapNBlock[complex64, int8]
	scale float32
}

// NewComplexToInterleavedChar returns a ComplexToInterleavedChar multiplying by scale.
func NewComplexToInterleavedChar(scale float64) (*ComplexToInterleavedChar, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &ComplexToInterleavedChar{scale: float32(scale)}
	b.MapNBlock = block.MapN(1, 2, b.work)
	return b, nil
}

// work computes out from in.
func (b *ComplexToInterleavedChar) work(in []complex64, out []int8) {
	s := b.scale
	for i, v := range in {
		out[2*i] = convertInt8(real(v) * s)
		out[2*i+1] = convertInt8(imag(v) * s)
	}
}

// FloatToShort converts float items to int16: x·scale, saturated and
// rounded half to even (GNU Radio float_to_short, scale default 1).
//
// # Stream Inputs
//
// In: float32 items.
//
// # Stream Outputs
//
// Out: int16 items.
//
// # Parameters
//
// scale: multiplier (default 1; finite, non-zero).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	pcm, err := blocks.NewFloatToShort(32767)
//	if err != nil { ... }
//	g.Add("pcm", pcm)
//	flowgraph.Connect(g, &audio.Out, &pcm.In)
//	flowgraph.Connect(g, &pcm.Out, &file.In)
type FloatToShort struct {
	*block.MapBlock[float32, int16]
	scale float32
}

// NewFloatToShort returns a FloatToShort multiplying by scale.
func NewFloatToShort(scale float64) (*FloatToShort, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &FloatToShort{scale: float32(scale)}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work computes out from in.
func (b *FloatToShort) work(in []float32, out []int16) {
	s := b.scale
	for i, v := range in {
		out[i] = convertInt16(v * s)
	}
}

// ShortToFloat converts int16 items to float: x/scale (GNU Radio
// short_to_float, scale default 1).
//
// # Stream Inputs
//
// In: int16 items.
//
// # Stream Outputs
//
// Out: float32 items.
//
// # Parameters
//
// scale: divisor (default 1; finite, non-zero).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	audio, err := blocks.NewShortToFloat(32768)
//	if err != nil { ... }
//	g.Add("audio", audio)
//	flowgraph.Connect(g, &file.Out, &audio.In)
//	flowgraph.Connect(g, &audio.Out, &snk.In)
type ShortToFloat struct {
	*block.MapBlock[int16, float32]
	inv float32
}

// NewShortToFloat returns a ShortToFloat dividing by scale.
func NewShortToFloat(scale float64) (*ShortToFloat, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &ShortToFloat{inv: float32(1 / scale)}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work computes out from in.
func (b *ShortToFloat) work(in []int16, out []float32) {
	inv := b.inv
	for i, v := range in {
		out[i] = float32(v) * inv
	}
}

// FloatToChar converts float items to int8: x·scale, saturated and rounded
// half to even (GNU Radio float_to_char, scale default 1).
//
// # Stream Inputs
//
// In: float32 items.
//
// # Stream Outputs
//
// Out: int8 items.
//
// # Parameters
//
// scale: multiplier (default 1; finite, non-zero).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	s8, err := blocks.NewFloatToChar(127)
//	if err != nil { ... }
//	g.Add("s8", s8)
//	flowgraph.Connect(g, &src.Out, &s8.In)
//	flowgraph.Connect(g, &s8.Out, &file.In)
type FloatToChar struct {
	*block.MapBlock[float32, int8]
	scale float32
}

// NewFloatToChar returns a FloatToChar multiplying by scale.
func NewFloatToChar(scale float64) (*FloatToChar, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &FloatToChar{scale: float32(scale)}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work computes out from in.
func (b *FloatToChar) work(in []float32, out []int8) {
	s := b.scale
	for i, v := range in {
		out[i] = convertInt8(v * s)
	}
}

// CharToFloat converts int8 items to float: x/scale (GNU Radio
// char_to_float, scale default 1).
//
// # Stream Inputs
//
// In: int8 items.
//
// # Stream Outputs
//
// Out: float32 items.
//
// # Parameters
//
// scale: divisor (default 1; finite, non-zero).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	f, err := blocks.NewCharToFloat(128)
//	if err != nil { ... }
//	g.Add("f", f)
//	flowgraph.Connect(g, &file.Out, &f.In)
//	flowgraph.Connect(g, &f.Out, &snk.In)
type CharToFloat struct {
	*block.MapBlock[int8, float32]
	inv float32
}

// NewCharToFloat returns a CharToFloat dividing by scale.
func NewCharToFloat(scale float64) (*CharToFloat, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &CharToFloat{inv: float32(1 / scale)}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work computes out from in.
func (b *CharToFloat) work(in []int8, out []float32) {
	inv := b.inv
	for i, v := range in {
		out[i] = float32(v) * inv
	}
}

// UcharToFloat converts uint8 items to float unchanged in value, 0..255
// (GNU Radio uchar_to_float, which has no scale). Follow it with add_const
// and multiply_const to centre and scale.
//
// # Stream Inputs
//
// In: uint8 items.
//
// # Stream Outputs
//
// Out: float32 items in [0, 255].
//
// # Parameters
//
// None.
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	f := blocks.NewUcharToFloat()
//	g.Add("f", f)
//	flowgraph.Connect(g, &file.Out, &f.In)
//	flowgraph.Connect(g, &f.Out, &snk.In)
type UcharToFloat struct {
	*block.MapBlock[uint8, float32]
}

// NewUcharToFloat returns a UcharToFloat.
func NewUcharToFloat() *UcharToFloat {
	b := &UcharToFloat{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in.
func (b *UcharToFloat) work(in []uint8, out []float32) {
	for i, v := range in {
		out[i] = float32(v)
	}
}

func registerConvert(r *block.Registry) {
	scale := func(doc string, def float64) block.Param {
		return block.Param{Name: "scale", Type: block.ParamFloat, Default: def, Doc: doc}
	}
	const div, mul = "divisor applied to every value (finite, non-zero)", "multiplier applied before rounding and saturation (finite, non-zero)"
	scaled := func(id, doc, sdoc string, f func(scale float64) (block.Block, error)) {
		r.MustRegister(block.Spec{ID: id, Doc: doc, Params: []block.Param{scale(sdoc, 1)},
			New: func(p block.Params) (block.Block, error) { return f(p.Float("scale")) }})
	}
	scaled("interleaved_char_to_complex", "interleaved int8 I/Q pairs to complex items, x/scale", div,
		func(s float64) (block.Block, error) { return mathBlock(NewInterleavedCharToComplex(s)) })
	scaled("complex_to_interleaved_short", "complex items to interleaved int16 I/Q pairs, saturating x·scale", mul,
		func(s float64) (block.Block, error) { return mathBlock(NewComplexToInterleavedShort(s)) })
	scaled("complex_to_interleaved_char", "complex items to interleaved int8 I/Q pairs, saturating x·scale", mul,
		func(s float64) (block.Block, error) { return mathBlock(NewComplexToInterleavedChar(s)) })
	scaled("float_to_short", "float items to int16, saturating x·scale", mul,
		func(s float64) (block.Block, error) { return mathBlock(NewFloatToShort(s)) })
	scaled("short_to_float", "int16 items to float, x/scale", div,
		func(s float64) (block.Block, error) { return mathBlock(NewShortToFloat(s)) })
	scaled("float_to_char", "float items to int8, saturating x·scale", mul,
		func(s float64) (block.Block, error) { return mathBlock(NewFloatToChar(s)) })
	scaled("char_to_float", "int8 items to float, x/scale", div,
		func(s float64) (block.Block, error) { return mathBlock(NewCharToFloat(s)) })
	r.MustRegister(block.Spec{
		ID: "interleaved_short_to_complex", Doc: "interleaved int16 I/Q pairs to complex items, x/scale",
		Params: []block.Param{scale(div, 1),
			{Name: "swap", Type: block.ParamBool, Default: false, Doc: "pairs are Q, I"}},
		New: func(p block.Params) (block.Block, error) {
			return mathBlock(NewInterleavedShortToComplex(p.Float("scale"), p.Bool("swap")))
		},
	})
	r.MustRegister(block.Spec{
		ID: "interleaved_uchar_to_complex", Doc: "interleaved uint8 I/Q pairs (RTL-SDR) to complex items, (x-offset)/scale",
		Params: []block.Param{
			{Name: "offset", Type: block.ParamFloat, Default: 127.5, Doc: "subtracted first (127.4 for gr-osmosdr's convention)"},
			scale(div+" (128 for gr-osmosdr's convention)", 127.5),
		},
		New: func(p block.Params) (block.Block, error) {
			return mathBlock(NewInterleavedUcharToComplex(p.Float("offset"), p.Float("scale")))
		},
	})
	r.MustRegister(block.Spec{ID: "uchar_to_float", Doc: "uint8 items to float, value unchanged",
		New: func(block.Params) (block.Block, error) { return NewUcharToFloat(), nil }})
}
