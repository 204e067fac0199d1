package sigmf

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flowrun/flowrun/pmt"
)

// Meta is the content of a .sigmf-meta file.
type Meta struct {
	Global      Global
	Captures    []Capture    // sorted by SampleStart
	Annotations []Annotation // sorted by SampleStart
}

// Global is the global object. The core fields a reader needs have their
// own members; every other field is in Fields.
type Global struct {
	Datatype      Datatype    // core:datatype
	Version       string      // core:version; Marshal writes Version if empty
	SampleRate    float64     // core:sample_rate, Hz; 0 if absent
	NumChannels   int64       // core:num_channels; 1 if absent
	Dataset       string      // core:dataset (a non-conforming dataset's file name); "" if absent
	TrailingBytes int64       // core:trailing_bytes
	MetadataOnly  bool        // core:metadata_only
	Extensions    []Extension // core:extensions
	Fields        map[string]pmt.Value
}

// Extension is an entry of core:extensions.
type Extension struct {
	Name     string
	Version  string
	Optional bool
}

// Capture is a capture segment. Fields holds the fields other than its
// members (core:global_index, core:geolocation, flowrun:sample_rate, ...).
type Capture struct {
	SampleStart  uint64    // core:sample_start
	Frequency    float64   // core:frequency, Hz, if HasFrequency
	HasFrequency bool      //
	Datetime     time.Time // core:datetime; the zero Time if absent
	HeaderBytes  int64     // core:header_bytes (non-conforming datasets)
	Fields       map[string]pmt.Value
}

// Annotation is an annotation segment: core:sample_start and every other
// field (core:sample_count, core:label, core:freq_lower_edge, ...) in
// Fields.
type Annotation struct {
	SampleStart uint64
	Fields      map[string]pmt.Value
}

// FlowrunSampleRate is the capture field of a sample rate that differs from
// the global one (see the package documentation), and FlowrunExtension the
// core:extensions entry declaring it.
const FlowrunSampleRate = "flowrun:sample_rate"

// FlowrunExtension declares the flowrun namespace in core:extensions.
var FlowrunExtension = Extension{Name: "flowrun", Version: "1.0.0", Optional: true}

var versionRE = regexp.MustCompile(`^(\d+)\.\d+\.\d`)

// ParseMeta reads and checks the JSON of a .sigmf-meta file (see the
// package documentation). Its errors are *FieldErrors, which wrap
// ErrMetadata and name the object and field at fault.
func ParseMeta(data []byte) (*Meta, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fieldErr("", "", "not JSON: %v (at byte %d)", err, se.Offset)
		}
		return nil, fieldErr("", "", "not JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fieldErr("", "", "not JSON: more data after the top-level object (at byte %d)", dec.InputOffset())
	}
	v, err := fromJSON(top)
	if err != nil {
		return nil, fieldErr("", "", "%v", err)
	}
	obj, ok := v.Map()
	if !ok {
		return nil, fieldErr("", "", "a JSON %s, not an object", v.Kind())
	}
	m := &Meta{}
	g, ok := obj["global"].Map()
	if !ok {
		if _, there := obj["global"]; !there {
			return nil, fieldErr("", "global", "missing")
		}
		return nil, fieldErr("", "global", "a %s, not an object", obj["global"].Kind())
	}
	if m.Global, err = parseGlobal(g); err != nil {
		return nil, err
	}
	caps, err := segments(obj, "captures")
	if err != nil {
		return nil, err
	}
	for i, c := range caps {
		name := fmt.Sprintf("captures[%d]", i)
		capt, err := parseCapture(name, c)
		if err != nil {
			return nil, err
		}
		if i > 0 && capt.SampleStart < m.Captures[i-1].SampleStart {
			return nil, fieldErr(name, "core:sample_start", "%d is before the %d of captures[%d] (captures must be sorted by core:sample_start)",
				capt.SampleStart, m.Captures[i-1].SampleStart, i-1)
		}
		m.Captures = append(m.Captures, capt)
	}
	anns, err := segments(obj, "annotations")
	if err != nil {
		return nil, err
	}
	for i, a := range anns {
		ann, err := parseAnnotation(fmt.Sprintf("annotations[%d]", i), a)
		if err != nil {
			return nil, err
		}
		m.Annotations = append(m.Annotations, ann)
	}
	slices.SortStableFunc(m.Annotations, func(a, b Annotation) int { return cmp.Compare(a.SampleStart, b.SampleStart) })
	return m, nil
}

