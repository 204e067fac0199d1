package blocks

import (
	"fmt"
	"math"
	"slices"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// sourcesItem is the item types of the generic sources and sinks: plain
// numbers without pointers, so that a slice of them can be viewed as bytes.
type sourcesItem interface {
	float32 | complex64 | int8 | uint8 | int16 | int32 | float64 | complex128
}

// sourcesCtor builds a block from validated parameters.
type sourcesCtor = func(registry.Params) (block.Block, error)

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

// sinksGenericSpec is the registry entry of a sink that exists for every
// item type and takes only the type parameter besides params.
func sinksGenericSpec(id, doc string, params []registry.Param, ctors map[string]sourcesCtor) registry.Spec {
	return registry.Spec{
		ID: id, Doc: doc,
		Params: append([]registry.Param{typeParam(TypeComplex64, sinksAllowed(ctors)...)}, params...),
		New:    func(p registry.Params) (block.Block, error) { return byType(p, ctors) },
	}
}

// sinksAllowed is the type names ctors has, in the order of int32Types.
func sinksAllowed(ctors map[string]sourcesCtor) []string {
	var out []string
	for _, t := range int32Types {
		if ctors[t] != nil {
			out = append(out, t)
		}
	}
	return out
}
