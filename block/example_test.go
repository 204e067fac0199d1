package block_test

import (
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
)

// A 1:1 block in one line, run alone by the test harness: tags stay on
// their items.
func ExampleMap() {
	negate := block.Map(func(in, out []float32) {
		for i, v := range in {
			out[i] = -v
		}
	})
	outs, err := blocktest.Run(negate, blocktest.Stream{
		Items: []float32{1, 2, 3},
		Tags:  []buffer.Tag{{Offset: 2, Key: "burst", Value: "end"}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(outs[0].Items, outs[0].Tags)
	// Output: [-1 -2 -3] [2:burst=end]
}
