package blocks_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

// streamRamp returns 1, 2, ..., n as float32 (no zeros, so that a delay's
// zeros cannot be mistaken for input items).
func streamRamp(n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(i + 1)
	}
	return s
}

// streamTags returns one tag per offset, keyed by its index.
func streamTags(offsets ...uint64) []buffer.Tag {
	tags := make([]buffer.Tag, len(offsets))
	for i, o := range offsets {
		tags[i] = buffer.Tag{Offset: o, Key: fmt.Sprint("t", i), Value: i}
	}
	return tags
}

// streamRun runs b on one float32 input and returns its first output.
func streamRun(t *testing.T, b block.Block, outputItems int, in []float32, tags []buffer.Tag) ([]float32, []buffer.Tag) {
	t.Helper()
	outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: outputItems}, blocktest.Stream{Items: in, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return outs[0].Items.([]float32), outs[0].Tags
}

// streamCheck compares items and tags with what is expected.
func streamCheck[T comparable](t *testing.T, got, want []T, gotTags, wantTags []buffer.Tag) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("items (%d) %v\nwant (%d) %v", len(got), streamShort(got), len(want), streamShort(want))
	}
	if len(gotTags) == 0 && len(wantTags) == 0 {
		return
	}
	if !slices.Equal(gotTags, wantTags) {
		t.Fatalf("tags %v\nwant %v", gotTags, wantTags)
	}
}

func streamShort[T any](s []T) []T {
	if len(s) > 20 {
		return s[:20]
	}
	return s
}

// streamOutputSizes are the output buffer sizes each test runs with: tiny
// ones force many partial Work calls.
var streamOutputSizes = []int{1, 7, 64, 4096}

func TestHeadStopsAtExactlyN(t *testing.T) {
	in := streamRamp(3000)
	tags := streamTags(0, 99, 100, 999, 1000, 2999)
	for _, n := range []int{0, 1, 100, 1000, 2999, 3000, 5000} {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("n=%d/out=%d", n, size), func(t *testing.T) {
				got, gotTags := streamRun(t, blocks.NewHead[float32](uint64(n)), size, in, tags)
				k := min(n, len(in))
				var want []buffer.Tag
				for _, tg := range tags {
					if tg.Offset < uint64(k) {
						want = append(want, tg)
					}
				}
				streamCheck(t, got, in[:k], gotTags, want)
			})
		}
	}
}

func TestHeadFinishesAndReleasesAnEndlessSource(t *testing.T) {
	g := flowgraph.New()
	src := block.Source(func(out []int16) (int, error) {
		for i := range out {
			out[i] = 7
		}
		return len(out), nil
	})
	head := blocks.NewHead[int16](123457)
	var count atomic.Int64
	snk := block.Sink(func(in []int16) error { count.Add(int64(len(in))); return nil })
	for name, b := range map[string]block.Block{"src": src, "head": head, "snk": snk} {
		if err := g.Add(name, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := flowgraph.Connect(g, &src.Out, &head.In); err != nil {
		t.Fatal(err)
	}
	if err := flowgraph.Connect(g, &head.Out, &snk.In); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := g.Run(ctx); err != nil {
		t.Fatalf("run: %v (the source must stop once head is done)", err)
	}
	if got := count.Load(); got != 123457 {
		t.Fatalf("sink got %d items, want 123457", got)
	}
}

func TestSkipDropsTheFirstNAndShiftsTags(t *testing.T) {
	in := streamRamp(2000)
	tags := streamTags(0, 9, 10, 11, 1500, 1999)
	for _, n := range []int{0, 1, 10, 1999, 2000, 2500} {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("n=%d/out=%d", n, size), func(t *testing.T) {
				got, gotTags := streamRun(t, blocks.NewSkip[float32](uint64(n)), size, in, tags)
				k := min(n, len(in))
				var want []buffer.Tag
				for _, tg := range tags {
					if tg.Offset >= uint64(k) {
						tg.Offset -= uint64(k)
						want = append(want, tg)
					}
				}
				streamCheck(t, got, in[k:], gotTags, want)
			})
		}
	}
}

