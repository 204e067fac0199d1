package blocks

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/flowrun/flowrun/block"
)

// Arithmetic item types: what add, subtract and multiply take.
type mathArith interface {
	~float32 | ~complex64 | ~int16
}

// Constant-operation item types: what add_const and multiply_const take.
type mathScalar interface {
	~float32 | ~complex64
}

// mathOp is the operation of an N-input arithmetic block.
type mathOp int

const (
	mathAdd mathOp = iota
	mathSub
	mathMul
)

// mathFold returns the kernel of an n-ary block: out = in0 op in1 op ...
func mathFold[T mathArith](op mathOp) func(ins [][]T, out []T) {
	return func(ins [][]T, out []T) {
		copy(out, ins[0])
		for _, s := range ins[1:] {
			switch op {
			case mathAdd:
				for i, v := range s {
					out[i] += v
				}
			case mathSub:
				for i, v := range s {
					out[i] -= v
				}
			case mathMul:
				for i, v := range s {
					out[i] *= v
				}
			}
		}
	}
}

// mathNew makes the n-ary block of op, refusing fewer than 2 inputs.
func mathNew[T mathArith](inputs int, op mathOp) (*block.CombineBlock[T, T], error) {
	if inputs < 2 {
		return nil, mathBadParam("inputs", inputs, "at least 2")
	}
	return block.Combine(inputs, mathFold[T](op)), nil
}

// Add outputs the sum of its inputs, item by item (GNU Radio add_ff, add_cc,
// add_ss). int16 sums wrap around on overflow, as in C.
//
// # Stream Inputs
//
// In[0..inputs-1] ("in0", "in1", ...): the addends.
//
// # Stream Outputs
//
// Out: in0 + in1 + ... .
//
// # Parameters
//
// inputs: number of inputs (>= 2, default 2).
//
// # Tags
//
// The tags of every input go to the output item of the same index.
//
// # Usage
//
//	add, err := blocks.NewAdd[float32](3)
//	if err != nil { ... }
//	g.Add("add", add)
//	flowgraph.Connect(g, &a.Out, &add.In[0])
//	flowgraph.Connect(g, &b.Out, &add.In[1])
type Add[T mathArith] struct {
	*block.CombineBlock[T, T]
}

// NewAdd returns an Add with the given number of inputs (at least 2).
func NewAdd[T mathArith](inputs int) (*Add[T], error) {
	c, err := mathNew[T](inputs, mathAdd)
	if err != nil {
		return nil, err
	}
	return &Add[T]{c}, nil
}

// Subtract outputs its first input minus every other input, item by item
// (GNU Radio sub_ff, sub_cc, sub_ss). int16 differences wrap around.
//
// # Stream Inputs
//
// In[0..inputs-1] ("in0", "in1", ...): the minuend in0, then the subtrahends.
//
// # Stream Outputs
//
// Out: in0 - in1 - in2 - ... .
//
// # Parameters
//
// inputs: number of inputs (>= 2, default 2).
//
// # Tags
//
// The tags of every input go to the output item of the same index.
//
// # Usage
//
//	sub, err := blocks.NewSubtract[complex64](2)
//	if err != nil { ... }
//	g.Add("sub", sub)
//	flowgraph.Connect(g, &a.Out, &sub.In[0])
//	flowgraph.Connect(g, &b.Out, &sub.In[1])
type Subtract[T mathArith] struct {
	*block.CombineBlock[T, T]
}

// NewSubtract returns a Subtract with the given number of inputs (at least 2).
func NewSubtract[T mathArith](inputs int) (*Subtract[T], error) {
	c, err := mathNew[T](inputs, mathSub)
	if err != nil {
		return nil, err
	}
	return &Subtract[T]{c}, nil
}

