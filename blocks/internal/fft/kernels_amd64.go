//go:build amd64 && !purego

package fft

import "golang.org/x/sys/cpu"

// haveAsm reports whether this machine can run the assembly passes
// (AVX2 and FMA).
var haveAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA
