package blocks

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/block/blocktest"
)

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
