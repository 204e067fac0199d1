package blocks

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// WavSink writes float32 samples to a 16-bit PCM WAV file.
//
// # Stream Inputs
//
// In: float32 samples in [-1, 1), channels interleaved frame by frame.
// Each is written as round(x·32768) clipped to [-32768, 32767], so that a
// WavSource reads it back within 1/65536 (inside the clipping range).
//
// # Parameters
//
// path: the file (created or truncated). sample_rate (Hz). channels.
//
// The file is opened by Init with a header of unknown sizes; writes are
// buffered; Deinit flushes, writes the RIFF and data sizes into the header
// and closes it. A trailing partial frame is dropped. Files stop at 4 GiB
// of data (the format's limit): Work then fails. After a failed write (a
// full disk), Deinit keeps the whole frames that reached the file, cuts a
// partial one and writes their count into the header: the file is a valid
// WAV of what was written.
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	snk, err := blocks.NewWavSink("tone.wav", 48000, 1)
//	if err != nil { ... }
//	src, _ := blocks.NewSignalSource[float32](blocks.SignalConfig{Waveform: blocks.Sine, Frequency: 440, SampleRate: 48000, Amplitude: 0.5})
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type WavSink struct {
	In       block.In[float32]
	path     string
	rate     int
	channels int
	f        *os.File
	w        *bufio.Writer
	out      *countWriter // under w: what reached the file
	data     int64        // bytes of samples written
	buf      []byte
	wrap     func(io.Writer) io.Writer // tests: a writer between w and the file
}

// wavHeaderSize is the size of the header WavSink writes.
const wavHeaderSize = 44

// NewWavSink returns a sink writing path (created by Init) at rate Hz with
// channels interleaved channels.
func NewWavSink(path string, rate, channels int) (*WavSink, error) {
	if path == "" {
		return nil, fmt.Errorf("%w: wav_sink: empty path", block.ErrBadParam)
	}
	if r, c := int64(rate), int64(channels); r < 1 || c < 1 || c > math.MaxUint16 || r*c*2 > math.MaxUint32 {
		return nil, fmt.Errorf("%w: wav_sink: sample rate %d Hz and %d channels out of range", block.ErrBadParam, rate, channels)
	}
	b := &WavSink{path: path, rate: rate, channels: channels, buf: make([]byte, 2*wavFrames*channels)}
	b.In.SetMinItems(channels)
	return b, nil
}

// Init creates the file and writes a header.
func (b *WavSink) Init(context.Context) error {
	f, err := os.Create(b.path)
	if err != nil {
		return fmt.Errorf("wav_sink: %w", err)
	}
	b.f, b.data = f, 0
	b.w, b.out = sinkWriter(f, b.wrap)
	if _, err := b.w.Write(b.header()); err != nil {
		return fmt.Errorf("wav_sink: %w", err)
	}
	return nil
}

// header returns the 44-byte PCM header for the data written so far.
func (b *WavSink) header() []byte {
	h := make([]byte, 0, wavHeaderSize)
	le := binary.LittleEndian
	h = append(h, "RIFF"...)
	h = le.AppendUint32(h, uint32(wavHeaderSize-8+b.data))
	h = append(h, "WAVEfmt "...)
	h = le.AppendUint32(h, 16)
	h = le.AppendUint16(h, wavPCM)
	h = le.AppendUint16(h, uint16(b.channels))
	h = le.AppendUint32(h, uint32(b.rate))
	h = le.AppendUint32(h, uint32(b.rate*b.channels*2))
	h = le.AppendUint16(h, uint16(b.channels*2))
	h = le.AppendUint16(h, 16)
	h = append(h, "data"...)
	return le.AppendUint32(h, uint32(b.data))
}

// Work implements block.Block.
func (b *WavSink) Work(*block.IO) error {
	if b.f == nil {
		return errors.New("wav_sink: not initialized")
	}
	in := b.In.Slice()
	n := len(in) / b.channels * b.channels
	if n == 0 {
		return b.In.Idle()
	}
	if b.data+2*int64(n) > math.MaxUint32-(wavHeaderSize-8) {
		return errors.New("wav_sink: file would exceed the 4 GiB limit of WAV")
	}
	for done := 0; done < n; {
		m := min(n-done, len(b.buf)/2)
		for i, x := range in[done : done+m] {
			v := math.Round(float64(x) * (1 << 15))
			if v != v { // NaN
				v = 0
			}
			binary.LittleEndian.PutUint16(b.buf[2*i:], uint16(int16(max(min(v, math.MaxInt16), math.MinInt16))))
		}
		if _, err := b.w.Write(b.buf[:2*m]); err != nil {
			return fmt.Errorf("wav_sink: %w", err)
		}
		done += m
	}
	b.data += 2 * int64(n)
	b.In.Consume(n)
	return nil
}

// Deinit flushes the samples, writes the sizes into the header and closes
// the file. After a failed write it writes the header of the whole frames
// on disk, and returns the write's error.
func (b *WavSink) Deinit() error {
	if b.f == nil {
		return nil
	}
	err := b.w.Flush()
	if err != nil {
		// Rewriting the header needs no new room on a full disk; cutting a
		// partial frame frees some.
		frame := int64(2 * b.channels)
		onDisk := max(b.out.n-wavHeaderSize, 0)
		b.data = onDisk / frame * frame
		if b.data != onDisk {
			err = errors.Join(err, b.f.Truncate(wavHeaderSize+b.data))
		}
	}
	if _, herr := b.f.WriteAt(b.header(), 0); herr != nil {
		err = errors.Join(err, herr)
	}
	err = errors.Join(err, b.f.Close())
	b.f, b.w, b.out = nil, nil, nil
	if err != nil {
		return fmt.Errorf("wav_sink: %w", err)
	}
	return nil
}

func wavSinkSpec() registry.Spec {
	return registry.Spec{
		ID:  "wav_sink",
		Doc: "writes float32 samples to a 16-bit PCM WAV file",
		Params: []registry.Param{
			{Name: "path", Type: registry.ParamString, Doc: "file to write (created or truncated)"},
			{Name: "sample_rate", Type: registry.ParamInt, Default: 48000, Unit: "Hz", Min: registry.Bound(1), Max: registry.Bound(math.MaxUint32), Doc: "sample rate"},
			{Name: "channels", Type: registry.ParamInt, Default: 1, Min: registry.Bound(1), Max: registry.Bound(math.MaxUint16), Doc: "interleaved channels"}},
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewWavSink(p.String("path"), p.Int("sample_rate"), p.Int("channels")))
		},
	}
}
