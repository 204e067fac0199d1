//go:build !amd64 || purego

package fft

// have512 reports whether this build has AVX-512 passes for this machine.
const have512 = false

// use512 selects the AVX-512 passes; it is always false here.
var use512 = false

// mulWindow512 reports that it ran nothing: MulWindow uses another kernel.
func mulWindow512([]complex64, []complex64, []float32) bool { return false }

// mulWindowReal512 reports that it ran nothing: MulWindowReal uses another
// kernel.
func mulWindowReal512([]complex64, []float32, []float32) bool { return false }

// mul512 reports that it ran nothing: Mul uses another kernel.
func mul512([]complex64, []complex64, []complex64) bool { return false }
