//go:build arm64 && !purego

package fft

// haveAsm reports whether this machine can run the assembly passes. They
// use Advanced SIMD (NEON) only, which every arm64 processor Go runs on
// has (Go's own runtime uses it unconditionally), so there is nothing to
// detect.
const haveAsm = true

// useAsm selects the assembly passes; tests clear it to run the Go ones.
var useAsm = haveAsm

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

// runPass runs one pass.
func runPass(ps *pass, y, x []complex64, inv bool) { runPassGo(ps, y, x, inv) }
