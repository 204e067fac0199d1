//go:build (amd64 || arm64) && !purego

package kernel

import "unsafe"

// firRealAsm computes out[j] = Σ_k taps[k]·in[j+k·stride] for j < nout;
// nout is a multiple of realBlock and ntaps ≥ 1 (fir_amd64.s: AVX2+FMA,
// fir_arm64.s: NEON).
//
//go:noescape
func firRealAsm(out *float32, nout int, in *float32, taps *float32, ntaps int, stride int)

// firComplexAsm computes out[j] = Σ_k taps[k]·in[j+k] for j < nout; nout
// is a multiple of complexBlock and ntaps ≥ 1.
//
//go:noescape
func firComplexAsm(out *complex64, nout int, in *complex64, taps *complex64, ntaps int)

// firRealFast filters the longest prefix of out it can with SIMD
// (decimation 1) and returns how many outputs it wrote.
func firRealFast(out, in, taps []float32) int {
	n := len(out) / realBlock * realBlock
	if !useSIMD || n == 0 || len(taps) == 0 {
		return 0
	}
	_ = in[n-1+len(taps)-1] // the last item read: panics like the Go loop if in is short
	firReal(&out[0], n, &in[0], &taps[0], len(taps), 1)
	return n
}

// firComplexRealFast is firRealFast for complex items and real taps: the
// items, seen as interleaved float32 pairs, are filtered by the taps with a
// stride of two floats.
func firComplexRealFast(out, in []complex64, taps []float32) int {
	const block = realBlock / 2 // complex items per realBlock floats
	n := len(out) / block * block
	if !useSIMD || n == 0 || len(taps) == 0 {
		return 0
	}
	_ = in[n-1+len(taps)-1]
	firReal(&real2(out)[0], 2*n, &real2(in)[0], &taps[0], len(taps), 2)
	return n
}

// firComplexFast is firRealFast for complex items and taps.
func firComplexFast(out, in, taps []complex64) int {
	n := len(out) / complexBlock * complexBlock
	if !useSIMD || n == 0 || len(taps) == 0 {
		return 0
	}
	_ = in[n-1+len(taps)-1]
	firComplex(&out[0], n, &in[0], &taps[0], len(taps))
	return n
}

// real2 views complex items as their interleaved real and imaginary parts.
func real2(c []complex64) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(c))), 2*len(c))
}
