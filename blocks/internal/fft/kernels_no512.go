//go:build !amd64 || purego

package fft

// have512 reports whether this build has AVX-512 passes for this machine.
const have512 = false

// use512 selects the AVX-512 passes; it is always false here.
var use512 = false

// The AVX-512 entry points of kernels_avx512_amd64.go report that they did
// nothing, so the callers run the other assembly or the Go code.

func runPass512(*pass, []complex64, []complex64, bool) bool   { return false }
func mulWindow512([]complex64, []complex64, []float32) bool   { return false }
func mulWindowReal512([]complex64, []float32, []float32) bool { return false }
func mul512([]complex64, []complex64, []complex64) bool       { return false }
