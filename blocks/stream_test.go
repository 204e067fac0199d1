package blocks_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/internal/port"
)

// streamIO returns the IO that a scheduler would hand to Work, for ctx: for
// tests and benchmarks that call Work themselves.
func streamIO(ctx context.Context) *block.IO {
	io := new(block.IO)
	port.IOOf(io).SetContext(ctx)
	return io
}

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
					ps, err := port.Find(b)
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

// streamTagsKV returns tags key=value at the offsets.
func streamTagsKV(key string, value any, offsets ...uint64) []buffer.Tag {
	tags := make([]buffer.Tag, len(offsets))
	for i, o := range offsets {
		tags[i] = buffer.Tag{Offset: o, Key: key, Value: value}
	}
	return tags
}
