package sigmf

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"
)

// FuzzParseMeta checks that ParseMeta never panics, that its errors are
// FieldErrors, and that what it accepts survives Marshal: read back equal,
// and written again byte for byte the same.
func FuzzParseMeta(f *testing.F) {
	if data, err := os.ReadFile("../../testdata/sigmf/example.sigmf-meta"); err == nil {
		f.Add(data)
	}
	if data, err := fullMeta().Marshal(); err == nil {
		f.Add(data)
	}
	for _, s := range []string{
		`{"global": {"core:datatype": "cu8", "core:version": "1.2.0"}}`,
		`{"global": {"core:datatype": "ri16_be", "core:version": "0.0.2", "core:num_channels": 2, "core:extensions": []},
		  "captures": [{"core:sample_start": 0, "core:datetime": "2016-12-31T23:59:60.25+01:00", "core:header_bytes": 4}],
		  "annotations": [{"core:sample_start": 5, "core:sample_count": 1e3, "x:y": [1.5, -0, "\u00e9"]}, {"core:sample_start": 1}]}`,
		`{"global": {"core:datatype": "cf64_le", "core:version": "1.0.0", "core:sample_rate": 1E5, "core:dataset": "a.dat",
		  "core:trailing_bytes": 3, "core:metadata_only": false, "core:offset": 7}, "captures": [], "annotations": []}`,
		`{"global": {"core:datatype": "cf32_le", "core:version": "1.2.0"}, "captures": [{"core:sample_start": 2}, {"core:sample_start": 1}]}`,
		`[1, 2]`, `{"global": {}}`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMeta(data)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrMetadata) {
				t.Fatalf("error %v (%T) is not a *FieldError wrapping ErrMetadata", err, err)
			}
			return
		}
		out, err := m.Marshal()
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := ParseMeta(out)
		if err != nil {
			t.Fatalf("ParseMeta of Marshal's output: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, m) {
			t.Fatalf("read back\n%+v\nwant\n%+v", back, m)
		}
		again, err := back.Marshal()
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("written again differently (%v):\n%s\nthen\n%s", err, out, again)
		}
	})
}
