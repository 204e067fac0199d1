package blocks

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/sigmf"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// SigMFSource reads a SigMF recording (SigMF 1.x, https://sigmf.org): the
// metadata of name.sigmf-meta and the samples of name.sigmf-data, which it
// streams (it never holds the data in memory).
//
// # Stream Outputs
//
// Out: the samples, complex64 for a complex datatype (c...), float32 for a
// real one (r...). Every core datatype is read, in either byte order:
// f32 and f64 as they are; integers scaled to [-1, 1) as the SigMF
// reference library (sigmf-python) does: x/2^(b-1) for signed ones
// (i16/32768, i8/128), (x-2^(b-1))/2^(b-1) for unsigned ones (u8:
// (x-128)/128). GNU Radio's gr-sigmf divides by 32767 and 127 instead, and
// RTL-SDR tools often read cu8 as (x-127.5)/127.5: put a multiply_const or
// add_const after the source to match them exactly.
//
// # Parameters
//
// path: the recording: its base name or either of its files. repeat:
// start again at the first sample after the last (with the tags again).
// allow_short (SetAllowShort): accept a data file that ends with a partial
// sample or shrinks while being read.
//
// Init reads and checks the metadata and opens the data file; Deinit
// closes it. The metadata must be valid SigMF: a global object with
// core:datatype and core:version, a core:sample_start on every capture and
// annotation, captures sorted, and the core fields of their types (see
// blocks/internal/sigmf). Otherwise Init fails with an error wrapping
// ErrSigMF that names the file, the object and the field. It also fails on
// recordings it cannot read: several channels (core:num_channels),
// metadata only, captures with core:header_bytes, a required extension
// (core:extensions with optional false). It reads non-conforming datasets
// named by core:dataset, without their core:trailing_bytes.
//
// A data file whose size is not a whole number of samples fails Init with
// an error wrapping ErrTruncated, unless allow_short is set: the partial
// sample is then dropped. A file that shrinks while being read fails Work
// the same way, unless allow_short is set: the stream then ends there.
//
// # Tags
//
// On the sample each describes, in offset order (several on one sample in
// this order):
//
//   - rx_rate (float64, Hz): core:sample_rate, on sample 0; and where a
//     capture's flowrun:sample_rate (written by SigMFSink) changes it.
//   - rx_freq (float64, Hz): a capture's core:frequency, at its
//     core:sample_start.
//   - rx_time ([]pmt.Value{Int(seconds since 1970 UTC), Float(fraction)},
//     UHD's rx_time): a capture's core:datetime, at its core:sample_start.
//   - sigmf:annotation (SigMFAnnotationTag; map[string]pmt.Value): an
//     annotation, at its core:sample_start, with all its fields but that
//     one (core:sample_count, core:label, core:comment,
//     core:freq_lower_edge, core:freq_upper_edge, extension fields...).
//
// Captures and annotations that start past the last sample are ignored;
// the other fields of captures (core:global_index, core:geolocation, ...)
// make no tags; annotations listed out of order come sorted.
//
// # Usage
//
//	src, err := blocks.NewSigMFSource[complex64]("capture.sigmf-meta", false)
//	if err != nil { ... }
//	snk := blocks.NewTagDebug[complex64]("tags", os.Stdout)
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type SigMFSource[T sigmfItem] struct {
	Out    block.Out[T]
	base   string
	repeat bool
	short  bool // allow_short

	meta   *sigmf.Meta
	dt     sigmf.Datatype
	f      *os.File
	items  int64        // samples per pass
	left   int64        // samples left in this pass
	tags   []sigmfTag   // the tags of a pass, by sample
	next   int          // the next of tags to produce
	direct bool         // samples are read straight into the output
	buf    []byte       // raw samples to convert
	out    []buffer.Tag // the tags of a Work call
}

// sigmfTag is a tag on sample at of a pass.
type sigmfTag struct {
	at    int64
	key   string
	value any
}

// sigmfChunk is the samples SigMFSource converts (and SigMFSink encodes) at
// a time.
const sigmfChunk = 4096

// NewSigMFSource returns a source reading the recording path (read by
// Init): its base name, or its .sigmf-meta or .sigmf-data file.
func NewSigMFSource[T sigmfItem](path string, repeat bool) (*SigMFSource[T], error) {
	base, err := sigmfBase("sigmf_source", path)
	if err != nil {
		return nil, err
	}
	return &SigMFSource[T]{base: base, repeat: repeat}, nil
}

// SetAllowShort sets whether a data file that ends with a partial sample,
// or shrinks while being read, ends the stream at its last whole sample
// (true) or is an error (false, the default). Call it before Init.
func (b *SigMFSource[T]) SetAllowShort(allow bool) { b.short = allow }