// Multiply outputs the product of its inputs, item by item (GNU Radio
// multiply_ff, multiply_cc, multiply_ss). int16 products wrap around.
//
// # Stream Inputs
//
// In[0..inputs-1] ("in0", "in1", ...): the factors.
//
// # Stream Outputs
//
// Out: in0 · in1 · ... .
//
// # Parameters
//
// inputs: number of inputs (>= 2, default 2).
//
// # Tags
//
// The tags of every input go to the output item of the same index.
//
// # Usage
//
//	mul, err := blocks.NewMultiply[complex64](2)
//	if err != nil { ... }
//	g.Add("mix", mul)
//	flowgraph.Connect(g, &sig.Out, &mul.In[0])
//	flowgraph.Connect(g, &lo.Out, &mul.In[1])
type Multiply[T mathArith] struct {
	*block.CombineBlock[T, T]
}

// NewMultiply returns a Multiply with the given number of inputs (at least 2).
func NewMultiply[T mathArith](inputs int) (*Multiply[T], error) {
	c, err := mathNew[T](inputs, mathMul)
	if err != nil {
		return nil, err
	}
	return &Multiply[T]{c}, nil
}

// AddConst adds a constant to every item (GNU Radio add_const_ff,
// add_const_cc).
//
// # Stream Inputs
//
// In: the items.
//
// # Stream Outputs
//
// Out: In + k.
//
// # Message Inputs
//
//   - Set: parameter changes, a map {"k": value} or a pair
//     ["k", value] (block.MsgIn.SetParamHandler), applied between Work
//     calls and tagged like flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. May stay unconnected.
//
// # Parameters
//
// k: the constant (complex for complex64, real for float32; default 0);
// settable while running with SetK.
//
// # Tags
//
// Carried to the same item; set:k on the first item after a change while
// running.
//
// # Usage
//
//	dc := blocks.NewAddConst[float32](-0.5)
//	g.Add("dc", dc)
//	flowgraph.Connect(g, &src.Out, &dc.In)
//	flowgraph.Connect(g, &dc.Out, &snk.In)
type AddConst[T mathScalar] struct {
	*block.MapBlock[T, T]
	Set block.MsgIn // parameter changes
	k   atomic.Pointer[T]
}

// NewAddConst returns an AddConst adding k.
func NewAddConst[T mathScalar](k T) *AddConst[T] {
	b := &AddConst[T]{}
	b.MapBlock = block.Map(b.work)
	b.Set.SetParamHandler(b)
	b.SetK(k)
	return b
}

// SetK changes the constant; safe while the graph runs (it applies from the
// next Work call).
func (b *AddConst[T]) SetK(k T) { b.k.Store(&k) }

// K returns the constant.
func (b *AddConst[T]) K() T { return *b.k.Load() }

// SetParam implements block.Settable: k.
func (b *AddConst[T]) SetParam(name string, v any) error {
	k, err := mathSettableK[T](name, v)
	if err == nil {
		b.SetK(k)
	}
	return err
}

// Param implements block.Settable: k as a complex128.
func (b *AddConst[T]) Param(name string) (any, error) {
	if name != "k" {
		return nil, block.UnknownParam(name)
	}
	return mathComplex(b.K()), nil
}

// work computes out from in, item for item.
func (b *AddConst[T]) work(in []T, out []T) {
	k := *b.k.Load()
	for i, v := range in {
		out[i] = v + k
	}
}

// MultiplyConst multiplies every item by a constant (GNU Radio
// multiply_const_ff, multiply_const_cc).
//
// # Stream Inputs
//
// In: the items.
//
// # Stream Outputs
//
// Out: In · k.
//
// # Message Inputs
//
//   - Set: parameter changes, a map {"k": value} or a pair
//     ["k", value] (block.MsgIn.SetParamHandler), applied between Work
//     calls and tagged like flowgraph.Graph.Set; a bad message is counted
//     (flowgraph.BlockStats.MsgRejected), not fatal. May stay unconnected.
//
// # Parameters
//
// k: the constant (complex for complex64, real for float32; default 1);
// settable while running with SetK.
//
// # Tags
//
// Carried to the same item; set:k on the first item after a change while
// running.
//
// # Usage
//
//	gain := blocks.NewMultiplyConst[complex64](complex(0, 2))
//	g.Add("gain", gain)
//	flowgraph.Connect(g, &src.Out, &gain.In)
//	flowgraph.Connect(g, &gain.Out, &snk.In)
type MultiplyConst[T mathScalar] struct {
	*block.MapBlock[T, T]
	Set block.MsgIn // parameter changes
	k   atomic.Pointer[T]
}

