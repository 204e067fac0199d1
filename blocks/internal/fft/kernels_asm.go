//go:build (amd64 || arm64) && !purego

package fft

// useAsm selects the assembly passes; tests clear it to run the Go ones.
var useAsm = haveAsm

// The assembly passes (kernels_amd64.s: AVX2+FMA, one YMM register of
// four complex64 values at a time; kernels_arm64.s: NEON, two V registers,
// one of four real parts and one of four imaginary parts) compute what the
// Go passes of the same name compute. inv selects the inverse transform.

// radix4FirstAsm is radix4FirstGo over len(x) = 4m points with the
// blocked twiddle factors tw; m must be a multiple of 4.
//
//go:noescape
func radix4FirstAsm(y, x, tw []complex64, inv bool)

// radix4Asm is radix4Go with s a multiple of 4.
//
//go:noescape
func radix4Asm(y, x, tw []complex64, m, s int, inv bool)

// radix4LastAsm is radix4LastGo with len(x)/4 a multiple of 4.
//
//go:noescape
func radix4LastAsm(y, x []complex64, inv bool)

// radix8LastAsm is radix8LastGo with len(x)/8 a multiple of 4.
//
//go:noescape
func radix8LastAsm(y, x []complex64, inv bool)

// radix2Asm is radix2Go with len(x)/2 a multiple of 4.
//
//go:noescape
func radix2Asm(y, x []complex64)

// mulWindowAsm is mulWindowGo for len(dst) a multiple of 8, with src and
// w as long as dst.
//
//go:noescape
func mulWindowAsm(dst, src []complex64, w []float32)

// mulWindowRealAsm is mulWindowRealGo for len(dst) a multiple of 8, with
// src and w as long as dst.
//
//go:noescape
func mulWindowRealAsm(dst []complex64, src, w []float32)

// mulAsm is mulGo for len(dst) a multiple of 8, with a and b as long as
// dst.
//
//go:noescape
func mulAsm(dst, a, b []complex64)

// runPass runs one pass, in assembly where the pass's shape allows it.
func runPass(ps *pass, y, x []complex64, inv bool) {
	if !useAsm {
		runPassGo(ps, y, x, inv)
		return
	}
	n := len(x)
	y, x = y[:n], x[:n] // the assembly trusts the lengths
	if use512 && runPass512(ps, y, x, inv) {
		return
	}
	switch {
	case ps.radix == 2 && ps.s%4 == 0:
		radix2Asm(y, x)
	case ps.radix == 2:
		radix2Go(y, x)
	case ps.radix == 8 && ps.s%4 == 0:
		radix8LastAsm(y, x, inv)
	case ps.radix == 8:
		radix8LastGo(y, x, sign(inv))
	case ps.m == 1 && ps.s%4 == 0:
		radix4LastAsm(y, x, inv)
	case ps.m == 1:
		radix4LastGo(y, x, sign(inv))
	case ps.s == 1:
		radix4FirstAsm(y, x, ps.tw, inv)
	case ps.s%4 == 0:
		radix4Asm(y, x, ps.tw, ps.m, ps.s, inv)
	default:
		radix4Go(y, x, ps.tw, ps.m, ps.s, sign(inv))
	}
}
