package sigmf

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flowrun/flowrun/pmt"
)

// TestParseMetaReadsTheSpecExample reads the example of the SigMF README,
// copied by hand into testdata.
func TestParseMetaReadsTheSpecExample(t *testing.T) {
	data, err := os.ReadFile("../../testdata/sigmf/example.sigmf-meta")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMeta(data)
	if err != nil {
		t.Fatal(err)
	}
	g := m.Global
	if g.Datatype.String() != "cf32_le" || g.Version != "1.2.0" || g.SampleRate != 1e6 || g.NumChannels != 1 {
		t.Errorf("global %+v", g)
	}
	if hw, _ := g.Fields["core:hw"].Str(); hw != "PlutoSDR with 915 MHz whip antenna" {
		t.Errorf("core:hw %v", g.Fields["core:hw"])
	}
	if a, _ := g.Fields["core:author"].Str(); a != "Art Vandelay" {
		t.Errorf("core:author %v", g.Fields["core:author"])
	}
	if len(m.Captures) != 1 || m.Captures[0].SampleStart != 0 || !m.Captures[0].HasFrequency || m.Captures[0].Frequency != 915e6 {
		t.Errorf("captures %+v", m.Captures)
	}
	if len(m.Annotations) != 0 {
		t.Errorf("annotations %+v", m.Annotations)
	}
}

const goodGlobal = `"global": {"core:datatype": "ci16_le", "core:version": "1.2.0"}`

