//go:build !purego

package kernel

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// useSIMD selects the AVX2+FMA loops of fir_amd64.s; tests turn it off to
// compare them with the pure-Go loops.
var useSIMD = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// firRealAVX2 computes out[j] = Σ_k taps[k]·in[j+k·stride] for j < nout;
// nout is a multiple of 8 and ntaps ≥ 1.
//
//go:noescape
func firRealAVX2(out *float32, nout int, in *float32, taps *float32, ntaps int, stride int)

// firComplexAVX2 computes out[j] = Σ_k taps[k]·in[j+k] for j < nout; nout
// is a multiple of 4 and ntaps ≥ 1.
//
//go:noescape
func firComplexAVX2(out *complex64, nout int, in *complex64, taps *complex64, ntaps int)

// firRealFast filters the longest prefix of out it can with SIMD
// (decimation 1) and returns how many outputs it wrote.
func firRealFast(out, in, taps []float32) int {
	n := len(out) &^ 7
	if !useSIMD || n == 0 || len(taps) == 0 {
		return 0
	}
	_ = in[n-1+len(taps)-1] // the last item read: panics like the Go loop if in is short
	firRealAVX2(&out[0], n, &in[0], &taps[0], len(taps), 1)
	return n
}

// firComplexRealFast is firRealFast for complex items and real taps: the
// items, seen as interleaved float32 pairs, are filtered by the taps with a
// stride of two floats.
func firComplexRealFast(out, in []complex64, taps []float32) int {
	n := len(out) &^ 3
	if !useSIMD || n == 0 || len(taps) == 0 {
		return 0
	}
	_ = in[n-1+len(taps)-1]
	firRealAVX2(&real2(out)[0], 2*n, &real2(in)[0], &taps[0], len(taps), 2)
	return n
}

// firComplexFast is firRealFast for complex items and taps.
func firComplexFast(out, in, taps []complex64) int {
	n := len(out) &^ 3
	if !useSIMD || n == 0 || len(taps) == 0 {
		return 0
	}
	_ = in[n-1+len(taps)-1]
	firComplexAVX2(&out[0], n, &in[0], &taps[0], len(taps))
	return n
}

// real2 views complex items as their interleaved real and imaginary parts.
func real2(c []complex64) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(c))), 2*len(c))
}

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
	return dotRealAVX2(&x[0], &taps[0], n), n
}

// dotComplexRealFast is dotRealFast for complex items and real taps.
func dotComplexRealFast(x []complex64, taps []float32) (complex64, int) {
	n := len(taps) &^ 7
	if !useSIMD || n == 0 {
		return 0, 0
	}
	_ = x[n-1]
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
	return dotComplexAVX2(&x[0], &taps[0], n), n
}
