package blocks

import (
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

// WavSource reads a WAV file (PCM 8, 16, 24 or 32 bits, or IEEE float 32
// or 64 bits, plain or WAVE_FORMAT_EXTENSIBLE) as float32 samples in [-1, 1).
//
// # Stream Outputs
//
// Out: float32 samples; PCM is scaled by 1/2^(bits-1) (8-bit PCM, which
// is unsigned, is centred first). With channel -1 every channel is
// produced, interleaved frame by frame; otherwise only that channel.
//
// # Parameters
//
// path: the file. channel: the channel to read (0-based), -1 for all
// interleaved. repeat: start again at the first frame after the last.
// allow_short (SetAllowShort): accept a file that ends early.
//
// The file is opened and its header read by Init (SampleRate and Channels
// are valid from then on); Deinit closes it.
//
// The frames to read are those the header gives, or, when it leaves the
// size unset (0 or 0xFFFFFFFF, as streaming writers do), those in the file
// when Init opened it. If the data ends before them (a file cut short, or
// one that shrank while being read), Work fails with an error wrapping
// ErrTruncated that names the file and the counts, unless allow_short is
// set: the stream then ends with the last whole frame of the file.
//
// # Tags
//
// None are produced.
//
// # Usage
//
//	src, err := blocks.NewWavSource("speech.wav", 0, false)
//	if err != nil { ... }
//	snk := blocks.NewVectorSink[float32]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type WavSource struct {
	Out     block.Out[float32]
	path    string
	channel int
	repeat  bool

	f          *os.File
	channels   int
	rate       int
	sampleSize int // bytes per sample
	frameSize  int // bytes per frame
	decode     func(b []byte) float32
	dataStart  int64
	frames     int64 // frames in the file
	left       int64 // frames left in this pass
	buf        []byte
	short      bool // allow_short
}

// NewWavSource returns a source reading channel (-1: all, interleaved) of
// the WAV file path (opened by Init).
func NewWavSource(path string, channel int, repeat bool) (*WavSource, error) {
	if path == "" {
		return nil, fmt.Errorf("%w: wav_source: empty path", block.ErrBadParam)
	}
	if channel < -1 {
		return nil, fmt.Errorf("%w: wav_source: channel %d: want -1 (all) or a channel number", block.ErrBadParam, channel)
	}
	return &WavSource{path: path, channel: channel, repeat: repeat}, nil
}

// SampleRate returns the file's sample rate in Hz (0 before Init).
func (b *WavSource) SampleRate() int { return b.rate }

// Channels returns the file's number of channels (0 before Init).
func (b *WavSource) Channels() int { return b.channels }

// SetAllowShort sets whether a file whose data ends before the frames its
// header gives (or, with the size unset, the frames it had when opened)
// ends the stream (true) or is an error (false, the default). Call it
// before Init.
func (b *WavSource) SetAllowShort(allow bool) { b.short = allow }

// Init opens the file and reads its header. It returns ctx's error if ctx
// is done before the file opens (a FIFO without a writer).
func (b *WavSource) Init(ctx context.Context) error {
	f, err := openRead(ctx, b.path)
	if err != nil {
		return fmt.Errorf("wav_source: %w", err)
	}
	if err := b.readHeader(f); err != nil {
		f.Close()
		return fmt.Errorf("wav_source: %s: %w", b.path, err)
	}
	b.f = f
	b.buf = make([]byte, wavFrames*b.frameSize)
	return nil
}

func (b *WavSource) readHeader(f *os.File) error {
	var riff [12]byte
	if _, err := io.ReadFull(f, riff[:]); err != nil {
		return fmt.Errorf("reading RIFF header: %w", err)
	}
	if string(riff[0:4]) != "RIFF" || string(riff[8:12]) != "WAVE" {
		return errors.New("not a RIFF/WAVE file")
	}
	pos := int64(12)
	haveFmt := false
	format, bits := 0, 0
	for {
		var ch [8]byte
		if _, err := io.ReadFull(f, ch[:]); err != nil {
			return fmt.Errorf("no data chunk: %w", err)
		}
		pos += 8
		id, size := string(ch[0:4]), int64(binary.LittleEndian.Uint32(ch[4:8]))
		switch id {
		case "fmt ":
			if size < 16 {
				return fmt.Errorf("fmt chunk of %d bytes", size)
			}
			var fm [40]byte
			n := min(size, int64(len(fm)))
			if _, err := io.ReadFull(f, fm[:n]); err != nil {
				return fmt.Errorf("reading fmt chunk: %w", err)
			}
			format = int(binary.LittleEndian.Uint16(fm[0:2]))
			b.channels = int(binary.LittleEndian.Uint16(fm[2:4]))
			b.rate = int(binary.LittleEndian.Uint32(fm[4:8]))
			b.frameSize = int(binary.LittleEndian.Uint16(fm[12:14]))
			bits = int(binary.LittleEndian.Uint16(fm[14:16]))
			if format == wavExtensible {
				if n < 26 {
					return errors.New("short WAVE_FORMAT_EXTENSIBLE fmt chunk")
				}
				format = int(binary.LittleEndian.Uint16(fm[24:26])) // first bytes of the subformat GUID
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return errors.New("data chunk before fmt chunk")
			}
			return b.setData(f, format, bits, pos, size)
		}
		pos += size + size&1 // chunks are padded to even sizes
		if _, err := f.Seek(pos, io.SeekStart); err != nil {
			return err
		}
	}
}

