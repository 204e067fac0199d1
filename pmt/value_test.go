package pmt_test

import (
	"testing"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
)

func TestValueKindsAndString(t *testing.T) {
	long := make([]float32, 20)
	for _, tc := range []struct {
		v    pmt.Value
		kind pmt.Kind
		s    string
	}{
		{pmt.Value{}, pmt.KindNull, "null"},
		{pmt.Bool(true), pmt.KindBool, "true"},
		{pmt.Int(-3), pmt.KindInt, "-3"},
		{pmt.Float(1.5), pmt.KindFloat, "1.5"},
		{pmt.Complex(1 + 2i), pmt.KindComplex, "(1+2i)"},
		{pmt.String("a b"), pmt.KindString, `"a b"`},
		{pmt.Bytes([]byte{1, 2}), pmt.KindBytes, "#u8[1 2]"},
		{pmt.Floats(long), pmt.KindFloats, "#f32[0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 ... (20 items)]"},
		{pmt.Complexes([]complex64{1i}), pmt.KindComplexes, "#c64[(0+1i)]"},
		{pmt.Map(map[string]pmt.Value{"b": pmt.Int(2), "a": pmt.Value{}}), pmt.KindMap, "{a: null, b: 2}"},
		{pmt.List(pmt.Int(1), pmt.String("x")), pmt.KindList, `[1, "x"]`},
		{pmt.Map(map[string]pmt.Value{"\x1b[2J": pmt.Int(1), "": pmt.Value{}, "a b": pmt.Bool(true)}),
			pmt.KindMap, `{"": null, "\x1b[2J": 1, a b: true}`},
	} {
		if tc.v.Kind() != tc.kind || tc.v.String() != tc.s {
			t.Errorf("%v: kind %v, want %v %q", tc.v, tc.v.Kind(), tc.kind, tc.s)
		}
		back, err := pmt.FromAny(tc.v.Any())
		if err != nil || !back.Equal(tc.v) {
			t.Errorf("FromAny(Any()) of %v: %v, %v", tc.v, back, err)
		}
	}
	if f, ok := pmt.Int(2).Float(); !ok || f != 2 {
		t.Error("an int reads as a float")
	}
	if _, ok := pmt.String("x").Int(); ok {
		t.Error("a string read as an int")
	}
}

func TestFromAny(t *testing.T) {
	v, err := pmt.FromAny(map[string]any{"n": uint32(7), "l": []any{float32(0.5), nil, true}})
	if err != nil || v.String() != "{l: [0.5, null, true], n: 7}" {
		t.Fatalf("%v, %v", v, err)
	}
	for _, bad := range []any{struct{}{}, uint64(1) << 63, []float64{1}, map[string]any{"x": make(chan int)}} {
		if _, err := pmt.FromAny(bad); err == nil {
			t.Errorf("FromAny(%T) accepted", bad)
		}
	}
}

func TestPDUAndTagConversions(t *testing.T) {
	p := pmt.PDU{Meta: map[string]pmt.Value{"k": pmt.Int(1)}, Data: pmt.Bytes([]byte("hi"))}
	q, ok := pmt.AsPDU(p.Value())
	if !ok || !q.Data.Equal(p.Data) || !pmt.Map(q.Meta).Equal(pmt.Map(p.Meta)) {
		t.Fatalf("round trip: %v", q)
	}
	if q, ok := pmt.AsPDU(pmt.Floats([]float32{1})); !ok || len(q.Meta) != 0 {
		t.Error("a bare vector is a PDU without metadata")
	}
	for _, bad := range []pmt.Value{pmt.Int(1), pmt.List(pmt.Int(1), pmt.Bytes(nil)), pmt.List(pmt.Map(nil), pmt.String("x"))} {
		if _, ok := pmt.AsPDU(bad); ok {
			t.Errorf("%v read as a PDU", bad)
		}
	}
	tag := buffer.Tag{Offset: 42, Key: "rx_freq", Value: 1e9}
	v, err := pmt.FromTag(tag)
	if err != nil || v.String() != `{key: "rx_freq", offset: 42, value: 1e+09}` {
		t.Fatalf("TagValue: %v, %v", v, err)
	}
	if back, err := pmt.ToTag(v); err != nil || back != tag {
		t.Fatalf("TagFromValue: %v, %v", back, err)
	}
	if _, err := pmt.FromTag(buffer.Tag{Key: "x", Value: struct{}{}}); err == nil {
		t.Error("an unrepresentable tag value converted")
	}
	if _, err := pmt.ToTag(pmt.Int(1)); err == nil {
		t.Error("an int read as a tag")
	}
}
