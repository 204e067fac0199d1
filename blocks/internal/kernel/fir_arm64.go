//go:build !purego

package kernel

import "unsafe"

// useSIMD selects the NEON loops of fir_arm64.s (Advanced SIMD is part of
// every arm64 processor); tests turn it off to compare them with the pure-Go
// loops.
var useSIMD = true

// firRealNEON computes out[j] = Σ_k taps[k]·in[j+k·stride] for j < nout;
// nout is a multiple of 4 and ntaps ≥ 1.
//
//go:noescape
func firRealNEON(out *float32, nout int, in *float32, taps *float32, ntaps int, stride int)

// firComplexNEON computes out[j] = Σ_k taps[k]·in[j+k] for j < nout; nout
// is a multiple of 2 and ntaps ≥ 1.
//
//go:noescape
func firComplexNEON(out *complex64, nout int, in *complex64, taps *complex64, ntaps int)

// dotNEON leaves lane sums of a dot product in acc (see fir_arm64.s).
//
//go:noescape
func dotNEON(acc *[8]float32, x *float32, taps *float32, n int, kind int)

// real2 views complex items as their interleaved real and imaginary parts.
func real2(c []complex64) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(c))), 2*len(c))
}

// firRealFast filters the longest prefix of out it can with SIMD
// (decimation 1) and returns how many outputs it wrote.
func firRealFast(out, in, taps []float32) int {
	n := len(out) &^ 3
	if !useSIMD || n == 0 || len(taps) == 0 {
		return 0
	}
	_ = in[n-1+len(taps)-1] // the last item read: panics like the Go loop if in is short
	firRealNEON(&out[0], n, &in[0], &taps[0], len(taps), 1)
	return n
}

// firComplexRealFast is firRealFast for complex items and real taps, seen
// as interleaved float32 pairs filtered with a stride of two floats.
func firComplexRealFast(out, in []complex64, taps []float32) int {
	n := len(out) &^ 1
	if !useSIMD || n == 0 || len(taps) == 0 {
		return 0
	}
	_ = in[n-1+len(taps)-1]
	firRealNEON(&real2(out)[0], 2*n, &real2(in)[0], &taps[0], len(taps), 2)
	return n
}

// firComplexFast is firRealFast for complex items and taps.
func firComplexFast(out, in, taps []complex64) int {
	n := len(out) &^ 1
	if !useSIMD || n == 0 || len(taps) == 0 {
		return 0
	}
	_ = in[n-1+len(taps)-1]
	firComplexNEON(&out[0], n, &in[0], &taps[0], len(taps))
	return n
}

// dotRealFast returns the SIMD sum over the first n taps and n, a multiple
// of 4 (0 without SIMD): the caller adds the rest.
func dotRealFast(x, taps []float32) (float32, int) {
	n := len(taps) &^ 3
	if !useSIMD || n == 0 {
		return 0, 0
	}
	_ = x[n-1]
	var a [8]float32
	dotNEON(&a, &x[0], &taps[0], n, 0)
	return (a[0] + a[1]) + (a[2] + a[3]), n
}

// dotComplexRealFast is dotRealFast for complex items and real taps.
func dotComplexRealFast(x []complex64, taps []float32) (complex64, int) {
	n := len(taps) &^ 3
	if !useSIMD || n == 0 {
		return 0, 0
	}
	_ = x[n-1]
	var a [8]float32
	dotNEON(&a, &real2(x)[0], &taps[0], n, 1)
	return complex((a[0]+a[2])+(a[4]+a[6]), (a[1]+a[3])+(a[5]+a[7])), n
}

// dotComplexFast is dotRealFast for complex items and taps (multiples of 2).
func dotComplexFast(x, taps []complex64) (complex64, int) {
	n := len(taps) &^ 1
	if !useSIMD || n == 0 {
		return 0, 0
	}
	_ = x[n-1]
	var a [8]float32
	dotNEON(&a, &real2(x)[0], &real2(taps)[0], n, 2)
	return complex((a[0]+a[2])-(a[5]+a[7]), (a[1]+a[3])+(a[4]+a[6])), n
}
