//go:build arm64 && !purego

package fft

// haveAsm reports whether this machine can run the assembly passes. They
// use Advanced SIMD (NEON) only, which every arm64 processor Go runs on
// has (Go's own runtime uses it unconditionally), so there is nothing to
// detect.
const haveAsm = true

// runPass512 reports that it ran nothing: there are no AVX-512 passes
// here, so runPass runs the NEON ones.
func runPass512(*pass, []complex64, []complex64, bool) bool { return false }
