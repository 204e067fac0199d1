//go:build (!amd64 && !arm64) || purego

package fft

// haveAsm reports whether this build has assembly passes for this machine.
const haveAsm = false

// useAsm selects the assembly passes; it is always false here.
var useAsm = false

// runPass runs one pass.
func runPass(ps *pass, y, x []complex64, inv bool) { runPassGo(ps, y, x, inv) }

func mulWindowAsm(dst, src []complex64, w []float32)     { mulWindowGo(dst, src, w) }
func mulWindowRealAsm(dst []complex64, src, w []float32) { mulWindowRealGo(dst, src, w) }
func mulAsm(dst, a, b []complex64)                       { mulGo(dst, a, b) }
