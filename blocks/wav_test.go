package blocks

import (
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

	"github.com/flowrun/flowrun/block"
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

// wavFile builds a WAV file by hand: an independent encoder for the reader.
func wavFile(format, channels, bits int, extensible bool, data []byte) []byte {
	le := binary.LittleEndian
	fmtChunk := le.AppendUint16(nil, uint16(format))
	if extensible {
		fmtChunk = le.AppendUint16(nil, wavExtensible)
	}
	fmtChunk = le.AppendUint16(fmtChunk, uint16(channels))
	fmtChunk = le.AppendUint32(fmtChunk, 22050)
	fmtChunk = le.AppendUint32(fmtChunk, uint32(22050*channels*bits/8))
	fmtChunk = le.AppendUint16(fmtChunk, uint16(channels*bits/8))
	fmtChunk = le.AppendUint16(fmtChunk, uint16(bits))
	if extensible {
		fmtChunk = le.AppendUint16(fmtChunk, 22)
		fmtChunk = le.AppendUint16(fmtChunk, uint16(bits))
		fmtChunk = le.AppendUint32(fmtChunk, 0)
		fmtChunk = le.AppendUint16(fmtChunk, uint16(format))
		fmtChunk = append(fmtChunk, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71)
	}
	var f []byte
	f = append(f, "RIFF"...)
	f = le.AppendUint32(f, 0) // patched below
	f = append(f, "WAVE"...)
	f = append(f, "LIST"...) // an odd-sized chunk to skip, with its pad byte
	f = le.AppendUint32(f, 3)
	f = append(f, 'a', 'b', 'c', 0)
	f = append(f, "fmt "...)
	f = le.AppendUint32(f, uint32(len(fmtChunk)))
	f = append(f, fmtChunk...)
	f = append(f, "data"...)
	f = le.AppendUint32(f, uint32(len(data)))
	f = append(f, data...)
	le.PutUint32(f[4:], uint32(len(f)-8))
	return f
}

func TestWavSourceDecodesPCMAndFloatFormats(t *testing.T) {
	le := binary.LittleEndian
	want := []float32{0, 0.5, -0.5, -1, 0.25, 0.75}
	enc := map[string][]byte{}
	for _, x := range want {
		enc["u8"] = append(enc["u8"], byte(int(x*128)+128))
		enc["s16"] = le.AppendUint16(enc["s16"], uint16(int16(x*32768)))
		v24 := uint32(int32(x * (1 << 23)))
		enc["s24"] = append(enc["s24"], byte(v24), byte(v24>>8), byte(v24>>16))
		enc["s32"] = le.AppendUint32(enc["s32"], uint32(int32(float64(x)*(1<<31))))
		enc["f32"] = le.AppendUint32(enc["f32"], math.Float32bits(x))
		enc["f64"] = le.AppendUint64(enc["f64"], math.Float64bits(float64(x)))
	}
	for _, tc := range []struct {
		name         string
		format, bits int
		extensible   bool
	}{
		{"u8", 1, 8, false}, {"s16", 1, 16, false}, {"s24", 1, 24, false}, {"s32", 1, 32, true},
		{"f32", 3, 32, false}, {"f64", 3, 64, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.name+".wav")
			if err := os.WriteFile(path, wavFile(tc.format, 2, tc.bits, tc.extensible, enc[tc.name]), 0o644); err != nil {
				t.Fatal(err)
			}
			got, src := wavRead(t, path, -1)
			if src.Channels() != 2 || src.SampleRate() != 22050 {
				t.Fatalf("channels %d rate %d", src.Channels(), src.SampleRate())
			}
			if len(got) != len(want) {
				t.Fatalf("%v, want %v", got, want)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%v, want %v", got, want)
				}
			}
			left, _ := wavRead(t, path, 0)
			if len(left) != 3 || left[0] != want[0] || left[1] != want[2] || left[2] != want[4] {
				t.Fatalf("channel 0: %v", left)
			}
		})
	}
}

