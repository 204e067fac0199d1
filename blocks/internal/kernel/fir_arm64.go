//go:build !purego

package kernel

// useSIMD selects the NEON loops of fir_arm64.s (Advanced SIMD is part of
// every arm64 processor); tests turn it off to compare them with the pure-Go
// loops.
var useSIMD = true

// useAVX512 is false: AVX-512 is x86's (fir_amd64.go).
var useAVX512 = false

// firReal runs firRealAsm (fir_amd64.go chooses between widths).
func firReal(out *float32, nout int, in *float32, taps *float32, ntaps int, stride int) {
	firRealAsm(out, nout, in, taps, ntaps, stride)
}

// firComplex runs firComplexAsm.
func firComplex(out *complex64, nout int, in *complex64, taps *complex64, ntaps int) {
	firComplexAsm(out, nout, in, taps, ntaps)
}

// The FIR loops of fir_arm64.s work on blocks of one V register: 4 float
// outputs, 2 complex ones.
const (
	realBlock    = 4
	complexBlock = 2
)

// dotNEON leaves lane sums of a dot product in acc (see fir_arm64.s).
//
//go:noescape
func dotNEON(acc *[8]float32, x *float32, taps *float32, n int, kind int)

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
