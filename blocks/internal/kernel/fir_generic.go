//go:build (!amd64 && !arm64) || purego

package kernel

// useSIMD is false where no SIMD loops exist.
var useSIMD = false

// useAVX512 is false where no SIMD loops exist.
var useAVX512 = false

func firRealFast(out, in, taps []float32) int                           { return 0 }
func firComplexRealFast(out, in []complex64, taps []float32) int        { return 0 }
func firComplexFast(out, in, taps []complex64) int                      { return 0 }
func dotRealFast(x, taps []float32) (float32, int)                      { return 0, 0 }
func dotComplexRealFast(x []complex64, taps []float32) (complex64, int) { return 0, 0 }
func dotComplexFast(x, taps []complex64) (complex64, int)               { return 0, 0 }
