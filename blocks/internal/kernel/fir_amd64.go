//go:build !purego

package kernel

import "golang.org/x/sys/cpu"

// useSIMD selects the AVX2+FMA loops of fir_amd64.s; tests turn it off to
// compare them with the pure-Go loops.
var useSIMD = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// The FIR loops of fir_amd64.s work on blocks of one YMM register: 8 float
// outputs, 4 complex ones.
const (
	realBlock    = 8
	complexBlock = 4
)

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
