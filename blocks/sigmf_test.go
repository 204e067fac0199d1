package blocks

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks/internal/sigmf"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/pmt"
)

// sigmfWriteFiles writes a recording by hand and returns its base name.
func sigmfWriteFiles(t *testing.T, dir, name, meta string, data []byte) string {
	t.Helper()
	base := filepath.Join(dir, name)
	if err := os.WriteFile(base+".sigmf-meta", []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	if data != nil {
		if err := os.WriteFile(base+".sigmf-data", data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return base
}

// sigmfReadAll reads the recording path with a SigMFSource run alone
// through a small output buffer.
func sigmfReadAll[T sigmfItem](t *testing.T, path string) ([]T, []buffer.Tag) {
	t.Helper()
	src, err := NewSigMFSource[T](path, false)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.RunWith(src, blocktest.Options{OutputItems: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return outs[0].Items.([]T), outs[0].Tags
}

// sigmfRecord writes items and tags with a SigMFSink run alone.
func sigmfRecord[T sigmfItem](t *testing.T, path string, cfg SigMFSinkConfig, items []T, tags ...buffer.Tag) {
	t.Helper()
	snk, err := NewSigMFSink[T](path, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := blocktest.Run(snk, blocktest.Stream{Items: items, Tags: tags}); err != nil {
		t.Fatal(err)
	}
}

// sigmfJSON reads a .sigmf-meta file as plain JSON.
func sigmfJSON(t *testing.T, base string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(base + ".sigmf-meta")
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return top
}

func sigmfAnn(fields map[string]pmt.Value) any { return pmt.Map(fields).Any() }

func TestSigMFSourceReadsTheSpecExample(t *testing.T) {
	want := []complex64{1, 1i, -1, -1i} // example.sigmf-data, written by hand
	wantTags := []buffer.Tag{{Offset: 0, Key: "rx_rate", Value: 1e6}, {Offset: 0, Key: "rx_freq", Value: 915e6}}
	for _, path := range []string{"testdata/sigmf/example", "testdata/sigmf/example.sigmf-meta", "testdata/sigmf/example.sigmf-data"} {
		got, tags := sigmfReadAll[complex64](t, path)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
		if !reflect.DeepEqual(tags, wantTags) {
			t.Errorf("%s: tags %v, want %v", path, tags, wantTags)
		}
	}
	src, err := NewRegistry().Build("sigmf_source", map[string]any{"path": "testdata/sigmf/example"})
	if err != nil {
		t.Fatal(err)
	}
	s, ok := src.(*SigMFSource[complex64])
	if !ok {
		t.Fatalf("type auto built a %T", src)
	}
	if err := s.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer s.Deinit()
	if s.SampleRate() != 1e6 || s.Datatype() != "cf32_le" {
		t.Errorf("sample rate %v, datatype %s", s.SampleRate(), s.Datatype())
	}
}

// sigmfTestTags are tags a recording might carry, on a stream of at least
// 10007 samples at 2.4 MHz.
func sigmfTestTags() []buffer.Tag {
	return []buffer.Tag{
		{Offset: 0, Key: "rx_rate", Value: 2.4e6},
		{Offset: 0, Key: "rx_freq", Value: 100e6},
		{Offset: 0, Key: "rx_time", Value: pmt.List(pmt.Int(1_700_000_000), pmt.Float(0.25)).Any()},
		{Offset: 100, Key: SigMFAnnotationTag, Value: sigmfAnn(map[string]pmt.Value{"core:label": pmt.String("burst"), "core:sample_count": pmt.Int(50)})},
		{Offset: 4999, Key: "rx_freq", Value: 100e6}, // no change: no capture
		{Offset: 5000, Key: "rx_freq", Value: 101e6},
		{Offset: 5000, Key: SigMFAnnotationTag, Value: sigmfAnn(map[string]pmt.Value{"core:comment": pmt.String("wide"),
			"core:freq_lower_edge": pmt.Float(100.5e6), "core:freq_upper_edge": pmt.Float(101.5e6), "x:nested": pmt.List(pmt.Int(1), pmt.String("a"))})},
		{Offset: 10006, Key: "rx_freq", Value: float32(99e6)},
	}
}

// sigmfTestTagsRead are the tags SigMFSource reads from a recording made
// of sigmfTestTags: the same but the rx_freq that changed nothing, each
// rx_freq a float64.
func sigmfTestTagsRead() []buffer.Tag {
	in := sigmfTestTags()
	return []buffer.Tag{in[0], in[1], in[2], in[3], in[5], in[6], {Offset: 10006, Key: "rx_freq", Value: 99e6}}
}

// sigmfRoundTrip writes random samples with every datatype of T's kind
// and reads them back: floats exactly, integers within half a step (of
// the value clipped to the largest code), tags at the same offsets.
func sigmfRoundTrip[T sigmfItem](t *testing.T) {
	const n = 10_007 // several chunks and output buffers, not a multiple of either
	rng := rand.New(rand.NewPCG(5, 6))
	in := make([]T, n)
	comps := sigmfFloats(in)
	for i := range comps {
		comps[i] = float32(2*rng.Float64() - 1)
	}
	comps[0], comps[len(comps)-1] = -1, 1 // full scale, clipped by integers
	prefix := "r"
	if sigmfComplex[T]() {
		prefix = "c"
	}
	dir := t.TempDir()
	for _, f := range []string{"f32", "f64", "i32", "i16", "u32", "u16", "i8", "u8"} {
		for _, end := range []string{"_le", "_be"} {
			name := prefix + f + end
			if f[1:] == "8" {
				if end == "_be" {
					continue
				}
				name = prefix + f
			}
			t.Run(name, func(t *testing.T) {
				base := filepath.Join(dir, name)
				sigmfRecord(t, base, SigMFSinkConfig{Datatype: name}, in, sigmfTestTags()...)
				dt, _ := sigmf.ParseDatatype(name)
				if st, err := os.Stat(base + ".sigmf-data"); err != nil || st.Size() != int64(n*dt.SampleSize()) {
					t.Fatalf("data file: %v, %v; want %d bytes", st, err, n*dt.SampleSize())
				}
				got, tags := sigmfReadAll[T](t, base)
				if len(got) != n {
					t.Fatalf("%d samples, want %d", len(got), n)
				}
				tol, top := 0.0, 1.0
				if bits := 8 * dt.Format.Size(); dt.Format != sigmf.F32 && dt.Format != sigmf.F64 {
					tol, top = math.Ldexp(1, -bits), 1-math.Ldexp(1, 1-bits)
				}
				if dt.Format == sigmf.I32 || dt.Format == sigmf.U32 {
					tol = math.Ldexp(1, -24) // float32 holds 24 bits of the 32
				}
				for i, x := range sigmfFloats(got) {
					want := min(float64(comps[i]), top)
					if d := math.Abs(float64(x) - want); d > tol {
						t.Fatalf("component %d: %v, want %v (off by %v, tolerance %v)", i, x, want, d, tol)
					}
				}
				if want := sigmfTestTagsRead(); !reflect.DeepEqual(tags, want) {
					t.Errorf("tags\n%v\nwant\n%v", tags, want)
				}
			})
		}
	}
}

func TestSigMFSinkThenSourceRoundTripsEveryDatatype(t *testing.T) {
	t.Run("complex64", sigmfRoundTrip[complex64])
	t.Run("float32", sigmfRoundTrip[float32])
}

// TestSigMFSinkWritesGoldenBytes checks the sink's encoding against bytes
// worked out by hand from the documented scaling.
func TestSigMFSinkWritesGoldenBytes(t *testing.T) {
	in := []complex64{complex(0.5, -0.25), complex(1, -1), complex(float32(math.NaN()), -2)}
	for _, tc := range []struct {
		datatype string
		want     []byte
	}{
		{"ci16_le", []byte{0x00, 0x40, 0x00, 0xe0, 0xff, 0x7f, 0x00, 0x80, 0, 0, 0x00, 0x80}},
		{"ci16_be", []byte{0x40, 0x00, 0xe0, 0x00, 0x7f, 0xff, 0x80, 0x00, 0, 0, 0x80, 0x00}},
		{"ci8", []byte{64, 0xe0, 127, 0x80, 0, 0x80}},
		{"cu8", []byte{192, 96, 255, 0, 128, 0}},
		{"cf32_be", []byte{0x3f, 0, 0, 0, 0xbe, 0x80, 0, 0, 0x3f, 0x80, 0, 0, 0xbf, 0x80, 0, 0, 0x7f, 0xc0, 0, 0, 0xc0, 0, 0, 0}},
	} {
		base := filepath.Join(t.TempDir(), "g")
		sigmfRecord(t, base, SigMFSinkConfig{Datatype: tc.datatype}, in)
		got, err := os.ReadFile(base + ".sigmf-data")
		if err != nil {
			t.Fatal(err)
		}
		if tc.datatype == "cf32_be" {
			binary.BigEndian.PutUint32(tc.want[16:], math.Float32bits(float32(math.NaN()))) // whichever NaN Go makes
		}
		if string(got) != string(tc.want) {
			t.Errorf("%s: % x, want % x", tc.datatype, got, tc.want)
		}
	}
}

const sigmfRichMeta = `{
    "global": {
        "core:datatype": "ci16_le",
        "core:version": "1.2.0",
        "core:sample_rate": 48000,
        "core:description": "captures and annotations of every kind"
    },
    "captures": [
        {"core:sample_start": 0, "core:frequency": 433920000, "core:datetime": "2024-05-06T07:08:09.123456789Z"},
        {"core:sample_start": 700, "core:frequency": 434000000.5, "core:datetime": "2024-05-06T07:08:10Z"},
        {"core:sample_start": 1500, "core:frequency": 0},
        {"core:sample_start": 5000, "core:frequency": 1}
    ],
    "annotations": [
        {"core:sample_start": 10, "core:sample_count": 100, "core:label": "preamble", "core:generator": "hand"},
        {"core:sample_start": 10, "core:comment": "two on one sample", "core:freq_lower_edge": -1000.0, "core:freq_upper_edge": 1000.0},
        {"core:sample_start": 1999, "core:uuid": "00000000-0000-4000-8000-000000000000", "ext:score": 0.75, "ext:tags": ["a", {"b": null}]}
    ]
}`

// TestSigMFSourceSinkSourceKeepsSamplesAndMetadata copies a recording
// through a source and a sink and reads the copy: the same data bytes, the
// same tags.
func TestSigMFSourceSinkSourceKeepsSamplesAndMetadata(t *testing.T) {
	const n = 2000
	data := make([]byte, 4*n)
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	dir := t.TempDir()
	orig := sigmfWriteFiles(t, dir, "orig", sigmfRichMeta, data)
	items, tags := sigmfReadAll[complex64](t, orig)
	if len(items) != n {
		t.Fatalf("%d samples", len(items))
	}
	if tags[0].Key != "rx_rate" || tags[0].Value != 48000.0 {
		t.Fatalf("first tag %v", tags[0])
	}
	cp := filepath.Join(dir, "copy")
	sigmfRecord(t, cp, SigMFSinkConfig{Datatype: "ci16_le"}, items, tags...)
	got, err := os.ReadFile(cp + ".sigmf-data")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(data) {
		t.Error("the copy's data differs from the original's")
	}
	items2, tags2 := sigmfReadAll[complex64](t, cp)
	if !slices.Equal(items2, items) {
		t.Error("the copy reads differently")
	}
	if !reflect.DeepEqual(tags2, tags) {
		t.Errorf("the copy's tags\n%v\nwant\n%v", tags2, tags)
	}
	// The capture at 5000 is past the data: no tag, and not in the copy.
	top := sigmfJSON(t, cp)
	if caps := top["captures"].([]any); len(caps) != 3 {
		t.Errorf("the copy has captures %v", caps)
	}
	if anns := top["annotations"].([]any); len(anns) != 3 {
		t.Errorf("the copy has annotations %v", anns)
	}
}

// TestSigMFSourceTagsAnnotationsAtTheirSamples checks the offsets and
// values of capture and annotation tags, read through small buffers, and
// again on each pass with repeat.
func TestSigMFSourceTagsAnnotationsAtTheirSamples(t *testing.T) {
	const n = 2000
	base := sigmfWriteFiles(t, t.TempDir(), "rich", sigmfRichMeta, make([]byte, 4*n))
	t0 := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	want := []buffer.Tag{
		{Offset: 0, Key: "rx_rate", Value: 48000.0},
		{Offset: 0, Key: "rx_freq", Value: 433920000.0},
		{Offset: 0, Key: "rx_time", Value: []pmt.Value{pmt.Int(t0.Unix()), pmt.Float(0.123456789)}},
		{Offset: 10, Key: "sigmf:annotation", Value: map[string]pmt.Value{"core:sample_count": pmt.Int(100), "core:label": pmt.String("preamble"), "core:generator": pmt.String("hand")}},
		{Offset: 10, Key: "sigmf:annotation", Value: map[string]pmt.Value{"core:comment": pmt.String("two on one sample"),
			"core:freq_lower_edge": pmt.Float(-1000), "core:freq_upper_edge": pmt.Float(1000)}},
		{Offset: 700, Key: "rx_freq", Value: 434000000.5},
		{Offset: 700, Key: "rx_time", Value: []pmt.Value{pmt.Int(t0.Unix() + 1), pmt.Float(0)}},
		{Offset: 1500, Key: "rx_freq", Value: 0.0},
		{Offset: 1999, Key: "sigmf:annotation", Value: map[string]pmt.Value{"core:uuid": pmt.String("00000000-0000-4000-8000-000000000000"),
			"ext:score": pmt.Float(0.75), "ext:tags": pmt.List(pmt.String("a"), pmt.Map(map[string]pmt.Value{"b": pmt.Null()}))}},
	}
	_, tags := sigmfReadAll[complex64](t, base)
	if !reflect.DeepEqual(tags, want) {
		t.Fatalf("tags\n%v\nwant\n%v", tags, want)
	}

	src, err := NewSigMFSource[complex64](base, true)
	if err != nil {
		t.Fatal(err)
	}
	const passes = 3
	got, tags, err := srcTake(t, src, &src.Out, passes*n, 777)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != passes*n {
		t.Fatalf("%d samples", len(got))
	}
	var wantRepeated []buffer.Tag
	for p := range passes {
		for _, w := range want {
			w.Offset += uint64(p * n)
			wantRepeated = append(wantRepeated, w)
		}
	}
	if !reflect.DeepEqual(tags, wantRepeated) {
		t.Errorf("repeated tags\n%v\nwant\n%v", tags, wantRepeated)
	}
}

func TestSigMFSourceRefusesBadRecordings(t *testing.T) {
	dir := t.TempDir()
	good := `"core:datatype": "ci16_le", "core:version": "1.2.0"`
	meta := func(global, rest string) string { return `{"global": {` + global + `}` + rest + `}` }
	for _, tc := range []struct {
		name, meta string
		data       []byte
		is         error
		want       string
	}{
		{"not json", `{"global": {`, make([]byte, 8), ErrSigMF, "top level: not JSON"},
		{"no datatype", meta(`"core:version": "1.2.0"`, ""), make([]byte, 8), ErrSigMF, "global: core:datatype: missing"},
		{"unknown datatype", meta(`"core:datatype": "cf16_le", "core:version": "1.2.0"`, ""), make([]byte, 8), ErrSigMF, `global: core:datatype: "cf16_le" is not a SigMF datatype`},
		{"no version", meta(`"core:datatype": "cf32_le"`, ""), make([]byte, 8), ErrSigMF, "global: core:version: missing"},
		{"captures out of order", meta(good, `, "captures": [{"core:sample_start": 5}, {"core:sample_start": 1}]`), make([]byte, 8), ErrSigMF,
			"captures[1]: core:sample_start: 1 is before the 5 of captures[0]"},
		{"annotation without start", meta(good, `, "annotations": [{"core:label": "x"}]`), make([]byte, 8), ErrSigMF,
			"annotations[0]: core:sample_start: missing"},
		{"two channels", meta(good+`, "core:num_channels": 2`, ""), make([]byte, 8), ErrSigMF,
			"global: core:num_channels: 2 channels: only single-channel recordings are supported"},
		{"metadata only", meta(good+`, "core:metadata_only": true`, ""), nil, ErrSigMF, "global: core:metadata_only: the recording has no samples"},
		{"required extension", meta(good+`, "core:extensions": [{"name": "x", "version": "1.0.0", "optional": false}]`, ""), make([]byte, 8), ErrSigMF,
			"global: core:extensions: extension x 1.0.0 is required"},
		{"header bytes", meta(good, `, "captures": [{"core:sample_start": 0, "core:header_bytes": 4}]`), make([]byte, 8), ErrSigMF,
			"captures[0]: core:header_bytes: 4: datasets with headers"},
		{"partial sample", meta(good, ""), make([]byte, 9), ErrTruncated, "9 bytes of samples is not a whole number of 4-byte ci16_le samples"},
		{"trailing bytes beyond", meta(good+`, "core:trailing_bytes": 20`, ""), make([]byte, 8), nil, "8 bytes, fewer than the core:trailing_bytes 20"},
		{"real for complex", meta(`"core:datatype": "ri16_le", "core:version": "1.2.0"`, ""), make([]byte, 8), block.ErrBadParam,
			"core:datatype ri16_le is real: the items must be float32, not complex64"},
		{"no data file", meta(good, ""), nil, os.ErrNotExist, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := sigmfWriteFiles(t, dir, strings.ReplaceAll(tc.name, " ", "-"), tc.meta, tc.data)
			src, err := NewSigMFSource[complex64](base, false)
			if err != nil {
				t.Fatal(err)
			}
			err = src.Init(context.Background())
			if err == nil {
				src.Deinit()
				t.Fatal("Init accepted it")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not wrap %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), base) || !strings.HasPrefix(err.Error(), "sigmf_source: ") {
				t.Errorf("error %q, want sigmf_source: and the file named, and %q", err, tc.want)
			}
		})
	}
	if _, err := NewSigMFSource[complex64]("", false); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("empty path: %v", err)
	}
	if _, err := NewSigMFSource[complex64]("rec.sigmf", false); !errors.Is(err, block.ErrBadParam) || !strings.Contains(err.Error(), "archives") {
		t.Errorf("archive: %v", err)
	}
	src, err := NewSigMFSource[complex64](filepath.Join(dir, "missing"), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Init(context.Background()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing metadata: %v", err)
	}
}

func TestSigMFSourceAllowShortDropsThePartialSample(t *testing.T) {
	data := binary.LittleEndian.AppendUint32(nil, math.Float32bits(0.5))
	data = binary.LittleEndian.AppendUint32(data, math.Float32bits(-0.25))
	data = append(data, 1, 2) // half a sample
	base := sigmfWriteFiles(t, t.TempDir(), "short", `{"global": {"core:datatype": "rf32_le", "core:version": "1.2.0"}}`, data)
	src, err := NewSigMFSource[float32](base, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Init(context.Background()); !errors.Is(err, ErrTruncated) {
		t.Fatalf("without allow_short: %v", err)
	}
	src.SetAllowShort(true)
	outs, err := blocktest.Run(src)
	if err != nil {
		t.Fatal(err)
	}
	if got := outs[0].Items.([]float32); !slices.Equal(got, []float32{0.5, -0.25}) {
		t.Errorf("%v", got)
	}
}

func TestSigMFSourceOnADataFileThatShrinks(t *testing.T) {
	const n = 100_000
	for _, short := range []bool{false, true} {
		base := sigmfWriteFiles(t, t.TempDir(), "shrink", `{"global": {"core:datatype": "ri16_be", "core:version": "1.2.0"}}`, make([]byte, 2*n))
		src, err := NewSigMFSource[float32](base, false)
		if err != nil {
			t.Fatal(err)
		}
		src.SetAllowShort(short)
		got, err := runShrinking(t, src, &src.Out, base+".sigmf-data", 2*n/2+1)
		switch {
		case !short && (!errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), fmt.Sprintf("of %d samples", n))):
			t.Errorf("without allow_short: %v", err)
		case short && err != nil:
			t.Errorf("with allow_short: %v", err)
		case got > n/2:
			t.Errorf("%d samples of the %d left", got, n/2)
		}
	}
}

// TestSigMFSinkCapturesFollowTags checks the captures and global fields
// the sink writes for tags, against the JSON itself.
func TestSigMFSinkCapturesFollowTags(t *testing.T) {
	base := filepath.Join(t.TempDir(), "caps")
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	sigmfRecord(t, base, SigMFSinkConfig{SampleRate: 1000, Frequency: 7e6, Description: "d", Author: "a <b@c>"}, make([]complex64, 4000),
		buffer.Tag{Offset: 0, Key: "rx_time", Value: t0},
		buffer.Tag{Offset: 1000, Key: "rx_freq", Value: int64(8e6)},
		buffer.Tag{Offset: 1000, Key: "rx_time", Value: "2024-01-01T00:00:01.5Z"}, // the same capture
		buffer.Tag{Offset: 2000, Key: "rx_rate", Value: 2000.0},
		buffer.Tag{Offset: 3000, Key: "rx_freq", Value: "not a number"}, // ignored
		buffer.Tag{Offset: 3000, Key: "rx_rate", Value: 1000},
		buffer.Tag{Offset: 3500, Key: "rx_time", Value: []any{int64(1_704_067_300), 0.75}},
		buffer.Tag{Offset: 3600, Key: "other", Value: 1.0}, // ignored without annotate_tags
	)
	top := sigmfJSON(t, base)
	g := top["global"].(map[string]any)
	wantGlobal := map[string]any{"core:datatype": "cf32_le", "core:version": "1.2.0", "core:recorder": "flowrun", "core:sample_rate": 1000.0,
		"core:description": "d", "core:author": "a <b@c>",
		"core:extensions": []any{map[string]any{"name": "flowrun", "version": "1.0.0", "optional": true}}}
	if !reflect.DeepEqual(g, wantGlobal) {
		t.Errorf("global %v\nwant %v", g, wantGlobal)
	}
	wantCaps := []any{
		map[string]any{"core:sample_start": 0.0, "core:frequency": 7e6, "core:datetime": "2024-01-01T00:00:00Z"},
		map[string]any{"core:sample_start": 1000.0, "core:frequency": 8e6, "core:datetime": "2024-01-01T00:00:01.5Z"},
		map[string]any{"core:sample_start": 2000.0, "core:frequency": 8e6, "flowrun:sample_rate": 2000.0},
		map[string]any{"core:sample_start": 3000.0, "core:frequency": 8e6},
		map[string]any{"core:sample_start": 3500.0, "core:frequency": 8e6, "core:datetime": "2024-01-01T00:01:40.75Z"},
	}
	if caps := top["captures"]; !reflect.DeepEqual(caps, wantCaps) {
		t.Errorf("captures %v\nwant %v", caps, wantCaps)
	}
	if anns := top["annotations"].([]any); len(anns) != 0 {
		t.Errorf("annotations %v", anns)
	}
	// And the source gives the changes back.
	_, tags := sigmfReadAll[complex64](t, base)
	var rates []string
	for _, tg := range tags {
		if tg.Key == "rx_rate" {
			rates = append(rates, fmt.Sprint(tg.Offset, ":", tg.Value))
		}
	}
	if got := strings.Join(rates, " "); got != "0:1000 2000:2000 3000:1000" {
		t.Errorf("rx_rate tags %s", got)
	}
}

func TestSigMFSinkAnnotatesTags(t *testing.T) {
	base := filepath.Join(t.TempDir(), "ann")
	sigmfRecord(t, base, SigMFSinkConfig{AnnotateTags: true}, make([]float32, 100),
		buffer.Tag{Offset: 5, Key: SigMFAnnotationTag, Value: "just a string"},
		buffer.Tag{Offset: 6, Key: SigMFAnnotationTag, Value: map[string]any{"core:label": "go map", "core:sample_count": 3, "core:sample_start": 99}},
		buffer.Tag{Offset: 7, Key: SigMFAnnotationTag, Value: map[string]pmt.Value{"core:label": pmt.Int(5), "core:comment": pmt.String("bad label dropped")}},
		buffer.Tag{Offset: 8, Key: SigMFAnnotationTag, Value: int64(42)},
		buffer.Tag{Offset: 9, Key: "burst", Value: "start"},
		buffer.Tag{Offset: 10, Key: "snr", Value: map[string]any{"db": 12.5}},
		buffer.Tag{Offset: 11, Key: "odd", Value: struct{ A int }{3}},
	)
	want := []any{
		map[string]any{"core:sample_start": 5.0, "core:comment": "just a string"},
		map[string]any{"core:sample_start": 6.0, "core:label": "go map", "core:sample_count": 3.0},
		map[string]any{"core:sample_start": 7.0, "core:comment": "bad label dropped"},
		map[string]any{"core:sample_start": 8.0, "core:comment": "42"},
		map[string]any{"core:sample_start": 9.0, "core:label": "burst", "core:comment": "start", "core:sample_count": 1.0},
		map[string]any{"core:sample_start": 10.0, "core:label": "snr", "core:comment": "{db: 12.5}", "core:sample_count": 1.0},
		map[string]any{"core:sample_start": 11.0, "core:label": "odd", "core:comment": "{3}", "core:sample_count": 1.0},
	}
	if anns := sigmfJSON(t, base)["annotations"]; !reflect.DeepEqual(anns, want) {
		t.Errorf("annotations\n%v\nwant\n%v", anns, want)
	}
}

// sigmfSpecRecording records a tone with sigmfTestTags as ci16_le and
// returns its base name and sample count.
func sigmfSpecRecording(t *testing.T) (string, int) {
	base := filepath.Join(t.TempDir(), "spec")
	in := make([]complex64, 10_007)
	for i := range in {
		in[i] = complex(float32(math.Cos(float64(i)/10)), float32(math.Sin(float64(i)/10)))
	}
	sigmfRecord(t, base, SigMFSinkConfig{Datatype: "ci16_le", SampleRate: 2.4e6}, in, sigmfTestTags()...)
	return base, len(in)
}

// TestSigMFSinkMetadataHasWhatTheSpecRequires checks a recording against
// the fields and types SigMF 1.2 requires (sigmf-schema.json).
func TestSigMFSinkMetadataHasWhatTheSpecRequires(t *testing.T) {
	base, _ := sigmfSpecRecording(t)
	top := sigmfJSON(t, base)
	for k := range top {
		if k != "global" && k != "captures" && k != "annotations" {
			t.Errorf("top-level %s", k)
		}
	}
	g := top["global"].(map[string]any)
	if g["core:datatype"] != "ci16_le" || g["core:version"] != "1.2.0" || g["core:sample_rate"] != 2.4e6 || g["core:recorder"] != "flowrun" {
		t.Errorf("global %v", g)
	}
	for _, arr := range []string{"captures", "annotations"} {
		last := -1.0
		for i, o := range top[arr].([]any) {
			s, ok := o.(map[string]any)["core:sample_start"].(float64)
			if !ok || s < last || s != math.Trunc(s) {
				t.Errorf("%s[%d]: core:sample_start %v after %v", arr, i, s, last)
			}
			last = s
			for k := range o.(map[string]any) {
				if !strings.Contains(k, ":") {
					t.Errorf("%s[%d]: field %s has no namespace", arr, i, k)
				}
			}
		}
	}
	if top["captures"].([]any)[0].(map[string]any)["core:sample_start"] != 0.0 {
		t.Error("no capture at sample 0")
	}
	for i, o := range top["annotations"].([]any) {
		for k, v := range o.(map[string]any) {
			switch k {
			case "core:label", "core:comment", "core:generator", "core:uuid":
				_, ok := v.(string)
				if !ok {
					t.Errorf("annotations[%d]: %s %v is not a string", i, k, v)
				}
			case "core:sample_count", "core:freq_lower_edge", "core:freq_upper_edge":
				_, ok := v.(float64)
				if !ok {
					t.Errorf("annotations[%d]: %s %v is not a number", i, k, v)
				}
			}
		}
	}
}

// TestSigMFSinkOutputPassesSigmfPython validates a recording with the
// sigmf Python package (the reference implementation), when installed.
func TestSigMFSinkOutputPassesSigmfPython(t *testing.T) {
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import sigmf").Run() != nil {
		t.Skip("the sigmf Python package is not installed (TestSigMFSinkMetadataHasWhatTheSpecRequires checks the spec's fields)")
	}
	base, n := sigmfSpecRecording(t)
	out, err := exec.Command(py, "-c", `import sys, sigmf
f = sigmf.sigmffile.fromfile(sys.argv[1])
f.validate()
print(len(f.read_samples()))`, base).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != fmt.Sprint(n) {
		t.Errorf("sigmf-python: %v\n%s", err, out)
	}
}

func TestSigMFSinkAfterAFullDiskKeepsWholeSamples(t *testing.T) {
	base := filepath.Join(t.TempDir(), "full")
	snk, err := NewSigMFSink[complex64](base, SigMFSinkConfig{Datatype: "ci16_le"})
	if err != nil {
		t.Fatal(err)
	}
	snk.wrap = func(w io.Writer) io.Writer { return &fullDisk{w: w, room: 4*1000 + 3} }
	in := make([]complex64, 50_000)
	_, err = blocktest.Run(snk, blocktest.Stream{Items: in, Tags: []buffer.Tag{
		{Offset: 999, Key: SigMFAnnotationTag, Value: "kept"},
		{Offset: 1000, Key: SigMFAnnotationTag, Value: "lost"},
		{Offset: 1000, Key: "rx_freq", Value: 1e6},
	}})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("error %v, want ENOSPC", err)
	}
	st, err := os.Stat(base + ".sigmf-data")
	if err != nil || st.Size() != 4*1000 {
		t.Fatalf("data file %v, %v; want 4000 bytes", st, err)
	}
	top := sigmfJSON(t, base)
	if anns := top["annotations"].([]any); len(anns) != 1 {
		t.Errorf("annotations %v, want the one at 999", anns)
	}
	if caps := top["captures"].([]any); len(caps) != 1 {
		t.Errorf("captures %v, want the one at 0", caps)
	}
	if got, _ := sigmfReadAll[complex64](t, base); len(got) != 1000 {
		t.Errorf("%d samples readable", len(got))
	}
}

func TestSigMFSinkWritesMetadataAtInit(t *testing.T) {
	base := filepath.Join(t.TempDir(), "early")
	snk, err := NewSigMFSink[float32](base+".sigmf-data", SigMFSinkConfig{SampleRate: 8000})
	if err != nil {
		t.Fatal(err)
	}
	if err := snk.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer snk.Deinit()
	g := sigmfJSON(t, base)["global"].(map[string]any)
	if g["core:datatype"] != "rf32_le" || g["core:sample_rate"] != 8000.0 {
		t.Errorf("global %v", g)
	}
}

func TestSigMFSinkRefusesBadParameters(t *testing.T) {
	for _, tc := range []struct {
		cfg  SigMFSinkConfig
		want string
	}{
		{SigMFSinkConfig{Datatype: "cf32"}, "no endianness"},
		{SigMFSinkConfig{Datatype: "wav"}, "not a SigMF datatype"},
		{SigMFSinkConfig{Datatype: "ri16_le"}, "ri16_le is real: the items must be float32, not complex64"},
		{SigMFSinkConfig{SampleRate: -1}, "sample rate -1"},
		{SigMFSinkConfig{SampleRate: math.NaN()}, "sample rate NaN"},
		{SigMFSinkConfig{Frequency: math.Inf(1)}, "frequency +Inf"},
	} {
		_, err := NewSigMFSink[complex64]("x", tc.cfg)
		if !errors.Is(err, block.ErrBadParam) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want ErrBadParam and %q", tc.cfg, err, tc.want)
		}
	}
	if _, err := NewSigMFSink[complex64]("", SigMFSinkConfig{}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("empty path: %v", err)
	}
}

