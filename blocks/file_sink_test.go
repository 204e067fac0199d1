package blocks

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/flowgraph"
)

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

func BenchmarkFileSinkComplex(b *testing.B) {
	snk, err := NewFileSink[complex64](filepath.Join(b.TempDir(), "b.cf32"), false)
	if err != nil {
		b.Fatal(err)
	}
	benchSink(b, snk, &snk.In, nil)
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
