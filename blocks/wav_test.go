package blocks

import (
	"encoding/binary"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
)

// wavWriteSamples writes samples (interleaved) with a WavSink run alone.
func wavWriteSamples(t *testing.T, path string, rate, channels int, samples []float32) {
	t.Helper()
	snk, err := NewWavSink(path, rate, channels)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := blocktest.RunWith(snk, blocktest.Options{}, blocktest.Stream{Items: samples}); err != nil {
		t.Fatal(err)
	}
}

// wavRead reads path with a WavSource run alone through a small buffer.
func wavRead(t *testing.T, path string, channel int) ([]float32, *WavSource) {
	t.Helper()
	src, err := NewWavSource(path, channel, false)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.RunWith(src, blocktest.Options{OutputItems: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return outs[0].Items.([]float32), src
}

func TestWavSinkThenSourceRoundTripsWithin16BitPrecision(t *testing.T) {
	path := filepath.Join(t.TempDir(), "st.wav")
	const frames, channels = 30_001, 2
	rng := rand.New(rand.NewPCG(1, 2))
	in := make([]float32, frames*channels+1) // and a partial frame, dropped
	for i := range in {
		if i%2 == 0 {
			in[i] = float32(0.9 * math.Sin(2*math.Pi*440*float64(i/2)/48000))
		} else {
			in[i] = float32(2*rng.Float64() - 1)
		}
	}
	wavWriteSamples(t, path, 48000, channels, in)

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data := frames * channels * 2
	le := binary.LittleEndian
	if len(raw) != 44+data || string(raw[0:4]) != "RIFF" || string(raw[8:16]) != "WAVEfmt " || string(raw[36:40]) != "data" {
		t.Fatalf("file of %d bytes, header % x", len(raw), raw[:min(44, len(raw))])
	}
	if le.Uint32(raw[4:]) != uint32(36+data) || le.Uint32(raw[40:]) != uint32(data) {
		t.Fatalf("sizes %d and %d, want %d and %d", le.Uint32(raw[4:]), le.Uint32(raw[40:]), 36+data, data)
	}
	if le.Uint16(raw[20:]) != 1 || le.Uint16(raw[22:]) != channels || le.Uint32(raw[24:]) != 48000 || le.Uint16(raw[34:]) != 16 {
		t.Fatalf("fmt chunk % x", raw[20:36])
	}

	all, src := wavRead(t, path, -1)
	if src.SampleRate() != 48000 || src.Channels() != channels {
		t.Fatalf("rate %d, channels %d", src.SampleRate(), src.Channels())
	}
	if len(all) != frames*channels {
		t.Fatalf("%d samples, want %d", len(all), frames*channels)
	}
	for i, v := range all {
		if d := math.Abs(float64(v - in[i])); d > 1.0/32768 {
			t.Fatalf("sample %d: %v, want %v (off by %v)", i, v, in[i], d)
		}
	}
	right, _ := wavRead(t, path, 1)
	if len(right) != frames {
		t.Fatalf("%d samples of channel 1, want %d", len(right), frames)
	}
	for i, v := range right {
		if v != all[2*i+1] {
			t.Fatalf("channel 1 sample %d: %v, want %v", i, v, all[2*i+1])
		}
	}
}

// fullDisk takes room bytes, then fails like a write to a full disk: a
// short write and ENOSPC.
type fullDisk struct {
	w    io.Writer
	room int
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if len(p) <= d.room {
		n, err := d.w.Write(p)
		d.room -= n
		return n, err
	}
	n, err := d.w.Write(p[:d.room])
	d.room -= n
	if err == nil {
		err = syscall.ENOSPC
	}
	return n, err
}
