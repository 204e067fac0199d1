package blocks

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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
}

func TestFileSinkWritesComplexAsInterleavedFloat32LittleEndian(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.cf32")
	items := []complex64{complex(1.5, -2.25), complex(3, float32(math.Inf(1))), complex(-0.1, 1e-30)}
	fileWrite(t, path, items)
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	for _, c := range items {
		want = binary.LittleEndian.AppendUint32(want, math.Float32bits(real(c)))
		want = binary.LittleEndian.AppendUint32(want, math.Float32bits(imag(c)))
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("bytes % x, want % x", got, want)
	}
	// int16 too: two bytes, low first.
	path16 := filepath.Join(t.TempDir(), "s.s16")
	fileWrite(t, path16, []int16{0x0102, -2})
	got, err = os.ReadFile(path16)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte{0x02, 0x01, 0xfe, 0xff}) {
		t.Fatalf("int16 bytes % x", got)
	}
}

func TestFileSinkAppendKeepsWhatWasThere(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.u8")
	if err := os.WriteFile(path, []byte{9, 8}, 0o644); err != nil {
		t.Fatal(err)
	}
	snk, err := NewFileSink[uint8](path, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := blocktest.Run(snk, blocktest.Stream{Items: []uint8{1, 2, 3}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, []byte{9, 8, 1, 2, 3}) {
		t.Fatalf("file % x", got)
	}
}

func TestFileSourceInitRefusesImpossibleRanges(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.f32")
	fileWrite(t, path, make([]float32, 10))
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name           string
		path           string
		repeat         bool
		offset, length int64
	}{
		{"missing file", filepath.Join(dir, "none"), false, 0, 0},
		{"offset beyond the end", path, false, 11, 0},
		{"length beyond the end", path, false, 5, 6},
		{"repeat of nothing", empty, true, 0, 0},
		{"repeat of nothing after offset", path, true, 10, 0},
	} {
		src, err := NewFileSource[float32](tc.path, tc.repeat, tc.offset, tc.length)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.Init(context.Background()); err == nil {
			src.Deinit()
			t.Errorf("%s: Init succeeded", tc.name)
		}
	}
}

func TestFileSourceIgnoresATrailingPartialItem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.s16")
	if err := os.WriteFile(path, []byte{1, 0, 2, 0, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := NewFileSource[int16](path, false, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.Run(src)
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].Items.([]int16); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("items %v, want [1 2]", got)
	}
}

func TestFileSinkInAGraphIsCompleteWhenRunReturns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.cf32")
	data := fileRandom[complex64](100_003, 9)
	src, err := NewVectorSource(data, false)
	if err != nil {
		t.Fatal(err)
	}
	snk, err := NewFileSink[complex64](path, false)
	if err != nil {
		t.Fatal(err)
	}
	g := flowgraph.New()
	if err := errors.Join(g.Add("src", src), g.Add("snk", snk), flowgraph.Connect(g, &src.Out, &snk.In)); err != nil {
		t.Fatal(err)
	}
	if err := g.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, sourcesBytes(data)) {
		t.Fatalf("file of %d bytes differs from the %d bytes sent", len(got), len(sourcesBytes(data)))
	}
}

func TestSourcesSwapReversesEachScalar(t *testing.T) {
	b := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	sourcesSwap(b, 4)
	if !bytes.Equal(b, []byte{4, 3, 2, 1, 8, 7, 6, 5}) {
		t.Fatalf("% x", b)
	}
	if sourcesScalarSize[complex64]() != 4 || sourcesScalarSize[int16]() != 2 {
		t.Fatal("scalar sizes")
	}
}

func BenchmarkFileSinkComplex(b *testing.B) {
	snk, err := NewFileSink[complex64](filepath.Join(b.TempDir(), "b.cf32"), false)
	if err != nil {
		b.Fatal(err)
	}
	var src block.Out[complex64]
	if err := src.Open(8192); err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	if err := src.Attach(&snk.In, nil, nil); err != nil {
		b.Fatal(err)
	}
	defer snk.In.Close()
	if err := snk.Init(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer snk.Deinit()
	io := block.NewIO(context.Background())
	items := 0
	b.ReportAllocs()
	for b.Loop() {
		n := len(src.Slice())
		src.Produce(n)
		items += n
		if err := snk.Work(io); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(items), "ns/sample")
}

func BenchmarkFileSourceComplexRepeat(b *testing.B) {
	path := filepath.Join(b.TempDir(), "b.cf32")
	if err := os.WriteFile(path, make([]byte, 8<<20), 0o644); err != nil {
		b.Fatal(err)
	}
	src, err := NewFileSource[complex64](path, true, 0, 0)
	if err != nil {
		b.Fatal(err)
	}
	srcBenchSource(b, src, &src.Out)
}

func TestFileSinkAfterAFailedWriteHoldsWholeItems(t *testing.T) {
	for _, appendMode := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "full.cf32")
		if err := os.WriteFile(path, []byte{1, 2, 3}, 0o644); err != nil {
			t.Fatal(err)
		}
		data := fileRandom[complex64](50_000, 3)
		snk, err := NewFileSink[complex64](path, appendMode)
		if err != nil {
			t.Fatal(err)
		}
		const room = 8*10_000 + 5
		snk.wrap = func(w io.Writer) io.Writer { return &fullDisk{w: w, room: room} }
		if _, err := blocktest.Run(snk, blocktest.Stream{Items: data}); !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("append %v: error %v, want ENOSPC", appendMode, err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var before []byte
		if appendMode {
			before = []byte{1, 2, 3}
		}
		want := append(before, sourcesBytes(data)[:8*10_000]...)
		if !bytes.Equal(got, want) {
			t.Fatalf("append %v: file of %d bytes, want %d: the items before the failure, whole", appendMode, len(got), len(want))
		}
	}
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

func TestFileSourceFailsWhenARegularFileShrinks(t *testing.T) {
	for _, tc := range []struct {
		offset, length int64
		allow          bool
		items          int    // the sink gets
		err            string // "": none
	}{
		{0, 0, false, 500_000, "ended after 500000 of 1000000 items"},
		{100_000, 0, false, 400_000, "ended after 500000 of 1000000 items"},
		{100_000, 600_000, false, 400_000, "ended after 500000 of 700000 items"},
		{0, 0, true, 500_000, ""},
	} {
		path := filepath.Join(t.TempDir(), "shrinks.f32")
		fileWrite(t, path, make([]float32, 1_000_000))
		src, err := NewFileSource[float32](path, false, tc.offset, tc.length)
		if err != nil {
			t.Fatal(err)
		}
		src.SetAllowShort(tc.allow)
		n, err := runShrinking(t, src, &src.Out, path, 4*500_000)
		// A failure cancels the run: the sink may not get all of them.
		if n != tc.items && (tc.err == "" || n > tc.items) {
			t.Errorf("%+v: %d items, want %d", tc, n, tc.items)
		}
		if tc.err == "" {
			if err != nil {
				t.Errorf("%+v: %v", tc, err)
			}
			continue
		}
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("%+v: error %v, want ErrTruncated", tc, err)
		}
		for _, want := range []string{path, tc.err} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
	}
}
