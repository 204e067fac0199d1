// Package kernel holds the hot inner loops of flowrun's DSP blocks: dot
// products and FIR filters over blocks of samples.
//
// Every function here allocates nothing. The FIR filters without decimation
// run SIMD loops vectorised across outputs, and the dot products (decimating
// filters, resamplers) SIMD loops across taps: AVX-512 on amd64 processors
// that have it (fir_avx512_amd64.s), else AVX2+FMA where available
// (fir_amd64.s), NEON on arm64 (fir_arm64.s), pure Go elsewhere or with the
// purego build tag. Results differ between the paths
// only by float32 rounding (the order of the sums), so callers must not rely
// on anything but the documented results.
//
// FIR taps are stored reversed, as GNU Radio stores them, so that filtering
// is a correlation over the input window: out[i] = Σ_k taps[k]·in[i+k],
// where in[i+len(taps)-1] is the newest sample of output i.
package kernel

// DotReal returns Σ x[k]·taps[k] over k < len(taps). x must hold at least
// len(taps) items.
func DotReal(x []float32, taps []float32) float32 {
	x = x[:len(taps)]
	s, done := dotRealFast(x, taps)
	if done == len(taps) {
		return s
	}
	return s + dotRealGo(x[done:], taps[done:])
}

// dotRealGo is DotReal in Go.
func dotRealGo(x []float32, taps []float32) float32 {
	n := len(taps)
	x = x[:n]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	for len(taps) >= 8 && len(x) >= 8 {
		s0 += x[0] * taps[0]
		s1 += x[1] * taps[1]
		s2 += x[2] * taps[2]
		s3 += x[3] * taps[3]
		s4 += x[4] * taps[4]
		s5 += x[5] * taps[5]
		s6 += x[6] * taps[6]
		s7 += x[7] * taps[7]
		x, taps = x[8:], taps[8:]
	}
	for k := range taps {
		s0 += x[k] * taps[k]
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// DotComplexReal returns Σ x[k]·taps[k] over k < len(taps) for complex
// samples and real taps. x must hold at least len(taps) items.
func DotComplexReal(x []complex64, taps []float32) complex64 {
	x = x[:len(taps)]
	s, done := dotComplexRealFast(x, taps)
	if done == len(taps) {
		return s
	}
	return s + dotComplexRealGo(x[done:], taps[done:])
}

// dotComplexRealGo is DotComplexReal in Go.
func dotComplexRealGo(x []complex64, taps []float32) complex64 {
	n := len(taps)
	x = x[:n]
	var r0, r1, r2, r3, i0, i1, i2, i3 float32
	k := 0
	for ; k+4 <= n; k += 4 {
		t0, t1, t2, t3 := taps[k], taps[k+1], taps[k+2], taps[k+3]
		a, b, c, d := x[k], x[k+1], x[k+2], x[k+3]
		r0 += real(a) * t0
		i0 += imag(a) * t0
		r1 += real(b) * t1
		i1 += imag(b) * t1
		r2 += real(c) * t2
		i2 += imag(c) * t2
		r3 += real(d) * t3
		i3 += imag(d) * t3
	}
	for ; k < n; k++ {
		r0 += real(x[k]) * taps[k]
		i0 += imag(x[k]) * taps[k]
	}
	return complex((r0+r1)+(r2+r3), (i0+i1)+(i2+i3))
}

// DotComplex returns Σ x[k]·taps[k] over k < len(taps) for complex samples
// and complex taps. x must hold at least len(taps) items.
func DotComplex(x []complex64, taps []complex64) complex64 {
	x = x[:len(taps)]
	s, done := dotComplexFast(x, taps)
	if done == len(taps) {
		return s
	}
	return s + dotComplexGo(x[done:], taps[done:])
}

// dotComplexGo is DotComplex in Go.
func dotComplexGo(x []complex64, taps []complex64) complex64 {
	n := len(taps)
	x = x[:n]
	var r0, r1, i0, i1 float32
	k := 0
	for ; k+2 <= n; k += 2 {
		a, b := x[k], x[k+1]
		t, u := taps[k], taps[k+1]
		r0 += real(a)*real(t) - imag(a)*imag(t)
		i0 += real(a)*imag(t) + imag(a)*real(t)
		r1 += real(b)*real(u) - imag(b)*imag(u)
		i1 += real(b)*imag(u) + imag(b)*real(u)
	}
	if k < n {
		a, t := x[k], taps[k]
		r0 += real(a)*real(t) - imag(a)*imag(t)
		i0 += real(a)*imag(t) + imag(a)*real(t)
	}
	return complex(r0+r1, i0+i1)
}

// FIRReal filters in with the reversed taps, keeping every decim-th output:
// out[i] = Σ_k taps[k]·in[i·decim+k] for i < len(out). in must hold at
// least (len(out)-1)·decim+len(taps) items; decim must be at least 1.
func FIRReal(out, in []float32, taps []float32, decim int) {
	if decim == 1 {
		n := firRealFast(out, in, taps)
		out, in = out[n:], in[n:]
	}
	for i := range out {
		out[i] = DotReal(in[i*decim:], taps)
	}
}

// FIRComplexReal is FIRReal for complex samples and real taps.
func FIRComplexReal(out, in []complex64, taps []float32, decim int) {
	if decim == 1 {
		n := firComplexRealFast(out, in, taps)
		out, in = out[n:], in[n:]
	}
	for i := range out {
		out[i] = DotComplexReal(in[i*decim:], taps)
	}
}

// FIRComplex is FIRReal for complex samples and complex taps.
func FIRComplex(out, in []complex64, taps []complex64, decim int) {
	if decim == 1 {
		n := firComplexFast(out, in, taps)
		out, in = out[n:], in[n:]
	}
	for i := range out {
		out[i] = DotComplex(in[i*decim:], taps)
	}
}

// Reverse returns a reversed copy of taps, the order the FIR functions take.
func Reverse[T any](taps []T) []T {
	r := make([]T, len(taps))
	for i, t := range taps {
		r[len(taps)-1-i] = t
	}
	return r
}
