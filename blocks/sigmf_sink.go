package blocks

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/sigmf"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// SigMFSinkConfig is the metadata of a recording SigMFSink writes.
type SigMFSinkConfig struct {
	// Datatype is the core:datatype of the samples: "" for cf32_le
	// (complex64 items) or rf32_le (float32 items); any core datatype of
	// the items' kind (c... for complex64, r... for float32).
	Datatype string
	// SampleRate (Hz) is core:sample_rate, unless an rx_rate tag on the
	// first item gives it; 0 if unknown.
	SampleRate float64
	// Frequency (Hz) is the first capture's core:frequency, unless an
	// rx_freq tag on the first item gives it; 0 if unknown (then omitted).
	Frequency float64
	// Description and Author are core:description and core:author
	// (omitted if empty).
	Description, Author string
	// AnnotateTags makes an annotation of every tag other than rx_rate,
	// rx_freq, rx_time and sigmf:annotation (see SigMFSink).
	AnnotateTags bool
}

// SigMFSink writes its input as a SigMF 1.2 recording: the samples to
// name.sigmf-data while running, the metadata to name.sigmf-meta.
//
// # Stream Inputs
//
// In: the samples, complex64 for a complex datatype (c...), float32 for a
// real one (r...). f32 and f64 are written as they are. Integers are
// written as round(x·2^(b-1)), or that plus 2^(b-1) for unsigned ones
// (cu8: round(x·128)+128), rounded half to even and clipped to the type's
// range: i16 x·32768 in [-32768, 32767], i8 x·128 in [-128, 127], u8 in
// [0, 255]; NaN as 0. SigMFSource reads them back within half a step
// (2^-b) inside [-1, 1-2^(1-b)]; +1 clips to 1-2^(1-b) (32767/32768 for
// i16).
//
// # Parameters
//
// path: the recording: its base name, or either of its files, created or
// truncated. datatype, sample_rate (Hz), frequency (Hz), description,
// author, annotate_tags: see SigMFSinkConfig.
//
// Init creates the data file and writes a first .sigmf-meta (the global
// object and a capture at sample 0), so that a recording cut short by a
// crash still opens. Writes are buffered (64 KiB). Deinit flushes them,
// closes the data file and writes the full .sigmf-meta (through a
// temporary file renamed over it): the recording is complete once the
// graph's Run returns. After a failed write (a full disk), Deinit cuts a
// partial sample from the end of the data file and writes the metadata of
// the samples on disk.
//
// The metadata has the global core:datatype, core:version (1.2.0),
// core:recorder ("flowrun"), core:sample_rate (if known), core:description
// and core:author (if set); a capture at sample 0 with core:frequency (if
// known), and a new capture wherever the tags below change it; and an
// annotation for each annotation tag, in offset order.
//
// # Tags
//
//   - rx_freq (a number, Hz): where it changes, a new capture with that
//     core:frequency.
//   - rx_rate (a number, Hz): on the first item, core:sample_rate. Where it
//     changes later, a new capture holding the new rate as
//     flowrun:sample_rate (SigMF has one rate per recording; flowrun is
//     then declared in core:extensions as optional).
//   - rx_time (UHD's [seconds, fraction] pair, seconds as one number, an
//     RFC 3339 string or a time.Time): a new capture with that
//     core:datetime. A capture started by another change has none.
//   - sigmf:annotation (SigMFAnnotationTag): an annotation at the item,
//     with the fields of the tag's map value (map[string]pmt.Value, as
//     SigMFSource makes them, or map[string]any; core:sample_start is the
//     item's index). Another value becomes an annotation with that value
//     as core:comment. Core fields of the wrong type are dropped.
//   - any other tag, if annotate_tags is set: an annotation of one sample
//     (core:sample_count 1) with the key as core:label and the value as
//     core:comment (a string as it is, another value formatted as a
//     message). Otherwise other tags are ignored.
//
// Several tags on one item make one capture; a capture carries the
// frequency and rate of the one before it unless a tag changes them.
// Values of the wrong type are ignored.
//
// # Usage
//
//	snk, err := blocks.NewSigMFSink[complex64]("capture", blocks.SigMFSinkConfig{Datatype: "ci16_le", SampleRate: 2.4e6, Frequency: 100e6})
//	if err != nil { ... }
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type SigMFSink[T sigmfItem] struct {
	In     block.In[T]
	base   string
	cfg    SigMFSinkConfig
	dt     sigmf.Datatype
	direct bool // samples are written as they are in memory

	f           *os.File
	w           *bufio.Writer
	out         *countWriter // under w: what reached the file
	buf         []byte       // encoded samples
	written     uint64       // samples handed to w
	captures    []sigmfSegment
	cur         sigmfSegment // the capture the next sample belongs to
	annotations []sigmf.Annotation
	wrap        func(io.Writer) io.Writer // tests: a writer between w and the file
}