// TestParseMetaRefusesBadMetadata checks that each metadata error is a
// *FieldError wrapping ErrMetadata that names the object and field.
func TestParseMetaRefusesBadMetadata(t *testing.T) {
	for _, tc := range []struct {
		name, meta, want string
	}{
		{"not json", `{"global": `, "top level: not JSON: unexpected EOF"},
		{"syntax", `{"global": x}`, "top level: not JSON: invalid character 'x'"},
		{"trailing data", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0"}} {}`, "more data after the top-level object"},
		{"array", `[]`, "top level: a JSON list, not an object"},
		{"null", `null`, "top level: a JSON null, not an object"},
		{"no global", `{"captures": []}`, "top level: global: missing"},
		{"global not object", `{"global": []}`, "top level: global: a list, not an object"},
		{"no datatype", `{"global": {"core:version": "1.2.0"}}`, "global: core:datatype: missing (it is required)"},
		{"no version", `{"global": {"core:datatype": "cf32_le"}}`, "global: core:version: missing (it is required)"},
		{"datatype not string", `{"global": {"core:datatype": 7, "core:version": "1.2.0"}}`, "global: core:datatype: 7 is a int, not a string"},
		{"unknown datatype", `{"global": {"core:datatype": "cf16_le", "core:version": "1.2.0"}}`, `global: core:datatype: "cf16_le" is not a SigMF datatype`},
		{"no endianness", `{"global": {"core:datatype": "ci16", "core:version": "1.2.0"}}`, `global: core:datatype: "ci16" has no endianness`},
		{"bad version", `{"global": {"core:datatype": "cu8", "core:version": "v1"}}`, `global: core:version: "v1" is not a version X.Y.Z`},
		{"version 2", `{"global": {"core:datatype": "cu8", "core:version": "2.0.0"}}`, "global: core:version: 2.0.0: only SigMF versions up to 1.x"},
		{"rate string", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:sample_rate": "1e6"}}`, `global: core:sample_rate: "1e6" is a string, not a number`},
		{"rate zero", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:sample_rate": 0}}`, "global: core:sample_rate: 0 Hz is not positive"},
		{"rate negative", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:sample_rate": -2.5}}`, "global: core:sample_rate: -2.5 Hz is not positive"},
		{"huge number", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:sample_rate": 1e999}}`, "number 1e999 is out of range"},
		{"channels zero", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:num_channels": 0}}`, "global: core:num_channels: 0 is not a number of channels"},
		{"channels fraction", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:num_channels": 1.5}}`, "global: core:num_channels: 1.5 is not an integer"},
		{"offset negative", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:offset": -1}}`, "global: core:offset: -1 is negative"},
		{"dataset path", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:dataset": "../x.dat"}}`, `global: core:dataset: "../x.dat" is not a file name`},
		{"metadata_only string", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:metadata_only": "yes"}}`, "global: core:metadata_only: \"yes\" is a string, not a boolean"},
		{"extensions object", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:extensions": {}}}`, "global: core:extensions: a map, not an array"},
		{"extension incomplete", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:extensions": [{"name": "x"}]}}`, "global: core:extensions[0]: "},
		{"author number", `{"global": {"core:datatype": "cu8", "core:version": "1.2.0", "core:author": 1}}`, "global: core:author: 1 is a int, not a string"},
		{"captures object", `{` + goodGlobal + `, "captures": {}}`, "top level: captures: a map, not an array"},
		{"capture not object", `{` + goodGlobal + `, "captures": [1]}`, "captures[0]: a int, not an object"},
		{"capture no start", `{` + goodGlobal + `, "captures": [{"core:frequency": 1e9}]}`, "captures[0]: core:sample_start: missing (it is required)"},
		{"capture start negative", `{` + goodGlobal + `, "captures": [{"core:sample_start": -5}]}`, "captures[0]: core:sample_start: -5 is negative"},
		{"capture start string", `{` + goodGlobal + `, "captures": [{"core:sample_start": "0"}]}`, `captures[0]: core:sample_start: "0" is not an integer`},
		{"capture start too big", `{` + goodGlobal + `, "captures": [{"core:sample_start": 18446744073709551615}]}`, "captures[0]: core:sample_start: 1.8446744073709552e+19 is not an integer in [0, 2^63-1]"},
		{"captures out of order", `{` + goodGlobal + `, "captures": [{"core:sample_start": 0}, {"core:sample_start": 100}, {"core:sample_start": 50}]}`,
			"captures[2]: core:sample_start: 50 is before the 100 of captures[1] (captures must be sorted by core:sample_start)"},
		{"frequency string", `{` + goodGlobal + `, "captures": [{"core:sample_start": 0, "core:frequency": "915M"}]}`, `captures[0]: core:frequency: "915M" is a string, not a number`},
		{"datetime bad", `{` + goodGlobal + `, "captures": [{"core:sample_start": 0, "core:datetime": "yesterday"}]}`, `captures[0]: core:datetime: "yesterday" is not an RFC 3339 time`},
		{"datetime number", `{` + goodGlobal + `, "captures": [{"core:sample_start": 0, "core:datetime": 1700000000}]}`, "captures[0]: core:datetime: 1700000000 is a int, not a string"},
		{"flowrun rate zero", `{` + goodGlobal + `, "captures": [{"core:sample_start": 0, "flowrun:sample_rate": 0}]}`, "captures[0]: flowrun:sample_rate: 0 Hz is not positive"},
		{"annotations object", `{` + goodGlobal + `, "annotations": {}}`, "top level: annotations: a map, not an array"},
		{"annotation no start", `{` + goodGlobal + `, "annotations": [{"core:label": "x"}]}`, "annotations[0]: core:sample_start: missing (it is required)"},
		{"annotation count negative", `{` + goodGlobal + `, "annotations": [{"core:sample_start": 0, "core:sample_count": -1}]}`, "annotations[0]: core:sample_count: -1 is negative"},
		{"annotation edge string", `{` + goodGlobal + `, "annotations": [{"core:sample_start": 0, "core:freq_lower_edge": "low"}]}`, `annotations[0]: core:freq_lower_edge: "low" is a string, not a number`},
		{"annotation label number", `{` + goodGlobal + `, "annotations": [{"core:sample_start": 0, "core:label": 5}]}`, "annotations[0]: core:label: 5 is a int, not a string"},
		{"second annotation", `{` + goodGlobal + `, "annotations": [{"core:sample_start": 0}, {"core:sample_start": 1.5}]}`, "annotations[1]: core:sample_start: 1.5 is not an integer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseMeta([]byte(tc.meta))
			if err == nil {
				t.Fatalf("no error; read %+v", m)
			}
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrMetadata) {
				t.Errorf("error %v (%T) is not a *FieldError wrapping ErrMetadata", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestParseMetaIsLenientWhereTheSpecAllows(t *testing.T) {
	m, err := ParseMeta([]byte(`{"global": {"core:datatype": "cu8_le", "core:version": "0.0.2", "x:y": [1, {"z": null}]},
		"annotations": [
			{"core:sample_start": 30, "core:label": "c"},
			{"core:sample_start": 10, "core:label": "a", "core:sample_count": 5.0},
			{"core:sample_start": 30, "core:label": "d"},
			{"core:sample_start": 20, "core:label": "b", "other:thing": {"k": true}}
		],
		"unknown": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Captures) != 0 {
		t.Errorf("captures %+v, want none", m.Captures)
	}
	var labels []string
	for _, a := range m.Annotations {
		l, _ := a.Fields["core:label"].Str()
		labels = append(labels, l)
	}
	if strings.Join(labels, "") != "abcd" {
		t.Errorf("annotations in the order %v, want sorted stably (a b c d)", labels)
	}
	if c, ok := m.Annotations[0].Fields["core:sample_count"].Float(); !ok || c != 5 {
		t.Errorf("core:sample_count %v", m.Annotations[0].Fields["core:sample_count"])
	}
	if _, there := m.Annotations[0].Fields["core:sample_start"]; there {
		t.Error("core:sample_start is in Fields too")
	}
	want := pmt.Map(map[string]pmt.Value{"k": pmt.Bool(true)})
	if !m.Annotations[1].Fields["other:thing"].Equal(want) {
		t.Errorf("other:thing %v", m.Annotations[1].Fields["other:thing"])
	}
	if !m.Global.Fields["x:y"].Equal(pmt.List(pmt.Int(1), pmt.Map(map[string]pmt.Value{"z": pmt.Null()}))) {
		t.Errorf("x:y %v", m.Global.Fields["x:y"])
	}
}

func TestParseDatetime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"1955-11-05T14:00:00.000Z", time.Date(1955, 11, 5, 14, 0, 0, 0, time.UTC)},
		{"2021-06-18T23:17:51.163959Z", time.Date(2021, 6, 18, 23, 17, 51, 163959000, time.UTC)},
		{"2021-06-18T23:17:51.1234567891Z", time.Date(2021, 6, 18, 23, 17, 51, 123456789, time.UTC)},
		{"2021-06-18T23:17:51+02:00", time.Date(2021, 6, 18, 21, 17, 51, 0, time.UTC)},
		{"2016-12-31T23:59:60.5Z", time.Date(2017, 1, 1, 0, 0, 0, 5e8, time.UTC)},
	} {
		got, err := ParseDatetime(tc.in)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s: %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if s := FormatDatetime(time.Date(2021, 6, 18, 23, 17, 51, 163959000, time.FixedZone("x", 3600))); s != "2021-06-18T22:17:51.163959Z" {
		t.Errorf("FormatDatetime: %s", s)
	}
}

// fullMeta has every member Marshal writes.
func fullMeta() *Meta {
	return &Meta{
		Global: Global{
			Datatype: Datatype{Complex: true, Format: I16, BigEndian: true}, Version: "1.2.0", SampleRate: 2.4e6,
			NumChannels: 1, Extensions: []Extension{FlowrunExtension},
			Fields: map[string]pmt.Value{"core:recorder": pmt.String("flowrun"), "core:description": pmt.String(`a <b> & "c"`)},
		},
		Captures: []Capture{
			{SampleStart: 0, Frequency: 100e6, HasFrequency: true, Datetime: time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC), Fields: map[string]pmt.Value{}},
			{SampleStart: 1000, Frequency: 0, HasFrequency: true, Fields: map[string]pmt.Value{FlowrunSampleRate: pmt.Float(1e6)}},
			{SampleStart: 1 << 62, Fields: map[string]pmt.Value{}},
		},
		Annotations: []Annotation{
			{SampleStart: 10, Fields: map[string]pmt.Value{"core:sample_count": pmt.Int(100), "core:label": pmt.String("burst"),
				"core:freq_lower_edge": pmt.Float(99e6), "core:freq_upper_edge": pmt.Float(101e6), "x:whole": pmt.Float(3),
				"x:list": pmt.List(pmt.Int(1), pmt.Float(-0.5), pmt.String("s"), pmt.Null(), pmt.Bool(false))}},
			{SampleStart: 10, Fields: map[string]pmt.Value{"core:comment": pmt.String("second at 10")}},
		},
	}
}

func TestMarshalThenParseRoundTrips(t *testing.T) {
	m := fullMeta()
	data, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseMeta(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("read back\n%+v\nwant\n%+v\n%s", back, m, data)
	}
	if !strings.Contains(string(data), `"x:whole": 3.0`) || !strings.Contains(string(data), `a <b> & \"c\"`) {
		t.Errorf("floats or strings written as\n%s", data)
	}
}

// TestMarshalWritesWhatTheSpecRequires checks the output against the
// required fields and types of the SigMF 1.2 schema, read as plain JSON.
func TestMarshalWritesWhatTheSpecRequires(t *testing.T) {
	data, err := fullMeta().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	checkSpecFields(t, top)
	// A minimal Meta (zero values) is valid too.
	data, err = (&Meta{}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	top = nil
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	checkSpecFields(t, top)
	if g := top["global"].(map[string]any); g["core:datatype"] != "rf32_le" || g["core:version"] != Version {
		t.Errorf("zero Meta: global %v", g)
	}
}

// checkSpecFields checks a decoded .sigmf-meta against the required fields
// and types of the SigMF 1.2 schema (sigmf-schema.json).
func checkSpecFields(t *testing.T, top map[string]any) {
	t.Helper()
	for k := range top {
		if k != "global" && k != "captures" && k != "annotations" {
			t.Errorf("top-level %q", k)
		}
	}
	g, ok := top["global"].(map[string]any)
	if !ok {
		t.Fatalf("global %v", top["global"])
	}
	if dt, _ := g["core:datatype"].(string); !validDatatype(dt) {
		t.Errorf("core:datatype %v", g["core:datatype"])
	}
	if v, _ := g["core:version"].(string); !versionRE.MatchString(v) {
		t.Errorf("core:version %v", g["core:version"])
	}
	if r, there := g["core:sample_rate"]; there {
		if f, ok := r.(float64); !ok || f < 1 || f > 1e12 {
			t.Errorf("core:sample_rate %v", r)
		}
	}
	if e, there := g["core:extensions"]; there {
		for _, x := range e.([]any) {
			o := x.(map[string]any)
			_, ok1 := o["name"].(string)
			_, ok2 := o["version"].(string)
			_, ok3 := o["optional"].(bool)
			if !ok1 || !ok2 || !ok3 || len(o) != 3 {
				t.Errorf("core:extensions entry %v", o)
			}
		}
	}
	for _, arr := range []string{"captures", "annotations"} {
		l, ok := top[arr].([]any)
		if !ok {
			t.Fatalf("%s %v", arr, top[arr])
		}
		last := -1.0
		for i, x := range l {
			o := x.(map[string]any)
			s, ok := o["core:sample_start"].(float64)
			if !ok || s < 0 || s != float64(int64(s)) || s < last {
				t.Errorf("%s[%d] core:sample_start %v (previous %v)", arr, i, o["core:sample_start"], last)
			}
			last = s
			for k, v := range o {
				switch k {
				case "core:frequency", "core:freq_lower_edge", "core:freq_upper_edge":
					if _, ok := v.(float64); !ok {
						t.Errorf("%s[%d] %s %v", arr, i, k, v)
					}
				case "core:datetime":
					if s, _ := v.(string); !strings.HasSuffix(s, "Z") {
						t.Errorf("%s[%d] %s %v", arr, i, k, v)
					} else if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
						t.Errorf("%s[%d] %s: %v", arr, i, k, err)
					}
				case "core:label", "core:comment", "core:generator", "core:uuid":
					if _, ok := v.(string); !ok {
						t.Errorf("%s[%d] %s %v", arr, i, k, v)
					}
				}
				if !strings.Contains(k, ":") {
					t.Errorf("%s[%d]: field %q has no namespace", arr, i, k)
				}
			}
		}
	}
}

// validDatatype is the schema's pattern for core:datatype, anchored.
func validDatatype(s string) bool {
	for _, c := range []string{"c", "r"} {
		for _, f := range []string{"f32", "f64", "i32", "i16", "u32", "u16", "i8", "u8"} {
			for _, e := range []string{"", "_le", "_be"} {
				if s == c+f+e {
					return true
				}
			}
		}
	}
	return false
}

func TestNewAnnotationChecksLikeParseMeta(t *testing.T) {
	a, err := NewAnnotation(7, map[string]pmt.Value{"core:sample_start": pmt.Int(99), "core:label": pmt.String("x"), "core:sample_count": pmt.Float(2)})
	if err != nil {
		t.Fatal(err)
	}
	if a.SampleStart != 7 || len(a.Fields) != 2 {
		t.Errorf("%+v", a)
	}
	_, err = NewAnnotation(7, map[string]pmt.Value{"core:label": pmt.Int(1)})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "core:label" {
		t.Errorf("a number as label: %v", err)
	}
	if _, err := NewAnnotation(1<<63, nil); err == nil {
		t.Error("sample 2^63 accepted")
	}
}