func (b *WavSource) setData(f *os.File, format, bits int, pos, size int64) error {
	switch {
	case format == wavPCM && bits == 8:
		b.decode = func(p []byte) float32 { return (float32(p[0]) - 128) / 128 }
	case format == wavPCM && bits == 16:
		b.decode = func(p []byte) float32 { return float32(int16(binary.LittleEndian.Uint16(p))) / (1 << 15) }
	case format == wavPCM && bits == 24:
		b.decode = func(p []byte) float32 {
			return float32(int32(uint32(p[0])<<8|uint32(p[1])<<16|uint32(p[2])<<24)>>8) / (1 << 23)
		}
	case format == wavPCM && bits == 32:
		b.decode = func(p []byte) float32 { return float32(int32(binary.LittleEndian.Uint32(p))) / (1 << 31) }
	case format == wavFloat && bits == 32:
		b.decode = func(p []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(p)) }
	case format == wavFloat && bits == 64:
		b.decode = func(p []byte) float32 { return float32(math.Float64frombits(binary.LittleEndian.Uint64(p))) }
	default:
		return fmt.Errorf("unsupported format %d with %d bits per sample (want PCM 8/16/24/32 or float 32/64)", format, bits)
	}
	b.sampleSize = bits / 8
	if b.channels < 1 || b.frameSize != b.channels*b.sampleSize {
		return fmt.Errorf("inconsistent header: %d channels, %d bytes per frame, %d bits per sample", b.channels, b.frameSize, bits)
	}
	if b.channel >= b.channels {
		return fmt.Errorf("%w: channel %d of a file with %d channels", block.ErrBadParam, b.channel, b.channels)
	}
	st, err := f.Stat()
	if err != nil {
		return err
	}
	avail := max(st.Size()-pos, 0)
	if size == 0 || size == math.MaxUint32 || size > avail && (b.short || !st.Mode().IsRegular()) {
		size = avail // unset by a streaming writer, or short and accepted (allow_short, pipes)
	}
	b.dataStart, b.frames = pos, size/int64(b.frameSize)
	b.left = b.frames
	if b.repeat && b.frames == 0 {
		return errors.New("nothing to repeat")
	}
	return nil
}

// Work implements block.Block.
func (b *WavSource) Work(*block.IO) error {
	if b.f == nil {
		return errors.New("wav_source: not initialized")
	}
	if b.left == 0 {
		if !b.repeat {
			return block.ErrDone
		}
		if _, err := b.f.Seek(b.dataStart, io.SeekStart); err != nil {
			return fmt.Errorf("wav_source: %w", err)
		}
		b.left = b.frames
	}
	out := b.Out.Slice()
	per := 1
	if b.channel < 0 {
		per = b.channels
	}
	frames := min(int64(len(out)/per), int64(wavFrames), b.left)
	if frames == 0 {
		return nil
	}
	k, err := io.ReadFull(b.f, b.buf[:frames*int64(b.frameSize)])
	got := k / b.frameSize
	ss, fs := b.sampleSize, b.frameSize
	if b.channel < 0 {
		for i := range got * per {
			out[i] = b.decode(b.buf[i*ss:])
		}
	} else {
		at := b.channel * ss
		for i := range got {
			out[i] = b.decode(b.buf[i*fs+at:])
		}
	}
	b.Out.Produce(got * per)
	b.left -= int64(got)
	switch {
	case (err == io.EOF || err == io.ErrUnexpectedEOF) && !b.short:
		return fmt.Errorf("wav_source: %s: %w: the data ended after %d of %d frames (allow_short accepts this)",
			b.path, ErrTruncated, b.frames-b.left, b.frames)
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return block.ErrDone
	case err != nil:
		return fmt.Errorf("wav_source: %w", err)
	case b.left == 0 && !b.repeat:
		return block.ErrDone
	}
	return nil
}

// Deinit closes the file.
func (b *WavSource) Deinit() error {
	if b.f == nil {
		return nil
	}
	err := b.f.Close()
	b.f = nil
	return err
}

func wavSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "wav_source",
		Doc: "reads a WAV file (PCM or float) as float32 samples",
		Params: []registry.Param{
			{Name: "path", Type: registry.ParamString, Doc: "file to read"},
			{Name: "channel", Type: registry.ParamInt, Default: -1, Min: registry.Bound(-1), Doc: "channel to read (0-based), -1 for all interleaved"},
			{Name: "repeat", Type: registry.ParamBool, Default: false, Doc: "start again after the last frame"},
			{Name: "allow_short", Type: registry.ParamBool, Default: false,
				Doc: "data that ends before the frames the header gives (or the file had when opened) ends the stream instead of failing"}},
		New: func(p registry.Params) (block.Block, error) {
			b, err := NewWavSource(p.String("path"), p.Int("channel"), p.Bool("repeat"))
			if err != nil {
				return nil, err
			}
			b.SetAllowShort(p.Bool("allow_short"))
			return b, nil
		},
	}
}
