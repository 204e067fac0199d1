package blocks_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/internal/port"
)

func TestSelectorCopiesTheSelectedInputAndDrainsTheOthers(t *testing.T) {
	for _, tc := range []struct{ inputs, outputs, in, out int }{{1, 1, 0, 0}, {3, 2, 1, 1}, {3, 2, 2, 0}} {
		for _, size := range []int{7, 4096} {
			t.Run(fmt.Sprintf("%d/%d->%d/%d/out=%d", tc.in, tc.inputs, tc.out, tc.outputs, size), func(t *testing.T) {
				b, err := blocks.NewSelector[uint8](tc.inputs, tc.outputs, tc.in, tc.out)
				if err != nil {
					t.Fatal(err)
				}
				ins := make([]blocktest.Stream, tc.inputs)
				for i := range ins {
					items := make([]uint8, 50)
					for j := range items {
						items[j] = uint8(10*i + j)
					}
					ins[i] = blocktest.Stream{Items: items, Tags: streamTags(uint64(i), 49)}
				}
				outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: size}, ins...)
				if err != nil {
					t.Fatal(err)
				}
				for o := range outs {
					got := outs[o].Items.([]uint8)
					if o == tc.out {
						streamCheck(t, got, ins[tc.in].Items.([]uint8), outs[o].Tags, ins[tc.in].Tags)
					} else if len(got) != 0 || len(outs[o].Tags) != 0 {
						t.Fatalf("unselected output %d produced %d items, %d tags", o, len(got), len(outs[o].Tags))
					}
				}
				for i := range b.In {
					if c := port.InOf[uint8](&b.In[i]).Counted(); c != 50 {
						t.Fatalf("input %d: %d items consumed, want all 50", i, c)
					}
				}
			})
		}
	}
}

func TestSelectorRejectsIndicesOutOfRange(t *testing.T) {
	for _, tc := range []struct{ inputs, outputs, in, out int }{{0, 1, 0, 0}, {1, 0, 0, 0}, {2, 1, 2, 0}, {2, 1, 0, 1}, {2, 1, -1, 0}} {
		if _, err := blocks.NewSelector[float32](tc.inputs, tc.outputs, tc.in, tc.out); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("%+v: err %v, want ErrBadParam", tc, err)
		}
	}
	b, err := blocks.NewSelector[float32](2, 2, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b.InputIndex.Set(1) != nil || b.OutputIndex.Set(1) != nil {
		t.Fatal("valid index rejected")
	}
	if !errors.Is(b.InputIndex.Set(2), block.ErrBadParam) || !errors.Is(b.OutputIndex.Set(-1), block.ErrBadParam) {
		t.Fatal("bad index accepted")
	}
	if b.InputIndex.Get() != 1 || b.OutputIndex.Get() != 1 {
		t.Fatalf("a refused index changed the selection to %d, %d", b.InputIndex.Get(), b.OutputIndex.Get())
	}
}
