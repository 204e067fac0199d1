package fft

import "runtime"

// Variant names the passes this process runs: "avx512" (amd64 with
// AVX-512 F and DQ: the AVX-512 passes, with AVX2 ones for the shapes
// they do not cover), "avx2+fma" (amd64 with AVX2 and FMA), "neon" (arm64)
// or "go" (pure Go: other machines, the purego build tag, or n ≤ 8
// everywhere).
func Variant() string {
	switch {
	case !useAsm:
		return "go"
	case runtime.GOARCH == "arm64":
		return "neon"
	case use512:
		return "avx512"
	default:
		return "avx2+fma"
	}
}
