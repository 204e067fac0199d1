package blocks

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
)

func TestWavSinkClipsOutOfRangeSamples(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clip.wav")
	wavWriteSamples(t, path, 8000, 1, []float32{1.5, -1.5, 1, float32(math.NaN())})
	got, _ := wavRead(t, path, -1)
	want := []float32{32767.0 / 32768, -1, 32767.0 / 32768, 0}
	if len(got) != len(want) {
		t.Fatalf("%v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v, want %v", got, want)
		}
	}
}

func BenchmarkWavSinkMono(b *testing.B) {
	snk, err := NewWavSink(filepath.Join(b.TempDir(), "b.wav"), 48000, 1)
	if err != nil {
		b.Fatal(err)
	}
	benchSink(b, snk, &snk.In, func() {
		if snk.data > 1<<30 { // stay below the 4 GiB limit
			snk.data = 0
		}
	})
}

func TestWavSinkAfterAFailedWriteHasTheHeaderOfTheFramesOnDisk(t *testing.T) {
	const channels, frames = 2, 40_000
	in := make([]float32, frames*channels)
	for i := range in {
		in[i] = float32(i%1000) / 1000
	}
	for _, room := range []int{
		44 + 4*1000 + 3, // a partial frame reaches the disk
		44 + 1<<16,      // the first buffer fits exactly
		44 + 4*30_000,   // the last buffer fails, at Deinit
		20,              // not even the header
	} {
		path := filepath.Join(t.TempDir(), "full.wav")
		snk, err := NewWavSink(path, 8000, channels)
		if err != nil {
			t.Fatal(err)
		}
		snk.wrap = func(w io.Writer) io.Writer { return &fullDisk{w: w, room: room} }
		_, err = blocktest.RunWith(snk, blocktest.Options{}, blocktest.Stream{Items: in})
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("room %d: error %v, want ENOSPC", room, err)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := max(room-44, 0) / 4 * 4 // whole frames of 2 × 16 bits
		if len(raw) != 44+want {
			t.Fatalf("room %d: file of %d bytes, want %d", room, len(raw), 44+want)
		}
		if got := binary.LittleEndian.Uint32(raw[40:]); got != uint32(want) {
			t.Fatalf("room %d: header says %d bytes of data, the file holds %d", room, got, want)
		}
		got, _ := wavRead(t, path, -1)
		if len(got) != want/2 {
			t.Fatalf("room %d: read %d samples, want %d", room, len(got), want/2)
		}
		for i, v := range got {
			if math.Abs(float64(v-in[i])) > 1.0/32768 {
				t.Fatalf("room %d: sample %d is %v, want %v", room, i, v, in[i])
			}
		}
	}
}