// NewMultiplyConst returns a MultiplyConst multiplying by k.
func NewMultiplyConst[T mathScalar](k T) *MultiplyConst[T] {
	b := &MultiplyConst[T]{}
	b.MapBlock = block.Map(b.work)
	b.Set.SetParamHandler(b)
	b.SetK(k)
	return b
}

// SetK changes the constant; safe while the graph runs (it applies from the
// next Work call).
func (b *MultiplyConst[T]) SetK(k T) { b.k.Store(&k) }

// K returns the constant.
func (b *MultiplyConst[T]) K() T { return *b.k.Load() }

// SetParam implements block.Settable: k.
func (b *MultiplyConst[T]) SetParam(name string, v any) error {
	k, err := mathSettableK[T](name, v)
	if err == nil {
		b.SetK(k)
	}
	return err
}

// Param implements block.Settable: k as a complex128.
func (b *MultiplyConst[T]) Param(name string) (any, error) {
	if name != "k" {
		return nil, block.UnknownParam(name)
	}
	return mathComplex(b.K()), nil
}

// work computes out from in, item for item.
func (b *MultiplyConst[T]) work(in []T, out []T) {
	k := *b.k.Load()
	for i, v := range in {
		out[i] = v * k
	}
}

// Conjugate outputs the complex conjugate of every item (GNU Radio
// conjugate_cc).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: re(In) - j·im(In).
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
//	conj := blocks.NewConjugate()
//	g.Add("conj", conj)
//	flowgraph.Connect(g, &src.Out, &conj.In)
//	flowgraph.Connect(g, &conj.Out, &snk.In)
type Conjugate struct {
	*block.MapBlock[complex64, complex64]
}

