package fft

// haveAsm reports whether this build has assembly passes for this machine.
const haveAsm = false

// useAsm selects the assembly passes; tests clear it to run the Go ones.
var useAsm = false

// runPass runs one pass.
func runPass(ps *pass, y, x []complex64, inv bool) { runPassGo(ps, y, x, inv) }
