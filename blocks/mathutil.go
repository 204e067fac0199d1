package blocks

import (
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
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

// mathBadParam is a constructor's report of a parameter value it refuses;
// the registry prefixes the block id.
func mathBadParam(name string, v any, want string) error {
	return fmt.Errorf("%w: parameter %q: %v: want %s", block.ErrBadParam, name, v, want)
}

// mathRealK returns k as a float32, refusing an imaginary part.
func mathRealK(k complex128) (float32, error) {
	if imag(k) != 0 {
		return 0, mathBadParam("k", k, "a real number for type float32")
	}
	return float32(real(k)), nil
}

// mathNarySpec is the registry entry of an n-ary arithmetic block (add,
// subtract, multiply) with one constructor per item type.
func mathNarySpec(id, doc string, f32, c64, i16 func(int) (block.Block, error)) registry.Spec {
	arithTypes := []string{TypeFloat32, TypeComplex64, TypeInt16}
	inputs := registry.Param{Name: "inputs", Type: registry.ParamInt, Default: 2, Min: registry.Bound(2), Max: registry.Bound(maxPorts),
		Doc: "number of inputs"}
	return registry.Spec{
		ID: id, Doc: doc,
		Params: []registry.Param{typeParam(TypeFloat32, arithTypes...), inputs},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32:   func(p registry.Params) (block.Block, error) { return f32(p.Int("inputs")) },
				TypeComplex64: func(p registry.Params) (block.Block, error) { return c64(p.Int("inputs")) },
				TypeInt16:     func(p registry.Params) (block.Block, error) { return i16(p.Int("inputs")) },
			})
		},
	}
}

// mathConstSpec is the registry entry of a constant-operation block
// (add_const, multiply_const) whose k defaults to def.
func mathConstSpec(id, doc string, def float64, f32 func(float32) block.Block, c64 func(complex64) block.Block) registry.Spec {
	return registry.Spec{
		ID: id, Doc: doc,
		Params: []registry.Param{
			typeParam(TypeFloat32, TypeFloat32, TypeComplex64),
			{Name: "k", Type: registry.ParamComplex, Default: def, Settable: true,
				Doc: "the constant: real for float32, complex ([re, im]) for complex64"},
		},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32: func(p registry.Params) (block.Block, error) {
					k, err := mathRealK(p.Complex("k"))
					if err != nil {
						return nil, err
					}
					return f32(k), nil
				},
				TypeComplex64: func(p registry.Params) (block.Block, error) {
					return c64(complex64(p.Complex("k"))), nil
				},
			})
		},
	}
}
