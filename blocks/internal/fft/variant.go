package fft

import "runtime"

// Variant names the passes this process runs: "avx2+fma" (amd64 with AVX2
// and FMA), "neon" (arm64) or "go" (pure Go: other machines, the purego
// build tag, or n ≤ 8 everywhere).
func Variant() string {
	switch {
	case !useAsm:
		return "go"
	case runtime.GOARCH == "arm64":
		return "neon"
	default:
		return "avx2+fma"
	}
}
