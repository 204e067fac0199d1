package blocks

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/flowgraph"
)

// fileRandom returns n items of random bit patterns (NaNs included: the
// round trip must be bit-exact, so items are compared as bytes).
func fileRandom[T sourcesItem](n int, seed uint64) []T {
	s := make([]T, n)
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := range sourcesBytes(s) {
		sourcesBytes(s)[i] = byte(rng.Uint32())
	}
	return s
}

// fileWrite writes items with a FileSink run alone.
func fileWrite[T sourcesItem](t *testing.T, path string, items []T) {
	t.Helper()
	snk, err := NewFileSink[T](path, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := blocktest.Run(snk, blocktest.Stream{Items: items}); err != nil {
		t.Fatal(err)
	}
}

func fileRoundTrip[T sourcesItem](t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "items.raw")
	data := fileRandom[T](20_011, 5)
	fileWrite(t, path, data)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(len(data)) * int64(unsafe.Sizeof(data[0])); st.Size() != want {
		t.Fatalf("file of %d bytes, want %d", st.Size(), want)
	}
	for _, tc := range []struct {
		name           string
		repeat         bool
		offset, length int
		take           int
		want           func(i int) T
	}{
		{"whole file", false, 0, 0, len(data), func(i int) T { return data[i] }},
		{"offset", false, 1234, 0, len(data) - 1234, func(i int) T { return data[1234+i] }},
		{"offset and length", false, 100, 5000, 5000, func(i int) T { return data[100+i] }},
		{"length to the end", false, 11, len(data) - 11, len(data) - 11, func(i int) T { return data[11+i] }},
		{"repeat offset and length", true, 7, 333, 10_000, func(i int) T { return data[7+i%333] }},
		{"repeat whole file", true, 0, 0, 3*len(data) + 5, func(i int) T { return data[i%len(data)] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := NewFileSource[T](path, tc.repeat, int64(tc.offset), int64(tc.length))
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := srcTake(t, src, &src.Out, tc.take+100, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if tc.repeat {
				got = got[:min(len(got), tc.take)]
			}
			if len(got) != tc.take {
				t.Fatalf("%d items, want %d", len(got), tc.take)
			}
			want := make([]T, tc.take)
			for i := range want {
				want[i] = tc.want(i)
			}
			if !bytes.Equal(sourcesBytes(got), sourcesBytes(want)) {
				t.Fatal("items differ")
			}
		})
	}
}

func TestFileSinkThenSourceRoundTripsBitExactlyForEveryType(t *testing.T) {
	t.Run("float32", fileRoundTrip[float32])
	t.Run("complex64", fileRoundTrip[complex64])
	t.Run("int8", fileRoundTrip[int8])
	t.Run("uint8", fileRoundTrip[uint8])
	t.Run("int16", fileRoundTrip[int16])
	t.Run("int32", fileRoundTrip[int32])
}

// runShrinking runs src (whose output is out) into a sink that, on its
// first call, cuts the file at path to keep bytes, through small buffers so
// that the source has read little by then. It returns the items the sink
// got and the error of the run.
func runShrinking(t *testing.T, src block.Block, out *block.Out[float32], path string, keep int64) (int, error) {
	t.Helper()
	n := 0
	snk := block.Sink(func(in []float32) error {
		if n == 0 {
			if err := os.Truncate(path, keep); err != nil {
				return err
			}
		}
		n += len(in)
		return nil
	})
	g := flowgraph.New(flowgraph.WithBufferBytes(4096))
	if err := errors.Join(g.Add("src", src), g.Add("snk", snk), flowgraph.Connect(g, out, &snk.In)); err != nil {
		t.Fatal(err)
	}
	err := g.Run(context.Background())
	return n, err
}
