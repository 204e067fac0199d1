package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func BenchmarkComplexToInterleavedShort(b *testing.B) {
	c := convertMust(blocks.NewComplexToInterleavedShort(32767))
	mathBenchWork(b, c, &c.In, &c.Out, 2, func(s []complex64) {
		copy(s, mathRamp[complex64](len(s), 0.1))
	})
}