// SampleRate returns the recording's core:sample_rate in Hz (0 if it has
// none, or before Init).
func (b *SigMFSource[T]) SampleRate() float64 {
	if b.meta == nil {
		return 0
	}
	return b.meta.Global.SampleRate
}

// Datatype returns the recording's core:datatype, such as "ci16_le" (""
// before Init).
func (b *SigMFSource[T]) Datatype() string {
	if b.meta == nil {
		return ""
	}
	return b.dt.String()
}

// Init reads and checks the metadata, opens the data file and checks its
// size.
func (b *SigMFSource[T]) Init(context.Context) error {
	m, metaPath, err := sigmfReadMeta(b.base)
	if err != nil {
		return fmt.Errorf("sigmf_source: %w", err)
	}
	if err := sigmfTypeCheck[T](m.Global.Datatype); err != nil {
		return fmt.Errorf("sigmf_source: %s: %w", metaPath, err)
	}
	dataPath := b.base + sigmf.DataExt
	if m.Global.Dataset != "" {
		dataPath = filepath.Join(filepath.Dir(b.base), m.Global.Dataset)
	}
	f, err := os.Open(dataPath)
	if err != nil {
		return fmt.Errorf("sigmf_source: %w", err)
	}
	if err := b.size(f, m); err != nil {
		f.Close()
		return fmt.Errorf("sigmf_source: %s: %w", dataPath, err)
	}
	b.meta, b.dt, b.f = m, m.Global.Datatype, f
	b.direct = sigmfNative(b.dt)
	if !b.direct && b.buf == nil {
		b.buf = make([]byte, sigmfChunk*b.dt.SampleSize())
	}
	b.tags = sigmfSourceTags(m, b.items)
	b.left, b.next = b.items, 0
	return nil
}

// sigmfReadMeta reads and checks the metadata of the recording base, and
// refuses what SigMFSource cannot read. It returns the metadata file's
// path; its errors name it.
func sigmfReadMeta(base string) (*sigmf.Meta, string, error) {
	path := base + sigmf.MetaExt
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, path, err
	}
	m, err := sigmf.ParseMeta(data)
	if err != nil {
		return nil, path, fmt.Errorf("%s: %w", path, err)
	}
	unsupported := func(object, field, format string, args ...any) error {
		return fmt.Errorf("%s: %w", path, &sigmf.FieldError{Object: object, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	g := m.Global
	if g.NumChannels != 1 {
		return nil, path, unsupported("global", "core:num_channels", "%d channels: only single-channel recordings are supported", g.NumChannels)
	}
	if g.MetadataOnly {
		return nil, path, unsupported("global", "core:metadata_only", "the recording has no samples (metadata only)")
	}
	for _, e := range g.Extensions {
		if !e.Optional && e.Name != sigmf.FlowrunExtension.Name {
			return nil, path, unsupported("global", "core:extensions", "extension %s %s is required (optional false) and not supported", e.Name, e.Version)
		}
	}
	for i, c := range m.Captures {
		if c.HeaderBytes > 0 {
			return nil, path, unsupported(fmt.Sprintf("captures[%d]", i), "core:header_bytes", "%d: datasets with headers between captures are not supported", c.HeaderBytes)
		}
	}
	return m, path, nil
}

// size sets the samples of a pass from the size of the data file f.
func (b *SigMFSource[T]) size(f *os.File, m *sigmf.Meta) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	dt := m.Global.Datatype
	bytes := st.Size() - m.Global.TrailingBytes
	if bytes < 0 {
		return fmt.Errorf("%d bytes, fewer than the core:trailing_bytes %d of the metadata", st.Size(), m.Global.TrailingBytes)
	}
	ss := int64(dt.SampleSize())
	if part := bytes % ss; part != 0 && !b.short {
		return fmt.Errorf("%w: %d bytes of samples is not a whole number of %d-byte %s samples (allow_short drops the partial one)",
			ErrTruncated, bytes, ss, dt)
	}
	b.items = bytes / ss
	if b.repeat && b.items == 0 {
		return errors.New("nothing to repeat")
	}
	return nil
}

// sigmfSourceTags returns the tags of the first items samples of m, in
// offset order.
func sigmfSourceTags(m *sigmf.Meta, items int64) []sigmfTag {
	var tags []sigmfTag
	add := func(at uint64, key string, value any) {
		if at < uint64(items) {
			tags = append(tags, sigmfTag{int64(at), key, value})
		}
	}
	global := m.Global.SampleRate
	rate := global
	if rate > 0 {
		add(0, sigmfRxRate, rate)
	}
	for _, c := range m.Captures {
		r := global // fields do not carry over from one capture to the next
		if f, ok := c.Fields[sigmf.FlowrunSampleRate].Float(); ok {
			r = f
		}
		if r > 0 && r != rate {
			add(c.SampleStart, sigmfRxRate, r)
			rate = r
		}
		if c.HasFrequency {
			add(c.SampleStart, sigmfRxFreq, c.Frequency)
		}
		if !c.Datetime.IsZero() {
			add(c.SampleStart, sigmfRxTime, sigmfTimeValue(c.Datetime))
		}
	}
	for _, a := range m.Annotations {
		add(a.SampleStart, SigMFAnnotationTag, pmt.Map(a.Fields).Any())
	}
	slices.SortStableFunc(tags, func(x, y sigmfTag) int { return cmp.Compare(x.at, y.at) })
	return tags
}

// Work implements block.Block.
func (b *SigMFSource[T]) Work(*block.IO) error {
	if b.f == nil {
		return errors.New("sigmf_source: not initialized")
	}
	if b.left == 0 {
		if !b.repeat {
			return block.ErrDone
		}
		if _, err := b.f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("sigmf_source: %w", err)
		}
		b.left, b.next = b.items, 0
	}
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	out = out[:min(int64(len(out)), b.left)]
	ss := b.dt.SampleSize()
	var n int
	var err error
	if b.direct {
		var k int
		k, err = io.ReadFull(b.f, sourcesBytes(out))
		n = k / ss
	} else {
		out = out[:min(len(out), sigmfChunk)]
		var k int
		k, err = io.ReadFull(b.f, b.buf[:len(out)*ss])
		n = k / ss
		b.dt.Decode(sigmfFloats(out[:n]), b.buf[:n*ss])
	}
	pos := b.items - b.left // of out[0]
	b.out = b.out[:0]
	for ; b.next < len(b.tags) && b.tags[b.next].at < pos+int64(n); b.next++ {
		t := b.tags[b.next]
		b.out = append(b.out, buffer.Tag{Offset: b.Out.Offset() + uint64(t.at-pos), Key: t.key, Value: t.value})
	}
	b.Out.Produce(n, b.out...)
	b.left -= int64(n)
	switch {
	case (err == io.EOF || err == io.ErrUnexpectedEOF) && !b.short:
		return fmt.Errorf("sigmf_source: %s: %w: the data ended after %d of %d samples (it shrank while being read; allow_short accepts this)",
			b.f.Name(), ErrTruncated, b.items-b.left, b.items)
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return block.ErrDone
	case err != nil:
		return fmt.Errorf("sigmf_source: %w", err)
	case b.left == 0 && !b.repeat:
		return block.ErrDone
	}
	return nil
}

