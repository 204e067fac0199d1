//go:build !purego

package kernel

import "golang.org/x/sys/cpu"

// useSIMD selects the AVX2+FMA loops of fir_amd64.s; tests turn it off to
// compare them with the pure-Go loops.
var useSIMD = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// useAVX512 selects, where useSIMD holds too, the AVX-512 loops of
// fir_avx512_amd64.s. AVX512F is all they need; x/sys/cpu also checks that
// the operating system saves the ZMM registers. All five measured faster
// than their AVX2 twins on a Zen 5 core (full-width 512-bit FMA units): the
// FIR filters about 3 times (2.5 with complex taps), the dot products by
// 5–30 % in decimating filters, so each kernel takes its AVX-512 loop when
// there is one. Tests turn it off to check the AVX2 loops on the same
// machine.
var useAVX512 = useSIMD && cpu.X86.HasAVX512F

// The FIR loops of fir_amd64.s work on blocks of one YMM register: 8 float
// outputs, 4 complex ones. Those of fir_avx512_amd64.s take the same
// multiples: their last block is a YMM one.
const (
	realBlock    = 8
	complexBlock = 4
)

// firRealAsm512 is firRealAsm with AVX-512; stride must divide 16.
//
//go:noescape
func firRealAsm512(out *float32, nout int, in *float32, taps *float32, ntaps int, stride int)

// firComplexAsm512 is firComplexAsm with AVX-512.
//
//go:noescape
func firComplexAsm512(out *complex64, nout int, in *complex64, taps *complex64, ntaps int)

// firReal runs the real FIR loop of the widest instructions in use.
func firReal(out *float32, nout int, in *float32, taps *float32, ntaps int, stride int) {
	if useAVX512 {
		firRealAsm512(out, nout, in, taps, ntaps, stride)
		return
	}
	firRealAsm(out, nout, in, taps, ntaps, stride)
}

// firComplex runs the complex FIR loop of the widest instructions in use.
func firComplex(out *complex64, nout int, in *complex64, taps *complex64, ntaps int) {
	if useAVX512 {
		firComplexAsm512(out, nout, in, taps, ntaps)
		return
	}
	firComplexAsm(out, nout, in, taps, ntaps)
}

// dotRealAVX512 is dotRealAVX2 with AVX-512.
//
//go:noescape
func dotRealAVX512(x *float32, taps *float32, n int) float32

// dotComplexRealAVX512 is dotComplexRealAVX2 with AVX-512.
//
//go:noescape
func dotComplexRealAVX512(x *complex64, taps *float32, n int) complex64

// dotComplexAVX512 is dotComplexAVX2 with AVX-512.
//
//go:noescape
func dotComplexAVX512(x *complex64, taps *complex64, n int) complex64

// dotRealAVX2 returns Σ x[k]·taps[k] for k < n; n is a multiple of 8.
//
//go:noescape
func dotRealAVX2(x *float32, taps *float32, n int) float32

// dotComplexRealAVX2 returns Σ x[k]·taps[k] for k < n; n is a multiple of 8.
//
//go:noescape
func dotComplexRealAVX2(x *complex64, taps *float32, n int) complex64

// dotRealFast returns the SIMD sum over the first n taps and n, a multiple
// of 8 (0 without SIMD): the caller adds the rest.
func dotRealFast(x, taps []float32) (float32, int) {
	n := len(taps) &^ 7
	if !useSIMD || n == 0 {
		return 0, 0
	}
	_ = x[n-1]
	if useAVX512 {
		return dotRealAVX512(&x[0], &taps[0], n), n
	}
	return dotRealAVX2(&x[0], &taps[0], n), n
}

// dotComplexRealFast is dotRealFast for complex items and real taps.
func dotComplexRealFast(x []complex64, taps []float32) (complex64, int) {
	n := len(taps) &^ 7
	if !useSIMD || n == 0 {
		return 0, 0
	}
	_ = x[n-1]
	if useAVX512 {
		return dotComplexRealAVX512(&x[0], &taps[0], n), n
	}
	return dotComplexRealAVX2(&x[0], &taps[0], n), n
}

// dotComplexAVX2 returns Σ x[k]·taps[k] for k < n; n is a multiple of 4.
//
//go:noescape
func dotComplexAVX2(x *complex64, taps *complex64, n int) complex64

// dotComplexFast is dotRealFast for complex items and taps (multiples of 4).
func dotComplexFast(x, taps []complex64) (complex64, int) {
	n := len(taps) &^ 3
	if !useSIMD || n == 0 {
		return 0, 0
	}
	_ = x[n-1]
	if useAVX512 {
		return dotComplexAVX512(&x[0], &taps[0], n), n
	}
	return dotComplexAVX2(&x[0], &taps[0], n), n
}