// NewConjugate returns a Conjugate.
func NewConjugate() *Conjugate {
	b := &Conjugate{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *Conjugate) work(in []complex64, out []complex64) {
	for i, v := range in {
		out[i] = complex(real(v), -imag(v))
	}
}

// ComplexToMag outputs the magnitude of every complex item (GNU Radio
// complex_to_mag, volk_32fc_magnitude_32f: sqrt(re²+im²) in float32).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: |In| as float32.
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
//	mag := blocks.NewComplexToMag()
//	g.Add("mag", mag)
//	flowgraph.Connect(g, &src.Out, &mag.In)
//	flowgraph.Connect(g, &mag.Out, &snk.In)
type ComplexToMag struct {
	*block.MapBlock[complex64, float32]
}

// NewComplexToMag returns a ComplexToMag.
func NewComplexToMag() *ComplexToMag {
	b := &ComplexToMag{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *ComplexToMag) work(in []complex64, out []float32) {
	for i, v := range in {
		re, im := real(v), imag(v)
		out[i] = float32(math.Sqrt(float64(re*re + im*im)))
	}
}

// ComplexToMagSquared outputs the squared magnitude (power) of every
// complex item (GNU Radio complex_to_mag_squared: re²+im² in float32).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: |In|² as float32.
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
//	pwr := blocks.NewComplexToMagSquared()
//	g.Add("pwr", pwr)
//	flowgraph.Connect(g, &src.Out, &pwr.In)
//	flowgraph.Connect(g, &pwr.Out, &snk.In)
type ComplexToMagSquared struct {
	*block.MapBlock[complex64, float32]
}

// NewComplexToMagSquared returns a ComplexToMagSquared.
func NewComplexToMagSquared() *ComplexToMagSquared {
	b := &ComplexToMagSquared{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *ComplexToMagSquared) work(in []complex64, out []float32) {
	for i, v := range in {
		re, im := real(v), imag(v)
		out[i] = re*re + im*im
	}
}

// ComplexToArg outputs the phase angle of every complex item, atan2(im, re)
// in radians in [-π, π] (GNU Radio complex_to_arg, which uses an
// approximation good to about 1e-5 rad; this block computes atan2 exactly,
// in float64, rounded to float32).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: arg(In) as float32, radians.
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
//	arg := blocks.NewComplexToArg()
//	g.Add("arg", arg)
//	flowgraph.Connect(g, &src.Out, &arg.In)
//	flowgraph.Connect(g, &arg.Out, &snk.In)
type ComplexToArg struct {
	*block.MapBlock[complex64, float32]
}

// NewComplexToArg returns a ComplexToArg.
func NewComplexToArg() *ComplexToArg {
	b := &ComplexToArg{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *ComplexToArg) work(in []complex64, out []float32) {
	for i, v := range in {
		out[i] = float32(math.Atan2(float64(imag(v)), float64(real(v))))
	}
}

// ComplexToFloat splits complex items into their real and imaginary parts
// (GNU Radio complex_to_float).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Re ("re"): real parts; Im ("im"): imaginary parts, both float32.
//
// # Parameters
//
// None.
//
// # Tags
//
// Carried to the same item on both outputs.
//
// # Usage
//
//	split := blocks.NewComplexToFloat()
//	g.Add("split", split)
//	flowgraph.Connect(g, &src.Out, &split.In)
//	flowgraph.Connect(g, &split.Re, &i.In)
//	flowgraph.Connect(g, &split.Im, &q.In)
type ComplexToFloat struct {
	In block.In[complex64]
	Re block.Out[float32]
	Im block.Out[float32]
}

// NewComplexToFloat returns a ComplexToFloat.
func NewComplexToFloat() *ComplexToFloat { return &ComplexToFloat{} }

// Work implements block.Block.
func (b *ComplexToFloat) Work(*block.IO) error {
	in, re, im := b.In.Slice(), b.Re.Slice(), b.Im.Slice()
	n := min(len(in), len(re), len(im))
	if n == 0 {
		return b.In.Idle()
	}
	re, im = re[:n], im[:n]
	for i, v := range in[:n] {
		re[i], im[i] = real(v), imag(v)
	}
	b.In.Consume(n)
	b.Re.Produce(n)
	b.Im.Produce(n)
	return nil
}

// FloatToComplex joins a real and an imaginary stream into complex items
// (GNU Radio float_to_complex). The imaginary input is optional: left
// unconnected, it counts as zeros.
//
// # Stream Inputs
//
// Re ("re"): real parts; Im ("im", optional): imaginary parts, both float32.
//
// # Stream Outputs
//
// Out: complex(Re, Im).
//
// # Parameters
//
// None.
//
// # Tags
//
// The tags of both inputs go to the output item of the same index.
//
// # Usage
//
//	join := blocks.NewFloatToComplex()
//	g.Add("join", join)
//	flowgraph.Connect(g, &i.Out, &join.Re)
//	flowgraph.Connect(g, &q.Out, &join.Im) // optional
//	flowgraph.Connect(g, &join.Out, &snk.In)
type FloatToComplex struct {
	Re  block.In[float32]
	Im  block.In[float32]
	Out block.Out[complex64]
}

// NewFloatToComplex returns a FloatToComplex whose Im input is optional.
func NewFloatToComplex() *FloatToComplex {
	b := &FloatToComplex{}
	b.Im.SetOptional()
	return b
}

// Work implements block.Block.
func (b *FloatToComplex) Work(*block.IO) error {
	re, out := b.Re.Slice(), b.Out.Slice()
	n := min(len(re), len(out))
	var im []float32
	if b.Im.Connected() {
		im = b.Im.Slice()
		n = min(n, len(im))
	}
	if n == 0 {
		if err := b.Re.Idle(); err != nil || !b.Im.Connected() {
			return err
		}
		return b.Im.Idle()
	}
	out = out[:n]
	if im == nil {
		for i, v := range re[:n] {
			out[i] = complex(v, 0)
		}
	} else {
		for i, v := range re[:n] {
			out[i] = complex(v, im[i])
		}
		b.Im.Consume(n)
	}
	b.Re.Consume(n)
	b.Out.Produce(n)
	return nil
}

// mathFloat32Min is the smallest normal float32 (C's FLT_MIN).
const mathFloat32Min = 0x1p-126

// ToDB converts float items to decibels: factor·log10(max(x, m)) + k, with
// m the smallest normal float32 (GNU Radio nlog10_ff, which clamps the same
// way so that zero and negative inputs give a large negative number, not
// -Inf or NaN). Use factor 10 for a power, 20 for a magnitude.
//
// # Stream Inputs
//
// In: float32 items (power or magnitude).
//
// # Stream Outputs
//
// Out: float32 levels in dB.
//
// # Parameters
//
// factor: multiplier of log10 (default 10: power; 20: magnitude).
// k: offset added, in dB (default 0).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	db := blocks.NewToDB(10, 0)
//	g.Add("db", db)
//	flowgraph.Connect(g, &pwr.Out, &db.In)
//	flowgraph.Connect(g, &db.Out, &snk.In)
type ToDB struct {
	*block.MapBlock[float32, float32]
	factor, k float32
}

// NewToDB returns a ToDB computing factor·log10(x) + k.
func NewToDB(factor, k float32) *ToDB {
	b := &ToDB{factor: factor, k: k}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *ToDB) work(in []float32, out []float32) {
	f, k := float64(b.factor), float64(b.k)
	for i, v := range in {
		v = max(v, mathFloat32Min) // NaN stays NaN
		out[i] = float32(f*math.Log10(float64(v)) + k)
	}
}

// mathBadParam is a constructor's report of a parameter value it refuses;
// the registry prefixes the block id.
func mathBadParam(name string, v any, want string) error {
	return fmt.Errorf("%w: parameter %q: %v: want %s", block.ErrBadParam, name, v, want)
}

// mathBlock returns b as a block.Block, or a nil interface (not a typed
// nil pointer) with err.
func mathBlock[B block.Block](b B, err error) (block.Block, error) {
	if err != nil {
		return nil, err
	}
	return b, nil
}

// mathRealK returns k as a float32, refusing an imaginary part.
// mathSettableK converts a new value of parameter k to T.
func mathSettableK[T mathScalar](name string, v any) (T, error) {
	var zero T
	if name != "k" {
		return zero, block.UnknownParam(name)
	}
	c, err := block.ParamAs[complex128](name, v)
	if err != nil {
		return zero, err
	}
	switch any(zero).(type) {
	case float32:
		f, err := mathRealK(c)
		return any(f).(T), err
	case complex64:
		return any(complex64(c)).(T), nil
	}
	return zero, fmt.Errorf("%w: k of item type %T is not settable", block.ErrNotSettable, zero)
}

// mathComplex returns k as a complex128.
func mathComplex[T mathScalar](k T) complex128 {
	switch x := any(k).(type) {
	case float32:
		return complex(float64(x), 0)
	case complex64:
		return complex128(x)
	}
	return 0
}

func mathRealK(k complex128) (float32, error) {
	if imag(k) != 0 {
		return 0, mathBadParam("k", k, "a real number for type float32")
	}
	return float32(real(k)), nil
}

func registerMath(r *block.Registry) {
	arithTypes := []string{TypeFloat32, TypeComplex64, TypeInt16}
	inputs := block.Param{Name: "inputs", Type: block.ParamInt, Default: 2, Min: block.Bound(2), Max: block.Bound(maxPorts),
		Doc: "number of inputs"}
	nary := func(id, doc string, f32, c64, i16 func(int) (block.Block, error)) {
		r.MustRegister(block.Spec{
			ID: id, Doc: doc,
			Params: []block.Param{typeParam(TypeFloat32, arithTypes...), inputs},
			New: func(p block.Params) (block.Block, error) {
				return byType(p, map[string]func(block.Params) (block.Block, error){
					TypeFloat32:   func(p block.Params) (block.Block, error) { return f32(p.Int("inputs")) },
					TypeComplex64: func(p block.Params) (block.Block, error) { return c64(p.Int("inputs")) },
					TypeInt16:     func(p block.Params) (block.Block, error) { return i16(p.Int("inputs")) },
				})
			},
		})
	}
	nary("add", "sum of N inputs, item by item",
		func(n int) (block.Block, error) { return mathBlock(NewAdd[float32](n)) },
		func(n int) (block.Block, error) { return mathBlock(NewAdd[complex64](n)) },
		func(n int) (block.Block, error) { return mathBlock(NewAdd[int16](n)) })
	nary("subtract", "first input minus the others, item by item",
		func(n int) (block.Block, error) { return mathBlock(NewSubtract[float32](n)) },
		func(n int) (block.Block, error) { return mathBlock(NewSubtract[complex64](n)) },
		func(n int) (block.Block, error) { return mathBlock(NewSubtract[int16](n)) })
	nary("multiply", "product of N inputs, item by item",
		func(n int) (block.Block, error) { return mathBlock(NewMultiply[float32](n)) },
		func(n int) (block.Block, error) { return mathBlock(NewMultiply[complex64](n)) },
		func(n int) (block.Block, error) { return mathBlock(NewMultiply[int16](n)) })

	constant := func(id, doc string, def float64, f32 func(float32) block.Block, c64 func(complex64) block.Block) {
		r.MustRegister(block.Spec{
			ID: id, Doc: doc,
			Params: []block.Param{
				typeParam(TypeFloat32, TypeFloat32, TypeComplex64),
				{Name: "k", Type: block.ParamComplex, Default: def, Settable: true,
					Doc: "the constant: real for float32, complex ([re, im]) for complex64"},
			},
			New: func(p block.Params) (block.Block, error) {
				return byType(p, map[string]func(block.Params) (block.Block, error){
					TypeFloat32: func(p block.Params) (block.Block, error) {
						k, err := mathRealK(p.Complex("k"))
						if err != nil {
							return nil, err
						}
						return f32(k), nil
					},
					TypeComplex64: func(p block.Params) (block.Block, error) {
						return c64(complex64(p.Complex("k"))), nil
					},
				})
			},
		})
	}
	constant("add_const", "adds a constant to every item", 0,
		func(k float32) block.Block { return NewAddConst(k) },
		func(k complex64) block.Block { return NewAddConst(k) })
	constant("multiply_const", "multiplies every item by a constant", 1,
		func(k float32) block.Block { return NewMultiplyConst(k) },
		func(k complex64) block.Block { return NewMultiplyConst(k) })

	simple := func(id, doc string, f func() block.Block) {
		r.MustRegister(block.Spec{ID: id, Doc: doc,
			New: func(block.Params) (block.Block, error) { return f(), nil }})
	}
	simple("conjugate", "complex conjugate of every item",
		func() block.Block { return NewConjugate() })
	simple("complex_to_mag", "magnitude of complex items",
		func() block.Block { return NewComplexToMag() })
	simple("complex_to_mag_squared", "squared magnitude (power) of complex items",
		func() block.Block { return NewComplexToMagSquared() })
	simple("complex_to_arg", "phase angle atan2(im, re) of complex items, in radians",
		func() block.Block { return NewComplexToArg() })
	simple("complex_to_float", "splits complex items into real and imaginary float streams",
		func() block.Block { return NewComplexToFloat() })
	simple("float_to_complex", "joins real and (optional) imaginary float streams into complex items",
		func() block.Block { return NewFloatToComplex() })

	r.MustRegister(block.Spec{
		ID: "to_db", Doc: "factor·log10(x) + k: float items to decibels",
		Params: []block.Param{
			{Name: "factor", Type: block.ParamFloat, Default: 10.0,
				Doc: "multiplier of log10: 10 for a power, 20 for a magnitude"},
			{Name: "k", Type: block.ParamFloat, Default: 0.0, Unit: "dB", Doc: "offset added"},
		},
		New: func(p block.Params) (block.Block, error) {
			f := p.Float("factor")
			if f == 0 || math.IsInf(f, 0) {
				return nil, mathBadParam("factor", f, "a finite non-zero number")
			}
			return NewToDB(float32(f), float32(p.Float("k"))), nil
		},
	})
	registerConvert(r)
}
