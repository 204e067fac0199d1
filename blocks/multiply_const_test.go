package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func BenchmarkMultiplyConstComplex64(b *testing.B) {
	m := blocks.NewMultiplyConst(complex64(complex(0.3, -0.7)))
	mathBenchWork(b, m, &m.In, &m.Out, 1, func(s []complex64) {
		copy(s, mathRamp[complex64](len(s), 0.5))
	})
}
