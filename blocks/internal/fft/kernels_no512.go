//go:build !amd64 || purego

package fft

// have512 reports whether this build has AVX-512 passes for this machine.
const have512 = false

// use512 selects the AVX-512 passes; it is always false here.
var use512 = false
