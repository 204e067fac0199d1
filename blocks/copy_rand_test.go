package blocks_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/internal/port"
)

// copyRandPorts connects b to a source port and a sink port of capacity
// size, without a scheduler; they are closed when the test ends.
func copyRandPorts(t *testing.T, b *blocks.CopyRand[float32], size int) (src *port.Out[float32], snk *port.In[float32]) {
	t.Helper()
	src, snk = new(port.Out[float32]), new(port.In[float32])
	in, out := port.InOf[float32](&b.In), port.OutOf[float32](&b.Out)
	if err := src.Open(size); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(src.Close)
	if err := src.Attach(in, nil, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	if err := out.Open(size); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(out.Close)
	if err := out.Attach(snk, nil, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(snk.Close)
	return src, snk
}

func newCopyRand(t *testing.T, maxItems int, seed uint64) *blocks.CopyRand[float32] {
	t.Helper()
	b, err := blocks.NewCopyRand[float32](maxItems, seed)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCopyRandPassesEveryItemOnceInOrderWithTagsOnTheirItems(t *testing.T) {
	in := streamRamp(20000)
	tags := streamTags(0, 1, 2, 510, 511, 512, 513, 4095, 4096, 9999, 19998, 19999)
	for _, maxItems := range []int{1, 2, 3, 100, 512, 1 << 20} {
		for _, size := range streamOutputSizes {
			for _, seed := range []uint64{0, 1, 12345} {
				t.Run(fmt.Sprintf("max=%d/out=%d/seed=%d", maxItems, size, seed), func(t *testing.T) {
					got, gotTags := streamRun(t, newCopyRand(t, maxItems, seed), size, in, tags)
					streamCheck(t, got, in, gotTags, tags)
				})
			}
		}
	}
}

func TestCopyRandPassesEveryItemType(t *testing.T) {
	in := make([]complex64, 3000)
	for i := range in {
		in[i] = complex(float32(i), -float32(i))
	}
	b, err := blocks.NewCopyRand[complex64](64, 7)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: 100}, blocktest.Stream{Items: in, Tags: streamTags(0, 64, 2999)})
	if err != nil {
		t.Fatal(err)
	}
	streamCheck(t, outs[0].Items.([]complex64), in, outs[0].Tags, streamTags(0, 64, 2999))
}

// TestCopyRandDrawsChunkSizesFromItsSeed checks that, with input and
// output space to spare, call i copies exactly the i-th draw of the
// documented generator: 1 + IntN(max) from PCG(seed, 0x666c6f7772756e21).
func TestCopyRandDrawsChunkSizesFromItsSeed(t *testing.T) {
	const maxItems, calls = 512, 2000
	sizes := func(seed uint64) []int {
		b := newCopyRand(t, maxItems, seed)
		src, snk := copyRandPorts(t, b, 1<<14)
		io := streamIO(context.Background())
		var got []int
		for range calls {
			src.Produce(len(src.Slice()))
			before := port.OutOf[float32](&b.Out).Counted()
			if err := b.Work(io); err != nil {
				t.Fatal(err)
			}
			got = append(got, int(port.OutOf[float32](&b.Out).Counted()-before))
			snk.Consume(len(snk.Slice()))
		}
		return got
	}
	for _, seed := range []uint64{0, 1, 1 << 40} {
		got := sizes(seed)
		r := rand.New(rand.NewPCG(seed, 0x666c6f7772756e21))
		want := make([]int, calls)
		for i := range want {
			want[i] = 1 + r.IntN(maxItems)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: chunk sizes %v..., want %v...", seed, got[:10], want[:10])
		}
		if again := sizes(seed); !slices.Equal(again, got) {
			t.Fatalf("seed %d: a second block drew %v..., the first %v...", seed, again[:10], got[:10])
		}
		if lo, hi := slices.Min(got), slices.Max(got); lo < 1 || hi > maxItems || hi-lo < maxItems/2 {
			t.Errorf("seed %d: chunk sizes in [%d, %d], want spread over [1, %d]", seed, lo, hi, maxItems)
		}
	}
	if a, b := sizes(1), sizes(2); slices.Equal(a, b) {
		t.Error("seeds 1 and 2 draw the same chunk sizes")
	}
}

func TestCopyRandFinishesOnceItsInputIsDrained(t *testing.T) {
	b := newCopyRand(t, 100, 0)
	src, snk := copyRandPorts(t, b, 4096)
	src.Produce(copy(src.Slice(), streamRamp(1000)))
	src.Close()
	io := streamIO(context.Background())
	var got []float32
	for calls := 0; ; calls++ {
		if calls > 1000 {
			t.Fatal("still running after 1000 Work calls")
		}
		err := b.Work(io)
		got = append(got, snk.Slice()...)
		snk.Consume(len(snk.Slice()))
		if errors.Is(err, block.ErrDone) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	streamCheck(t, got, streamRamp(1000), nil, nil)
}

func TestCopyRandRejectsMaxBelowOne(t *testing.T) {
	for _, m := range []int{0, -1, -512} {
		b, err := blocks.NewCopyRand[int16](m, 0)
		if !errors.Is(err, block.ErrBadParam) || !strings.Contains(err.Error(), "max") {
			t.Errorf("NewCopyRand(%d): %v, err %v; want an ErrBadParam naming max", m, b, err)
		}
	}
	r := blocks.NewRegistry()
	for _, p := range []map[string]any{{"max": 0}, {"max": -3}, {"max": 2.5}, {"seed": -1}} {
		if b, err := r.Build("copy_rand", p); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("copy_rand %v: %v, err %v; want ErrBadParam", p, b, err)
		}
	}
	b, err := r.Build("copy_rand", map[string]any{"type": "uint8"})
	if err != nil {
		t.Fatal(err)
	}
	if cr, ok := b.(*blocks.CopyRand[uint8]); !ok || cr.Max() != 512 {
		t.Errorf("copy_rand with defaults: %T %v, want a CopyRand[uint8] with max 512", b, b)
	}
}

func TestCopyRandWorkDoesNotAllocate(t *testing.T) {
	b := newCopyRand(t, 512, 0)
	src, snk := copyRandPorts(t, b, 4096)
	io := streamIO(context.Background())
	step := func() {
		src.Produce(len(src.Slice()))
		if err := b.Work(io); err != nil {
			t.Fatal(err)
		}
		snk.Consume(len(snk.Slice()))
	}
	step()
	if a := testing.AllocsPerRun(1000, step); a != 0 {
		t.Fatalf("%v allocations per Work call", a)
	}
	if port.OutOf[float32](&b.Out).Counted() == 0 {
		t.Fatal("no items passed")
	}
}
