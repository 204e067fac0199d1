package kernel

import "runtime"

// Variant names the loops this process runs: "avx2+fma" (amd64 with AVX2
// and FMA), "neon" (arm64) or "go" (pure Go: other machines, or the purego
// build tag).
func Variant() string {
	switch {
	case !useSIMD:
		return "go"
	case runtime.GOARCH == "arm64":
		return "neon"
	default:
		return "avx2+fma"
	}
}