// Deinit closes the data file.
func (b *SigMFSource[T]) Deinit() error {
	if b.f == nil {
		return nil
	}
	err := b.f.Close()
	b.f = nil
	return err
}

func sigmfSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "sigmf_source",
		Doc: "reads a SigMF recording (.sigmf-meta and .sigmf-data), captures and annotations as tags",
		Params: []registry.Param{
			{Name: "type", Type: registry.ParamString, Default: "auto", Allowed: []string{"auto", TypeComplex64, TypeFloat32},
				Doc: "item type of the output: complex64 for complex datatypes, float32 for real ones; auto reads the metadata when the block is built"},
			{Name: "path", Type: registry.ParamString, Doc: "the recording: its base name, or its .sigmf-meta or .sigmf-data file"},
			{Name: "repeat", Type: registry.ParamBool, Default: false, Doc: "start again after the last sample, with the tags again"},
			{Name: "allow_short", Type: registry.ParamBool, Default: false,
				Doc: "a data file that ends with a partial sample, or shrinks while being read, ends the stream at its last whole sample instead of failing"}},
		New: func(p registry.Params) (block.Block, error) {
			typ := p.String("type")
			if typ == "auto" {
				base, err := sigmfBase("sigmf_source", p.String("path"))
				if err != nil {
					return nil, err
				}
				m, _, err := sigmfReadMeta(base)
				if err != nil {
					return nil, fmt.Errorf("sigmf_source: %w", err)
				}
				typ = TypeFloat32
				if m.Global.Datatype.Complex {
					typ = TypeComplex64
				}
			}
			if typ == TypeComplex64 {
				return sigmfSourceFromParams[complex64](p)
			}
			return sigmfSourceFromParams[float32](p)
		},
	}
}

func sigmfSourceFromParams[T sigmfItem](p registry.Params) (block.Block, error) {
	b, err := NewSigMFSource[T](p.String("path"), p.Bool("repeat"))
	if err != nil {
		return nil, err
	}
	b.SetAllowShort(p.Bool("allow_short"))
	return b, nil
}