func TestCopyPassesWhenEnabledAndDropsWhenDisabled(t *testing.T) {
	in := streamRamp(5000)
	tags := streamTags(0, 4095, 4096, 4999)
	for _, size := range streamOutputSizes {
		got, gotTags := streamRun(t, blocks.NewCopy[float32](true), size, in, tags)
		streamCheck(t, got, in, gotTags, tags)
		got, gotTags = streamRun(t, blocks.NewCopy[float32](false), size, in, tags)
		streamCheck(t, got, nil, gotTags, nil)
	}
	c := blocks.NewCopy[float32](false)
	c.SetEnabled(true)
	if !c.Enabled() {
		t.Fatal("SetEnabled(true) did not enable")
	}
	got, _ := streamRun(t, c, 64, in, nil)
	streamCheck(t, got, in, nil, nil)
}

func TestDelayPrependsZerosAndShiftsTags(t *testing.T) {
	in := streamRamp(1000)
	tags := streamTags(0, 1, 500, 999)
	for _, n := range []int{0, 1, 5, 1000, 3000} {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("n=%d/out=%d", n, size), func(t *testing.T) {
				got, gotTags := streamRun(t, blocks.NewDelay[float32](uint64(n)), size, in, tags)
				want := append(make([]float32, n), in...)
				var wantTags []buffer.Tag
				for _, tg := range tags {
					tg.Offset += uint64(n)
					wantTags = append(wantTags, tg)
				}
				streamCheck(t, got, want, gotTags, wantTags)
			})
		}
	}
}

func TestKeepOneInNKeepsTheLastOfEachGroupAndMovesTags(t *testing.T) {
	in := streamRamp(1003)
	tags := streamTags(0, 3, 4, 9, 10, 500, 999, 1000, 1002)
	for _, n := range []int{1, 2, 5, 10, 1003, 2000} {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("n=%d/out=%d", n, size), func(t *testing.T) {
				b, err := blocks.NewKeepOneInN[float32](n)
				if err != nil {
					t.Fatal(err)
				}
				got, gotTags := streamRun(t, b, size, in, tags)
				// Reference: a direct loop over groups.
				var want []float32
				var wantTags []buffer.Tag
				for g := 0; (g+1)*n <= len(in); g++ {
					want = append(want, in[g*n+n-1])
					for _, tg := range tags {
						if tg.Offset >= uint64(g*n) && tg.Offset < uint64((g+1)*n) {
							tg.Offset = uint64(g)
							wantTags = append(wantTags, tg)
						}
					}
				}
				streamCheck(t, got, want, gotTags, wantTags)
			})
		}
	}
}

func TestVectorBlocksPassWholeVectorsOnly(t *testing.T) {
	in := streamRamp(1030)
	tags := streamTags(0, 63, 1023, 1024, 1029)
	ctors := map[string]func(n int) (block.Block, error){
		"stream_to_vector": func(n int) (block.Block, error) { return blocks.NewStreamToVector[float32](n) },
		"vector_to_stream": func(n int) (block.Block, error) { return blocks.NewVectorToStream[float32](n) },
	}
	for name, ctor := range ctors {
		for _, n := range []int{1, 4, 64, 1024} {
			for _, size := range streamOutputSizes {
				t.Run(fmt.Sprintf("%s/n=%d/out=%d", name, n, size), func(t *testing.T) {
					b, err := ctor(n)
					if err != nil {
						t.Fatal(err)
					}
					ps, err := block.FindPorts(b)
					if err != nil {
						t.Fatal(err)
					}
					if ps.In[0].Need() != n || ps.Out[0].Need() != n {
						t.Fatalf("needs in %d out %d, want %d", ps.In[0].Need(), ps.Out[0].Need(), n)
					}
					got, gotTags := streamRun(t, b, size, in, tags)
					k := len(in) / n * n
					var wantTags []buffer.Tag
					for _, tg := range tags {
						if tg.Offset < uint64(k) {
							wantTags = append(wantTags, tg)
						}
					}
					streamCheck(t, got, in[:k], gotTags, wantTags)
				})
			}
		}
	}
}

// streamOrigin names an item by the input stream and index it came from.
type streamOrigin struct{ stream, index int }

