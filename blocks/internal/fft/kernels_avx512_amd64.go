//go:build !purego

package fft

import "golang.org/x/sys/cpu"

// have512 reports whether this machine can run the AVX-512 passes
// (kernels_amd64_avx512.s): they need AVX-512 F and, for VXORPS on ZMM
// registers, DQ. cpu.X86 reports them only when the operating system
// saves the ZMM state.
var have512 = haveAsm && cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// use512 selects the AVX-512 passes where runPass512 has one for a pass's
// shape; it matters only while useAsm is set. Tests clear it to run the
// AVX2 passes on a machine that has both.
var use512 = have512

// The AVX-512 passes compute what the AVX2 passes of the same name without
// the 512 suffix compute, eight complex64 values per ZMM register instead
// of four per YMM register, so they need s (or m for the first pass) to be
// a multiple of 8 rather than 4.

// radix4FirstAsm512 is radix4FirstAsm with m a multiple of 8.
//
//go:noescape
func radix4FirstAsm512(y, x, tw []complex64, inv bool)

// radix4S4Asm512 is radix4Asm for s == 4 and m even: it does the
// butterflies of two consecutive p in one register.
//
//go:noescape
func radix4S4Asm512(y, x, tw []complex64, m int, inv bool)

// radix4Asm512 is radix4Asm with s a multiple of 8.
//
//go:noescape
func radix4Asm512(y, x, tw []complex64, m, s int, inv bool)

// radix4LastAsm512 is radix4LastAsm with len(x)/4 a multiple of 8.
//
//go:noescape
func radix4LastAsm512(y, x []complex64, inv bool)

// radix8LastAsm512 is radix8LastAsm with len(x)/8 a multiple of 8.
//
//go:noescape
func radix8LastAsm512(y, x []complex64, inv bool)

// radix2Asm512 is radix2Asm with len(x)/2 a multiple of 8.
//
//go:noescape
func radix2Asm512(y, x []complex64)

// runPass512 runs one pass with AVX-512 if there is a pass for its shape
// and reports whether it did; runPass falls back to AVX2 otherwise. y and
// x have the pass's length.
func runPass512(ps *pass, y, x []complex64, inv bool) bool {
	switch {
	case ps.radix == 2 && ps.s%8 == 0:
		radix2Asm512(y, x)
	case ps.radix == 8 && ps.s%8 == 0:
		radix8LastAsm512(y, x, inv)
	case ps.radix == 4 && ps.m == 1 && ps.s%8 == 0:
		radix4LastAsm512(y, x, inv)
	case ps.radix == 4 && ps.m > 1 && ps.s == 1 && ps.m%8 == 0:
		radix4FirstAsm512(y, x, ps.tw, inv)
	case ps.radix == 4 && ps.m > 1 && ps.s == 4 && ps.m%2 == 0:
		radix4S4Asm512(y, x, ps.tw, ps.m, inv)
	case ps.radix == 4 && ps.m > 1 && ps.s%8 == 0:
		radix4Asm512(y, x, ps.tw, ps.m, ps.s, inv)
	default:
		return false
	}
	return true
}

// mulWindowAsm512 is mulWindowAsm with ZMM registers.
//
//go:noescape
func mulWindowAsm512(dst, src []complex64, w []float32)

// mulWindowRealAsm512 is mulWindowRealAsm with ZMM registers.
//
//go:noescape
func mulWindowRealAsm512(dst []complex64, src, w []float32)

// mulAsm512 is mulAsm with ZMM registers.
//
//go:noescape
func mulAsm512(dst, a, b []complex64)

// mulWindow512 runs mulWindowAsm512 if use512 is set and reports whether
// it did; the arguments are as for mulWindowAsm.
func mulWindow512(dst, src []complex64, w []float32) bool {
	if use512 {
		mulWindowAsm512(dst, src, w)
	}
	return use512
}

// mulWindowReal512 runs mulWindowRealAsm512 if use512 is set and reports
// whether it did; the arguments are as for mulWindowRealAsm.
func mulWindowReal512(dst []complex64, src, w []float32) bool {
	if use512 {
		mulWindowRealAsm512(dst, src, w)
	}
	return use512
}

// mul512 runs mulAsm512 if use512 is set and reports whether it did; the
// arguments are as for mulAsm.
func mul512(dst, a, b []complex64) bool {
	if use512 {
		mulAsm512(dst, a, b)
	}
	return use512
}