// segments returns the objects of the array obj[name] (none if absent).
func segments(obj map[string]pmt.Value, name string) ([]map[string]pmt.Value, error) {
	v, there := obj[name]
	if !there {
		return nil, nil
	}
	l, ok := v.List()
	if !ok {
		return nil, fieldErr("", name, "a %s, not an array", v.Kind())
	}
	out := make([]map[string]pmt.Value, len(l))
	for i, e := range l {
		if out[i], ok = e.Map(); !ok {
			return nil, fieldErr(fmt.Sprintf("%s[%d]", name, i), "", "a %s, not an object", e.Kind())
		}
	}
	return out, nil
}

// fields checks and takes the typed fields out of a copy of an object.
type fields struct {
	object string
	rest   map[string]pmt.Value
}

func newFields(object string, m map[string]pmt.Value) *fields {
	rest := make(map[string]pmt.Value, len(m))
	for k, v := range m {
		rest[k] = v
	}
	return &fields{object: object, rest: rest}
}

// take removes and returns field k; ok is false if it is absent.
func (f *fields) take(k string) (v pmt.Value, ok bool) {
	v, ok = f.rest[k]
	delete(f.rest, k)
	return v, ok
}

func (f *fields) str(k string, required bool) (string, bool, error) {
	v, there := f.take(k)
	if !there {
		if required {
			return "", false, fieldErr(f.object, k, "missing (it is required)")
		}
		return "", false, nil
	}
	s, ok := v.Str()
	if !ok {
		return "", false, fieldErr(f.object, k, "%v is a %s, not a string", v, v.Kind())
	}
	return s, true, nil
}

// checkStr checks that field k, if present, is a string (kept in rest).
func (f *fields) checkStr(k string) error {
	if v, there := f.rest[k]; there {
		if _, ok := v.Str(); !ok {
			return fieldErr(f.object, k, "%v is a %s, not a string", v, v.Kind())
		}
	}
	return nil
}

// num returns field k as a finite number; ok is false if it is absent.
func (f *fields) num(k string, keep bool) (float64, bool, error) {
	v, there := f.rest[k]
	if !keep {
		delete(f.rest, k)
	}
	if !there {
		return 0, false, nil
	}
	x, ok := v.Float()
	if !ok || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, false, fieldErr(f.object, k, "%v is a %s, not a number", v, v.Kind())
	}
	return x, true, nil
}

// index returns field k as an integer in [0, 2^63-1] (a JSON number with
// no fractional part, as JSON Schema's integer); ok is false if it is
// absent.
func (f *fields) index(k string, required, keep bool) (uint64, bool, error) {
	v, there := f.rest[k]
	if !keep {
		delete(f.rest, k)
	}
	if !there {
		if required {
			return 0, false, fieldErr(f.object, k, "missing (it is required)")
		}
		return 0, false, nil
	}
	if i, ok := v.Int(); ok {
		if i < 0 {
			return 0, false, fieldErr(f.object, k, "%d is negative", i)
		}
		return uint64(i), true, nil
	}
	x, ok := v.Float()
	if !ok || x != math.Trunc(x) || x < 0 || x >= 1<<63 {
		return 0, false, fieldErr(f.object, k, "%v is not an integer in [0, 2^63-1]", v)
	}
	return uint64(x), true, nil
}