// sigmfSegment is a capture SigMFSink writes.
type sigmfSegment struct {
	start   uint64
	freq    float64
	hasFreq bool
	rate    float64   // Hz; 0 if unknown
	time    time.Time // of sample start; zero if unknown
}

// NewSigMFSink returns a sink writing the recording path (created by
// Init): its base name, or its .sigmf-meta or .sigmf-data file.
func NewSigMFSink[T sigmfItem](path string, cfg SigMFSinkConfig) (*SigMFSink[T], error) {
	base, err := sigmfBase("sigmf_sink", path)
	if err != nil {
		return nil, err
	}
	if cfg.Datatype == "" {
		cfg.Datatype = "rf32_le"
		if sigmfComplex[T]() {
			cfg.Datatype = "cf32_le"
		}
	}
	dt, err := sigmf.ParseDatatype(cfg.Datatype)
	if err != nil {
		return nil, fmt.Errorf("%w: sigmf_sink: datatype %v", block.ErrBadParam, err)
	}
	if err := sigmfTypeCheck[T](dt); err != nil {
		return nil, fmt.Errorf("sigmf_sink: %w", err)
	}
	if r := cfg.SampleRate; !(r >= 0 && r <= 1e12) {
		return nil, fmt.Errorf("%w: sigmf_sink: sample rate %v Hz: want 0 (unknown) to 1e12", block.ErrBadParam, r)
	}
	if f := cfg.Frequency; !(math.Abs(f) <= 1e12) {
		return nil, fmt.Errorf("%w: sigmf_sink: frequency %v Hz: want -1e12 to 1e12", block.ErrBadParam, f)
	}
	b := &SigMFSink[T]{base: base, cfg: cfg, dt: dt, direct: sigmfNative(dt)}
	if !b.direct {
		b.buf = make([]byte, sigmfChunk*dt.SampleSize())
	}
	return b, nil
}

// Init creates the data file and writes a first metadata file.
func (b *SigMFSink[T]) Init(context.Context) error {
	f, err := os.Create(b.base + sigmf.DataExt)
	if err != nil {
		return fmt.Errorf("sigmf_sink: %w", err)
	}
	b.f, b.written = f, 0
	b.w, b.out = sinkWriter(f, b.wrap)
	b.captures, b.annotations = nil, nil
	b.cur = sigmfSegment{freq: b.cfg.Frequency, hasFreq: b.cfg.Frequency != 0, rate: b.cfg.SampleRate}
	if err := b.writeMeta(0); err != nil {
		f.Close()
		b.f = nil
		return fmt.Errorf("sigmf_sink: %w", err)
	}
	return nil
}

// Work implements block.Block.
func (b *SigMFSink[T]) Work(*block.IO) error {
	if b.f == nil {
		return errors.New("sigmf_sink: not initialized")
	}
	in := b.In.Slice()
	if len(in) == 0 {
		return b.In.Idle()
	}
	first := b.In.Offset() // of in[0], the sample at index b.written
	for _, t := range b.In.Tags() {
		b.tag(b.written+(t.Offset-first), t)
	}
	if b.direct {
		if _, err := b.w.Write(sourcesBytes(in)); err != nil {
			return fmt.Errorf("sigmf_sink: %w", err)
		}
	} else {
		cs := b.dt.Format.Size()
		comps := sigmfFloats(in)
		for done := 0; done < len(comps); {
			k := b.dt.Encode(b.buf, comps[done:])
			if _, err := b.w.Write(b.buf[:k*cs]); err != nil {
				return fmt.Errorf("sigmf_sink: %w", err)
			}
			done += k
		}
	}
	b.written += uint64(len(in))
	b.In.Consume(len(in))
	return nil
}