func TestWavSourceRepeatStartsAgainAtTheFirstFrame(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.wav")
	wavWriteSamples(t, path, 8000, 1, []float32{0.5, -0.25, 0.125})
	src, err := NewWavSource(path, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := srcTake(t, src, &src.Out, 10, 4096)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if w := []float32{0.5, -0.25, 0.125}[i%3]; v != w {
			t.Fatalf("sample %d = %v, want %v", i, v, w)
		}
	}
	if len(got) != 10 {
		t.Fatalf("%d samples", len(got))
	}
}

func TestWavSourceInitRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name    string
		path    string
		channel int
	}{
		{"missing", filepath.Join(dir, "none.wav"), -1},
		{"not riff", write("text.wav", []byte("hello, this is not a wav file at all")), -1},
		{"unsupported format", write("alaw.wav", wavFile(6, 1, 8, false, []byte{1, 2})), -1},
		{"channel beyond", write("mono.wav", wavFile(1, 1, 16, false, []byte{1, 2})), 1},
		{"no data chunk", write("nodata.wav", wavFile(1, 1, 16, false, nil)[:len(wavFile(1, 1, 16, false, nil))-8]), -1},
	} {
		src, err := NewWavSource(tc.path, tc.channel, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.Init(context.Background()); err == nil {
			src.Deinit()
			t.Errorf("%s: Init succeeded", tc.name)
		}
	}
}

func BenchmarkWavSinkMono(b *testing.B) {
	snk, err := NewWavSink(filepath.Join(b.TempDir(), "b.wav"), 48000, 1)
	if err != nil {
		b.Fatal(err)
	}
	var src block.Out[float32]
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
		if snk.data > 1<<30 { // stay below the 4 GiB limit
			snk.data = 0
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(items), "ns/sample")
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

func TestWavSourceFailsWhenTheDataEndsBeforeTheHeaderSays(t *testing.T) {
	data := make([]byte, 2*1000) // 1000 frames of mono 16-bit
	for i := range data {
		data[i] = byte(i)
	}
	full := wavFile(wavPCM, 1, 16, false, data)
	cut := full[:len(full)-2*400] // the header still says 1000 frames
	for _, allow := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "cut.wav")
		if err := os.WriteFile(path, cut, 0o644); err != nil {
			t.Fatal(err)
		}
		src, err := NewWavSource(path, -1, false)
		if err != nil {
			t.Fatal(err)
		}
		src.SetAllowShort(allow)
		outs, err := blocktest.RunWith(src, blocktest.Options{OutputItems: 256})
		if got := len(outs[0].Items.([]float32)); got != 600 {
			t.Errorf("allow_short %v: %d samples, want the 600 in the file", allow, got)
		}
		if allow {
			if err != nil {
				t.Errorf("allow_short: %v", err)
			}
			continue
		}
		if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "ended after 600 of 1000 frames") {
			t.Errorf("error %v, want ErrTruncated naming %s, after 600 of 1000 frames", err, path)
		}
	}
}

func TestWavSourceFailsWhenTheFileShrinks(t *testing.T) {
	for _, allow := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "shrinks.wav")
		wavWriteSamples(t, path, 8000, 2, make([]float32, 2*200_000))
		src, err := NewWavSource(path, 1, false)
		if err != nil {
			t.Fatal(err)
		}
		src.SetAllowShort(allow)
		n, err := runShrinking(t, src, &src.Out, path, 44+4*100_000)
		if n != 100_000 && (allow || n > 100_000) { // a failure cancels the run: the sink may not get all
			t.Errorf("allow_short %v: %d samples, want the 100000 frames left", allow, n)
		}
		switch {
		case allow && err != nil:
			t.Errorf("allow_short: %v", err)
		case !allow && (!errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "ended after 100000 of 200000 frames")):
			t.Errorf("error %v, want ErrTruncated after 100000 of 200000 frames", err)
		}
	}
}

func TestWavSourceUnsetSizeReadsToTheEnd(t *testing.T) {
	raw := wavFile(wavPCM, 1, 16, false, make([]byte, 2*300))
	binary.LittleEndian.PutUint32(raw[len(raw)-2*300-4:], 0) // a streaming writer's header
	path := filepath.Join(t.TempDir(), "stream.wav")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := wavRead(t, path, -1); len(got) != 300 {
		t.Fatalf("%d samples, want 300", len(got))
	}
}