func parseGlobal(g map[string]pmt.Value) (Global, error) {
	f := newFields("global", g)
	out := Global{NumChannels: 1}
	dt, _, err := f.str("core:datatype", true)
	if err != nil {
		return out, err
	}
	if out.Datatype, err = ParseDatatype(dt); err != nil {
		return out, fieldErr("global", "core:datatype", "%v", err)
	}
	if out.Version, _, err = f.str("core:version", true); err != nil {
		return out, err
	}
	mm := versionRE.FindStringSubmatch(out.Version)
	if mm == nil {
		return out, fieldErr("global", "core:version", "%q is not a version X.Y.Z", out.Version)
	}
	if major, _ := strconv.Atoi(mm[1]); major > 1 {
		return out, fieldErr("global", "core:version", "%s: only SigMF versions up to 1.x are supported", out.Version)
	}
	rate, there, err := f.num("core:sample_rate", false)
	if err != nil {
		return out, err
	}
	if there && rate <= 0 {
		return out, fieldErr("global", "core:sample_rate", "%v Hz is not positive", rate)
	}
	out.SampleRate = rate
	nc, there, err := f.index("core:num_channels", false, false)
	if err != nil {
		return out, err
	}
	if there {
		if nc < 1 {
			return out, fieldErr("global", "core:num_channels", "0 is not a number of channels")
		}
		out.NumChannels = int64(nc)
	}
	if out.Dataset, _, err = f.str("core:dataset", false); err != nil {
		return out, err
	}
	if d := out.Dataset; strings.ContainsAny(d, `/\`) || d == "." || d == ".." {
		return out, fieldErr("global", "core:dataset", "%q is not a file name in the directory of the metadata", d)
	}
	tb, _, err := f.index("core:trailing_bytes", false, false)
	if err != nil {
		return out, err
	}
	out.TrailingBytes = int64(tb)
	if v, there := f.take("core:metadata_only"); there {
		b, ok := v.Bool()
		if !ok {
			return out, fieldErr("global", "core:metadata_only", "%v is a %s, not a boolean", v, v.Kind())
		}
		out.MetadataOnly = b
	}
	if v, there := f.take("core:extensions"); there {
		if out.Extensions, err = parseExtensions(v); err != nil {
			return out, err
		}
	}
	if _, _, err := f.index("core:offset", false, true); err != nil {
		return out, err
	}
	for _, k := range []string{"core:author", "core:collection", "core:data_doi", "core:description", "core:hw",
		"core:license", "core:meta_doi", "core:recorder", "core:sha512"} {
		if err := f.checkStr(k); err != nil {
			return out, err
		}
	}
	out.Fields = f.rest
	return out, nil
}

func parseExtensions(v pmt.Value) ([]Extension, error) {
	l, ok := v.List()
	if !ok {
		return nil, fieldErr("global", "core:extensions", "a %s, not an array", v.Kind())
	}
	if len(l) == 0 {
		return nil, nil
	}
	out := make([]Extension, len(l))
	for i, e := range l {
		m, _ := e.Map()
		name, ok1 := m["name"].Str()
		version, ok2 := m["version"].Str()
		optional, ok3 := m["optional"].Bool()
		if !ok1 || !ok2 || !ok3 {
			return nil, fieldErr("global", fmt.Sprintf("core:extensions[%d]", i), "%v is not an object with a string name and version and a boolean optional", e)
		}
		out[i] = Extension{Name: name, Version: version, Optional: optional}
	}
	return out, nil
}

func parseCapture(object string, c map[string]pmt.Value) (Capture, error) {
	f := newFields(object, c)
	var out Capture
	var err error
	if out.SampleStart, _, err = f.index("core:sample_start", true, false); err != nil {
		return out, err
	}
	if out.Frequency, out.HasFrequency, err = f.num("core:frequency", false); err != nil {
		return out, err
	}
	s, there, err := f.str("core:datetime", false)
	if err != nil {
		return out, err
	}
	if there {
		if out.Datetime, err = ParseDatetime(s); err != nil {
			return out, fieldErr(object, "core:datetime", "%v", err)
		}
	}
	hb, _, err := f.index("core:header_bytes", false, false)
	if err != nil {
		return out, err
	}
	out.HeaderBytes = int64(hb)
	if _, _, err := f.index("core:global_index", false, true); err != nil {
		return out, err
	}
	if r, there, err := f.num(FlowrunSampleRate, true); err != nil {
		return out, err
	} else if there && r <= 0 {
		return out, fieldErr(object, FlowrunSampleRate, "%v Hz is not positive", r)
	}
	out.Fields = f.rest
	return out, nil
}

func parseAnnotation(object string, a map[string]pmt.Value) (Annotation, error) {
	f := newFields(object, a)
	var out Annotation
	var err error
	if out.SampleStart, _, err = f.index("core:sample_start", true, false); err != nil {
		return out, err
	}
	if _, _, err := f.index("core:sample_count", false, true); err != nil {
		return out, err
	}
	for _, k := range []string{"core:freq_lower_edge", "core:freq_upper_edge"} {
		if _, _, err := f.num(k, true); err != nil {
			return out, err
		}
	}
	for _, k := range []string{"core:label", "core:comment", "core:generator", "core:uuid"} {
		if err := f.checkStr(k); err != nil {
			return out, err
		}
	}
	out.Fields = f.rest
	return out, nil
}

// NewAnnotation returns the annotation at sample start with fields (any
// core:sample_start among them is replaced by start), checked as ParseMeta
// checks the annotations it reads: the error names the first field at
// fault.
func NewAnnotation(start uint64, fields map[string]pmt.Value) (Annotation, error) {
	if start > math.MaxInt64 {
		return Annotation{}, fieldErr("annotation", "core:sample_start", "%d is beyond 2^63-1", start)
	}
	m := make(map[string]pmt.Value, len(fields)+1)
	for k, v := range fields {
		m[k] = v
	}
	m["core:sample_start"] = pmt.Int(int64(start))
	return parseAnnotation("annotation", m)
}

// ParseDatetime parses a core:datetime: RFC 3339, such as
// 2017-02-17T14:35:50.123456Z (any number of fraction digits, kept to the
// nanosecond; other offsets than Z are accepted; a leap second, :60, is
// read as the next second). It returns the time in UTC.
func ParseDatetime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil && len(s) >= 19 && s[17:19] == "60" {
		if t2, err2 := time.Parse(time.RFC3339Nano, s[:17]+"59"+s[19:]); err2 == nil {
			t, err = t2.Add(time.Second), nil
		}
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time such as 2017-02-17T14:35:50.123Z", s)
	}
	if t = t.UTC(); t.Year() < 0 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("%q is out of the years 0000 to 9999 in UTC", s)
	}
	return t, nil
}

// FormatDatetime formats t as a core:datetime: UTC, with the fraction of a
// second to the nanosecond and no trailing zeros.
func FormatDatetime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Marshal returns m as the JSON of a .sigmf-meta file: the global object
// (core:version Version if m's is empty), the captures and the annotations,
// each with its members written as core fields (absent ones omitted) and
// its Fields, keys sorted, indented by four spaces.
func (m *Meta) Marshal() ([]byte, error) {
	g := m.Global
	global := make(map[string]any, len(g.Fields)+8)
	for k, v := range g.Fields {
		global[k] = toJSON(v)
	}
	global["core:datatype"] = g.Datatype.String()
	global["core:version"] = cmp.Or(g.Version, Version)
	if g.SampleRate > 0 {
		global["core:sample_rate"] = jsonFloat(g.SampleRate)
	}
	if g.NumChannels > 1 {
		global["core:num_channels"] = json.Number(strconv.FormatInt(g.NumChannels, 10))
	}
	if g.Dataset != "" {
		global["core:dataset"] = g.Dataset
	}
	if g.TrailingBytes > 0 {
		global["core:trailing_bytes"] = json.Number(strconv.FormatInt(g.TrailingBytes, 10))
	}
	if g.MetadataOnly {
		global["core:metadata_only"] = true
	}
	if len(g.Extensions) > 0 {
		l := make([]any, len(g.Extensions))
		for i, e := range g.Extensions {
			l[i] = map[string]any{"name": e.Name, "version": e.Version, "optional": e.Optional}
		}
		global["core:extensions"] = l
	}
	captures := make([]any, len(m.Captures))
	for i, c := range m.Captures {
		o := make(map[string]any, len(c.Fields)+4)
		for k, v := range c.Fields {
			o[k] = toJSON(v)
		}
		o["core:sample_start"] = json.Number(strconv.FormatUint(c.SampleStart, 10))
		if c.HasFrequency {
			o["core:frequency"] = jsonFloat(c.Frequency)
		}
		if !c.Datetime.IsZero() {
			o["core:datetime"] = FormatDatetime(c.Datetime)
		}
		if c.HeaderBytes > 0 {
			o["core:header_bytes"] = json.Number(strconv.FormatInt(c.HeaderBytes, 10))
		}
		captures[i] = o
	}
	annotations := make([]any, len(m.Annotations))
	for i, a := range m.Annotations {
		o := make(map[string]any, len(a.Fields)+1)
		for k, v := range a.Fields {
			o[k] = toJSON(v)
		}
		o["core:sample_start"] = json.Number(strconv.FormatUint(a.SampleStart, 10))
		annotations[i] = o
	}
	var out bytes.Buffer
	out.WriteString("{\n")
	for i, part := range []struct {
		name string
		v    any
	}{{"global", global}, {"captures", captures}, {"annotations", annotations}} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("    ", "    ")
		if err := enc.Encode(part.v); err != nil {
			return nil, fmt.Errorf("sigmf: writing %s: %w", part.name, err)
		}
		fmt.Fprintf(&out, "    %q: %s", part.name, bytes.TrimSuffix(b.Bytes(), []byte("\n")))
		if i < 2 {
			out.WriteByte(',')
		}
		out.WriteByte('\n')
	}
	out.WriteString("}\n")
	return out.Bytes(), nil
}