// TestSigMFRecordsAndReadsThroughAGraph runs source → sink → source from
// the registry in flowgraphs with small buffers.
func TestSigMFRecordsAndReadsThroughAGraph(t *testing.T) {
	dir := t.TempDir()
	const n = 3000
	data := make([]byte, 2*n)
	for i := range data {
		data[i] = byte(i * 7)
	}
	orig := sigmfWriteFiles(t, dir, "orig", `{"global": {"core:datatype": "ri8", "core:version": "1.2.0", "core:sample_rate": 1e4},
		"captures": [{"core:sample_start": 0, "core:frequency": 1e8}, {"core:sample_start": 2500, "core:frequency": 2e8}],
		"annotations": [{"core:sample_start": 1234, "core:label": "x"}]}`, data)
	r := NewRegistry()
	copyTo := func(from, to string) {
		t.Helper()
		src, err := r.Build("sigmf_source", map[string]any{"path": from + ".sigmf-data"})
		if err != nil {
			t.Fatal(err)
		}
		snk, err := r.Build("sigmf_sink", map[string]any{"path": to, "type": "float32", "datatype": "ri8"})
		if err != nil {
			t.Fatal(err)
		}
		g := flowgraph.New(flowgraph.WithBufferBytes(4096))
		must(t, g.Add("src", src))
		must(t, g.Add("snk", snk))
		must(t, flowgraph.Connect(g, &src.(*SigMFSource[float32]).Out, &snk.(*SigMFSink[float32]).In))
		must(t, g.Run(context.Background()))
	}
	copyTo(orig, filepath.Join(dir, "a"))
	copyTo(filepath.Join(dir, "a"), filepath.Join(dir, "b"))
	got, err := os.ReadFile(filepath.Join(dir, "b.sigmf-data"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(data) {
		t.Error("the data changed in two copies")
	}
	_, want := sigmfReadAll[float32](t, orig)
	if _, tags := sigmfReadAll[float32](t, filepath.Join(dir, "b")); !reflect.DeepEqual(tags, want) {
		t.Errorf("tags after two copies\n%v\nwant\n%v", tags, want)
	}
	if _, err := r.Build("sigmf_sink", map[string]any{"path": "x", "type": "float32"}); err != nil {
		t.Errorf("sigmf_sink of float32 with the default datatype: %v", err)
	}
	if _, err := r.Build("sigmf_sink", map[string]any{"path": "x", "type": "float32", "datatype": "cf32_le"}); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("sigmf_sink of float32 as cf32_le: %v", err)
	}
	if _, err := r.Build("sigmf_source", map[string]any{"path": filepath.Join(dir, "none")}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("sigmf_source of a missing recording, type auto: %v", err)
	}
}
