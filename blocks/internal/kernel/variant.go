package kernel

import "runtime"

// Variant names the loops this process runs: "avx512" (amd64 with
// AVX512F, AVX2 and FMA), "avx2+fma" (amd64 with AVX2 and FMA), "neon"
// (arm64) or "go" (pure Go: other machines, or the purego build tag).
func Variant() string {
	switch {
	case !useSIMD:
		return "go"
	case runtime.GOARCH == "arm64":
		return "neon"
	case useAVX512:
		return "avx512"
	default:
		return "avx2+fma"
	}
}