func TestInterleaveMatchesANaiveMergeWithTagsOnTheirItems(t *testing.T) {
	for _, tc := range []struct{ streams, bs int }{{1, 1}, {2, 1}, {3, 2}, {4, 5}} {
		for _, size := range []int{1, 7, 4096} {
			t.Run(fmt.Sprintf("n=%d/b=%d/out=%d", tc.streams, tc.bs, size), func(t *testing.T) {
				b, err := blocks.NewInterleave[int16](tc.streams, tc.bs)
				if err != nil {
					t.Fatal(err)
				}
				ins := make([]blocktest.Stream, tc.streams)
				items := make([][]int16, tc.streams)
				for i := range ins {
					items[i] = make([]int16, 100+7*i) // unequal lengths
					for j := range items[i] {
						items[i][j] = int16(1000*i + j)
					}
					ins[i] = blocktest.Stream{Items: items[i], Tags: streamTags(0, uint64(tc.bs), 13, 99)}
				}
				outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: size}, ins...)
				if err != nil {
					t.Fatal(err)
				}
				// Reference: naive turn-by-turn merge, remembering where each item came from.
				var want []int16
				var from []streamOrigin
				for turn := 0; ; turn++ {
					full := true
					for i := range items {
						full = full && (turn+1)*tc.bs <= len(items[i])
					}
					if !full {
						break
					}
					for i := range items {
						for r := range tc.bs {
							j := turn*tc.bs + r
							want = append(want, items[i][j])
							from = append(from, streamOrigin{i, j})
						}
					}
				}
				var wantTags []buffer.Tag
				for k, o := range from {
					for _, tg := range ins[o.stream].Tags {
						if tg.Offset == uint64(o.index) {
							tg.Offset = uint64(k)
							wantTags = append(wantTags, tg)
						}
					}
				}
				streamCheck(t, outs[0].Items.([]int16), want, outs[0].Tags, wantTags)
			})
		}
	}
}

func TestDeinterleaveMatchesANaiveSplitWithTagsOnTheirItems(t *testing.T) {
	for _, tc := range []struct{ streams, bs int }{{1, 1}, {2, 1}, {3, 2}, {4, 5}} {
		for _, size := range []int{1, 7, 4096} {
			t.Run(fmt.Sprintf("n=%d/b=%d/out=%d", tc.streams, tc.bs, size), func(t *testing.T) {
				b, err := blocks.NewDeinterleave[int16](tc.streams, tc.bs)
				if err != nil {
					t.Fatal(err)
				}
				in := make([]int16, 203)
				for j := range in {
					in[j] = int16(j)
				}
				tags := streamTags(0, 1, 2, 5, 6, 7, 100, 119, 120, 202)
				outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: size}, blocktest.Stream{Items: in, Tags: tags})
				if err != nil {
					t.Fatal(err)
				}
				// Reference: deal items out one at a time, whole turns only.
				turn := tc.streams * tc.bs
				want := make([][]int16, tc.streams)
				wantTags := make([][]buffer.Tag, tc.streams)
				for j := 0; j < len(in)/turn*turn; j++ {
					i := j / tc.bs % tc.streams
					for _, tg := range tags {
						if tg.Offset == uint64(j) {
							tg.Offset = uint64(len(want[i]))
							wantTags[i] = append(wantTags[i], tg)
						}
					}
					want[i] = append(want[i], in[j])
				}
				for i := range outs {
					streamCheck(t, outs[i].Items.([]int16), want[i], outs[i].Tags, wantTags[i])
				}
			})
		}
	}
}

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
					if c := b.In[i].Counted(); c != 50 {
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
	if b.SetInputIndex(1) != nil || b.SetOutputIndex(1) != nil {
		t.Fatal("valid index rejected")
	}
	if !errors.Is(b.SetInputIndex(2), block.ErrBadParam) || !errors.Is(b.SetOutputIndex(-1), block.ErrBadParam) {
		t.Fatal("bad index accepted")
	}
}

