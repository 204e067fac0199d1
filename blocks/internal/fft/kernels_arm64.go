//go:build arm64 && !purego

package fft

// haveAsm reports whether this machine can run the assembly passes. They
// use Advanced SIMD (NEON) only, which every arm64 processor Go runs on
// has (Go's own runtime uses it unconditionally), so there is nothing to
// detect.
const haveAsm = true