// tag applies the tag t on sample i (see the Tags section).
func (b *SigMFSink[T]) tag(i uint64, t buffer.Tag) {
	switch t.Key {
	case sigmfRxFreq:
		if f, ok := sigmfNumber(t.Value); ok && math.Abs(f) <= 1e12 && (!b.cur.hasFreq || f != b.cur.freq) {
			s := b.segmentAt(i)
			s.freq, s.hasFreq = f, true
		}
	case sigmfRxRate:
		if r, ok := sigmfNumber(t.Value); ok && r > 0 && r <= 1e12 && r != b.cur.rate {
			b.segmentAt(i).rate = r
		}
	case sigmfRxTime:
		if tm, ok := sigmfTime(t.Value); ok && tm.UTC().Year() >= 0 && tm.UTC().Year() <= 9999 {
			b.segmentAt(i).time = tm
		}
	case SigMFAnnotationTag:
		b.annotate(i, sigmfAnnotationFields(t.Value))
	default:
		if b.cfg.AnnotateTags {
			comment, ok := t.Value.(string)
			if !ok {
				comment = sigmfText(t.Value)
			}
			b.annotate(i, map[string]pmt.Value{"core:label": pmt.String(t.Key), "core:comment": pmt.String(comment),
				"core:sample_count": pmt.Int(1)})
		}
	}
}

// segmentAt returns the capture starting at sample i: the current one if
// it starts there, else a new one that carries its frequency and rate on
// (not its time, which is only known where an rx_time tag gives it).
func (b *SigMFSink[T]) segmentAt(i uint64) *sigmfSegment {
	if i == b.cur.start {
		return &b.cur
	}
	next := b.cur
	next.start, next.time = i, time.Time{}
	b.captures = append(b.captures, b.cur)
	b.cur = next
	return &b.cur
}

// annotate adds an annotation with fields on sample i, dropping the core
// fields whose types SigMF refuses.
func (b *SigMFSink[T]) annotate(i uint64, fields map[string]pmt.Value) {
	for range len(fields) + 1 {
		a, err := sigmf.NewAnnotation(i, fields)
		var fe *sigmf.FieldError
		if err == nil {
			b.annotations = append(b.annotations, a)
			return
		}
		if !errors.As(err, &fe) || fe.Field == "" {
			return
		}
		delete(fields, fe.Field)
	}
}

// sigmfAnnotationFields returns the fields of the annotation a
// sigmf:annotation tag value stands for (a copy: the sink changes it).
func sigmfAnnotationFields(v any) map[string]pmt.Value {
	pv, err := pmt.FromAny(v)
	if err != nil {
		return map[string]pmt.Value{"core:comment": pmt.String(sigmfText(v))}
	}
	if m, ok := pv.Map(); ok {
		fields := make(map[string]pmt.Value, len(m))
		for k, e := range m {
			fields[k] = e
		}
		return fields
	}
	if s, ok := pv.Str(); ok {
		return map[string]pmt.Value{"core:comment": pmt.String(s)}
	}
	return map[string]pmt.Value{"core:comment": pmt.String(pv.String())}
}

// sigmfText formats a tag value as a comment: as a message, or with %v if
// it is none.
func sigmfText(v any) string {
	if pv, err := pmt.FromAny(v); err == nil {
		return pv.String()
	}
	return fmt.Sprint(v)
}

// Deinit flushes the samples, closes the data file and writes the
// metadata. After a failed write it cuts a partial sample from the end of
// the data file, writes the metadata of the samples on disk and returns
// the write's error.
func (b *SigMFSink[T]) Deinit() error {
	if b.f == nil {
		return nil
	}
	err := b.w.Flush()
	ss := int64(b.dt.SampleSize())
	samples := uint64(b.out.n / ss)
	if err != nil {
		if part := b.out.n % ss; part != 0 {
			err = errors.Join(err, b.f.Truncate(b.out.n-part))
		}
	}
	err = errors.Join(err, b.f.Close(), b.writeMeta(samples))
	b.f, b.w, b.out = nil, nil, nil
	if err != nil {
		return fmt.Errorf("sigmf_sink: %w", err)
	}
	return nil
}

