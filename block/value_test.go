package block_test

import (
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
)

func TestValueKindsAndString(t *testing.T) {
	long := make([]float32, 20)
	for _, tc := range []struct {
		v    block.Value
		kind block.Kind
		s    string
	}{
		{block.Value{}, block.KindNull, "null"},
		{block.BoolValue(true), block.KindBool, "true"},
		{block.IntValue(-3), block.KindInt, "-3"},
		{block.FloatValue(1.5), block.KindFloat, "1.5"},
		{block.ComplexValue(1 + 2i), block.KindComplex, "(1+2i)"},
		{block.StringValue("a b"), block.KindString, `"a b"`},
		{block.BytesValue([]byte{1, 2}), block.KindBytes, "#u8[1 2]"},
		{block.FloatsValue(long), block.KindFloats, "#f32[0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 ... (20 items)]"},
		{block.ComplexesValue([]complex64{1i}), block.KindComplexes, "#c64[(0+1i)]"},
		{block.MapValue(map[string]block.Value{"b": block.IntValue(2), "a": block.Value{}}), block.KindMap, "{a: null, b: 2}"},
		{block.ListValue(block.IntValue(1), block.StringValue("x")), block.KindList, `[1, "x"]`},
		{block.MapValue(map[string]block.Value{"\x1b[2J": block.IntValue(1), "": block.Value{}, "a b": block.BoolValue(true)}),
			block.KindMap, `{"": null, "\x1b[2J": 1, a b: true}`},
	} {
		if tc.v.Kind() != tc.kind || tc.v.String() != tc.s {
			t.Errorf("%v: kind %v, want %v %q", tc.v, tc.v.Kind(), tc.kind, tc.s)
		}
		back, err := block.FromAny(tc.v.Any())
		if err != nil || !back.Equal(tc.v) {
			t.Errorf("FromAny(Any()) of %v: %v, %v", tc.v, back, err)
		}
	}
	if f, ok := block.IntValue(2).Float(); !ok || f != 2 {
		t.Error("an int reads as a float")
	}
	if _, ok := block.StringValue("x").Int(); ok {
		t.Error("a string read as an int")
	}
}

func TestFromAny(t *testing.T) {
	v, err := block.FromAny(map[string]any{"n": uint32(7), "l": []any{float32(0.5), nil, true}})
	if err != nil || v.String() != "{l: [0.5, null, true], n: 7}" {
		t.Fatalf("%v, %v", v, err)
	}
	for _, bad := range []any{struct{}{}, uint64(1) << 63, []float64{1}, map[string]any{"x": make(chan int)}} {
		if _, err := block.FromAny(bad); err == nil {
			t.Errorf("FromAny(%T) accepted", bad)
		}
	}
}

func TestPDUAndTagConversions(t *testing.T) {
	p := block.PDU{Meta: map[string]block.Value{"k": block.IntValue(1)}, Data: block.BytesValue([]byte("hi"))}
	q, ok := block.PDUFromValue(p.Value())
	if !ok || !q.Data.Equal(p.Data) || !block.MapValue(q.Meta).Equal(block.MapValue(p.Meta)) {
		t.Fatalf("round trip: %v", q)
	}
	if q, ok := block.PDUFromValue(block.FloatsValue([]float32{1})); !ok || len(q.Meta) != 0 {
		t.Error("a bare vector is a PDU without metadata")
	}
	for _, bad := range []block.Value{block.IntValue(1), block.ListValue(block.IntValue(1), block.BytesValue(nil)), block.ListValue(block.MapValue(nil), block.StringValue("x"))} {
		if _, ok := block.PDUFromValue(bad); ok {
			t.Errorf("%v read as a PDU", bad)
		}
	}
	tag := buffer.Tag{Offset: 42, Key: "rx_freq", Value: 1e9}
	v, err := block.TagValue(tag)
	if err != nil || v.String() != `{key: "rx_freq", offset: 42, value: 1e+09}` {
		t.Fatalf("TagValue: %v, %v", v, err)
	}
	if back, err := block.TagFromValue(v); err != nil || back != tag {
		t.Fatalf("TagFromValue: %v, %v", back, err)
	}
	if _, err := block.TagValue(buffer.Tag{Key: "x", Value: struct{}{}}); err == nil {
		t.Error("an unrepresentable tag value converted")
	}
	if _, err := block.TagFromValue(block.IntValue(1)); err == nil {
		t.Error("an int read as a tag")
	}
}
