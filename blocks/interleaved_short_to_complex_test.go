package blocks_test

import (
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func BenchmarkInterleavedShortToComplex(b *testing.B) {
	c := convertMust(blocks.NewInterleavedShortToComplex(32768, false))
	mathBenchWork(b, c, &c.In, &c.Out, 1, func(s []int16) {
		for i := range s {
			s[i] = int16(i * 7919)
		}
	})
}