// writeMeta writes the metadata of the first samples samples.
func (b *SigMFSink[T]) writeMeta(samples uint64) error {
	segs := append(b.captures[:len(b.captures):len(b.captures)], b.cur)
	m := &sigmf.Meta{Global: sigmf.Global{
		Datatype: b.dt, Version: sigmf.Version, SampleRate: segs[0].rate, NumChannels: 1,
		Fields: map[string]pmt.Value{"core:recorder": pmt.String("flowrun")},
	}}
	if b.cfg.Description != "" {
		m.Global.Fields["core:description"] = pmt.String(b.cfg.Description)
	}
	if b.cfg.Author != "" {
		m.Global.Fields["core:author"] = pmt.String(b.cfg.Author)
	}
	for i, s := range segs {
		if i > 0 && s.start >= samples {
			break // a capture of samples that never reached the file
		}
		c := sigmf.Capture{SampleStart: s.start, Frequency: s.freq, HasFrequency: s.hasFreq, Datetime: s.time,
			Fields: map[string]pmt.Value{}}
		if s.rate > 0 && s.rate != m.Global.SampleRate {
			c.Fields[sigmf.FlowrunSampleRate] = pmt.Float(s.rate)
			m.Global.Extensions = []sigmf.Extension{sigmf.FlowrunExtension}
		}
		m.Captures = append(m.Captures, c)
	}
	for _, a := range b.annotations {
		if a.SampleStart < samples {
			m.Annotations = append(m.Annotations, a)
		}
	}
	data, err := m.Marshal()
	if err != nil {
		return err
	}
	path := b.base + sigmf.MetaExt
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func sigmfSinkSpec() registry.Spec {
	return registry.Spec{
		ID:  "sigmf_sink",
		Doc: "writes a SigMF recording (.sigmf-data while running, .sigmf-meta at the end), tags as captures and annotations",
		Params: []registry.Param{typeParam(TypeComplex64, TypeComplex64, TypeFloat32),
			{Name: "path", Type: registry.ParamString, Doc: "the recording: its base name, or its .sigmf-meta or .sigmf-data file (created or truncated)"},
			{Name: "datatype", Type: registry.ParamString, Default: "",
				Doc: "core:datatype of the file: empty for cf32_le (complex64) or rf32_le (float32); any c... (complex64) or r... (float32) datatype, integers scaled by 2^(bits-1) and clipped"},
			{Name: "sample_rate", Type: registry.ParamFloat, Default: 0.0, Unit: "Hz", Min: registry.Bound(0), Max: registry.Bound(1e12),
				Doc: "core:sample_rate, unless an rx_rate tag on the first item gives it; 0 if unknown"},
			{Name: "frequency", Type: registry.ParamFloat, Default: 0.0, Unit: "Hz", Min: registry.Bound(-1e12), Max: registry.Bound(1e12),
				Doc: "core:frequency of the first capture, unless an rx_freq tag on the first item gives it; 0 if unknown"},
			{Name: "description", Type: registry.ParamString, Default: "", Doc: "core:description (omitted if empty)"},
			{Name: "author", Type: registry.ParamString, Default: "", Doc: "core:author (omitted if empty)"},
			{Name: "annotate_tags", Type: registry.ParamBool, Default: false,
				Doc: "tags other than rx_rate, rx_freq, rx_time and sigmf:annotation become one-sample annotations (key as core:label, value as core:comment)"}},
		New: func(p registry.Params) (block.Block, error) {
			cfg := SigMFSinkConfig{Datatype: p.String("datatype"), SampleRate: p.Float("sample_rate"), Frequency: p.Float("frequency"),
				Description: p.String("description"), Author: p.String("author"), AnnotateTags: p.Bool("annotate_tags")}
			if p.String("type") == TypeFloat32 {
				return asBlock(NewSigMFSink[float32](p.String("path"), cfg))
			}
			return asBlock(NewSigMFSink[complex64](p.String("path"), cfg))
		},
	}
}