func TestTagInserterTagsPeriodicallyOrAtListedOffsets(t *testing.T) {
	in := streamRamp(1000)
	existing := streamTags(5, 500)
	key := func(offsets ...uint64) []buffer.Tag { return streamTagsKV("burst", "x", offsets...) }
	tests := []struct {
		name string
		b    func() block.Block
		want []buffer.Tag // inserted tags, in offset order
	}{
		{"once at 0", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 0, 0) }, key(0)},
		{"once at 999", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 999, 0) }, key(999)},
		{"beyond the stream", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 1000, 0) }, nil},
		{"every 250 from 3", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 3, 250) }, key(3, 253, 503, 753)},
		{"every item from 997", func() block.Block { return blocks.NewTagInserter[float32]("burst", "x", 997, 1) }, key(997, 998, 999)},
		{"listed", func() block.Block { return blocks.NewTagInserterAt[float32]("burst", "x", []uint64{999, 7, 5, 2000}) }, key(5, 7, 999)},
		{"empty list", func() block.Block { return blocks.NewTagInserterAt[float32]("burst", "x", nil) }, nil},
	}
	for _, tc := range tests {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("%s/out=%d", tc.name, size), func(t *testing.T) {
				got, gotTags := streamRun(t, tc.b(), size, in, existing)
				want := slices.Clone(existing)
				want = append(want, tc.want...)
				// Reference order: by offset; inserted before existing on the same item.
				slices.SortStableFunc(want, func(a, b buffer.Tag) int {
					switch {
					case a.Offset != b.Offset:
						return int(a.Offset) - int(b.Offset)
					case a.Key == b.Key:
						return 0
					case a.Key == "burst":
						return -1
					}
					return 1
				})
				streamCheck(t, got, in, gotTags, want)
			})
		}
	}
}

func TestThrottlePassesItemsAndTagsUnchanged(t *testing.T) {
	in := streamRamp(3000)
	tags := streamTags(0, 1234, 2999)
	b, err := blocks.NewThrottle[float32](1e6) // 3 ms of items
	if err != nil {
		t.Fatal(err)
	}
	got, gotTags := streamRun(t, b, 64, in, tags)
	streamCheck(t, got, in, gotTags, tags)
}

func TestThrottleRejectsRatesThatAreNotPositive(t *testing.T) {
	for _, r := range []float64{0, -1} {
		if _, err := blocks.NewThrottle[int8](r); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("rate %g: err %v, want ErrBadParam", r, err)
		}
	}
}

// TestThrottleHoldsTheRate is a functional check against the wall clock
// with generous bounds, not a performance assertion.
func TestThrottleHoldsTheRate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for 0.3 s")
	}
	const rate = 100e3
	g := flowgraph.New()
	src := block.Source(func(out []complex64) (int, error) { return len(out), nil })
	thr, err := blocks.NewThrottle[complex64](rate)
	if err != nil {
		t.Fatal(err)
	}
	var count atomic.Int64
	snk := block.Sink(func(in []complex64) error { count.Add(int64(len(in))); return nil })
	for name, b := range map[string]block.Block{"src": src, "throttle": thr, "snk": snk} {
		if err := g.Add(name, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := flowgraph.Connect(g, &src.Out, &thr.In); err != nil {
		t.Fatal(err)
	}
	if err := flowgraph.Connect(g, &thr.Out, &snk.In); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := g.Run(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(err)
	}
	elapsed := time.Since(start).Seconds()
	want := rate * elapsed
	// Never faster than the rate (the property a throttle exists for; a
	// loaded machine can only make it slower), and some progress: the lower
	// bound is loose because CI machines may starve the graph for a while.
	if got := float64(count.Load()); got > 1.1*want || got < 0.2*want {
		t.Fatalf("%v items in %.3f s, want at most %.0f (+10%%) and at least a fifth of it", got, elapsed, want)
	}
	// Sleeping between bursts (about one per millisecond), not spinning:
	// a busy-waiting throttle would call Work millions of times.
	for _, s := range g.Stats() {
		if s.Name == "throttle" && s.WorkCalls > 100_000 {
			t.Fatalf("throttle called %d times in %.3f s: it spins", s.WorkCalls, elapsed)
		}
	}
}

// streamTagsKV returns tags key=value at the offsets.
func streamTagsKV(key string, value any, offsets ...uint64) []buffer.Tag {
	tags := make([]buffer.Tag, len(offsets))
	for i, o := range offsets {
		tags[i] = buffer.Tag{Offset: o, Key: key, Value: value}
	}
	return tags
}
