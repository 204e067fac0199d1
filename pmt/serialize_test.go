package pmt_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/pmt"
)

// goldenFile holds what GNU Radio's pmt.serialize_str makes of the values
// of testdata/gen_vectors.py, one "name<TAB>hex" line each.
const goldenFile = "testdata/gnuradio_vectors.txt"

type m = map[string]pmt.Value

// goldenCase is the Value of one line of the golden file.
type goldenCase struct {
	// v is the Value the GNU Radio PMT maps to: Serialize(v) must give the
	// golden bytes and Deserialize of them v, unless decodeOnly.
	v pmt.Value
	// decodeOnly: the PMT decodes to v, but v serializes otherwise (a
	// tuple decodes to a List, which serializes as a vector or a pair).
	decodeOnly bool
	// err: Deserialize fails with this error.
	err error
}

func s(x string) pmt.Value        { return pmt.String(x) }
func i(x int64) pmt.Value         { return pmt.Int(x) }
func f(x float64) pmt.Value       { return pmt.Float(x) }
func l(vs ...pmt.Value) pmt.Value { return pmt.List(vs...) }

var goldenCases = map[string]goldenCase{
	"true":              {v: pmt.Bool(true)},
	"false":             {v: pmt.Bool(false)},
	"null":              {v: pmt.Null()},
	"int_0":             {v: i(0)},
	"int_1":             {v: i(1)},
	"int_minus_1":       {v: i(-1)},
	"int_max32":         {v: i(math.MaxInt32)},
	"int_min32":         {v: i(math.MinInt32)},
	"int_max32_plus_1":  {v: i(math.MaxInt32 + 1)},
	"int_min32_minus_1": {v: i(math.MinInt32 - 1)},
	"int_max64":         {v: i(math.MaxInt64)},
	"int_min64":         {v: i(math.MinInt64)},
	"uint64_5":          {v: i(5), decodeOnly: true},
	"uint64_max":        {err: pmt.ErrUnsupported},
	"double_0":          {v: f(0)},
	"double_minus_0":    {v: f(math.Copysign(0, -1))},
	"double_1_5":        {v: f(1.5)},
	"double_big":        {v: f(-2.25e300)},
	"double_inf":        {v: f(math.Inf(1))},
	"complex":           {v: pmt.Complex(1.5 - 2i)},
	"symbol_empty":      {v: s("")},
	"symbol_freq":       {v: s("freq")},
	"symbol_utf8":       {v: s("héllo → 📡")},
	"symbol_300":        {v: s(strings.Repeat("x", 300))},
	"u8vector_empty":    {v: pmt.Bytes(nil)},
	"u8vector":          {v: pmt.Bytes([]byte{0, 1, 127, 255})},
	"f32vector":         {v: pmt.Floats([]float32{1.5, -2, 3.25})},
	"c32vector":         {v: pmt.Complexes([]complex64{1 + 2i, complex64(complex(math.Copysign(0, -1), -0.5))})}, // Python's -0.5j
	"s8vector":          {v: l(i(-128), i(0), i(127)), decodeOnly: true},
	"u16vector":         {v: l(i(1), i(65535)), decodeOnly: true},
	"s16vector":         {v: l(i(-32768), i(32767)), decodeOnly: true},
	"u32vector":         {v: l(i(1), i(math.MaxUint32)), decodeOnly: true},
	"s32vector":         {v: l(i(math.MinInt32), i(math.MaxInt32)), decodeOnly: true},
	"u64vector":         {v: l(i(1), i(math.MaxInt64)), decodeOnly: true},
	"s64vector":         {v: l(i(math.MinInt64), i(math.MaxInt64)), decodeOnly: true},
	"f64vector":         {v: l(f(0.5), f(-1e300)), decodeOnly: true},
	"c64vector":         {v: l(pmt.Complex(1 - 1i)), decodeOnly: true},
	"dict_empty":        {v: pmt.Null()}, // GNU Radio's empty dictionary is null
	"dict":              {v: pmt.Map(m{"a": i(1), "b": s("x"), "c": f(2.5)})},
	"dict_nested": {v: pmt.Map(m{
		"meta": pmt.Map(m{"k": f(1)}),
		"v":    l(i(1), i(2), i(3)),
		"cmd":  l(s("freq"), f(1e6)),
		"none": pmt.Null(),
	})},
	"dict_list_value":       {v: pmt.Map(m{"l": l(i(1), i(2), i(3))}), decodeOnly: true},
	"dict_int_key":          {err: pmt.ErrUnsupported},
	"pair_command":          {v: l(s("freq"), f(100e6))},
	"pair_nested":           {v: l(s("a"), l(s("b"), s("c")))},
	"pdu":                   {v: pmt.PDU{Meta: m{"packet_len": i(3)}, Data: pmt.Bytes([]byte{1, 2, 3})}.Value()},
	"pdu_no_meta":           {v: l(pmt.Null(), pmt.Complexes([]complex64{1i}))},
	"pdu_f32":               {v: pmt.PDU{Meta: m{"freq": f(1e6), "name": s("burst")}, Data: pmt.Floats([]float32{0.25, -0.25})}.Value()},
	"vector_empty":          {v: l()},
	"vector_one":            {v: l(s("x"))},
	"vector_three":          {v: l(i(1), s("a"), f(2.5))},
	"vector_ending_in_null": {v: l(s("a"), pmt.Null())},
	"vector_nested":         {v: l(l(), pmt.Bytes([]byte{9}), pmt.Null(), pmt.Bool(false))},
	"tuple":                 {v: l(i(1), i(2)), decodeOnly: true},
	"list1":                 {v: l(s("a")), decodeOnly: true},
	"list2":                 {v: l(s("a"), s("b")), decodeOnly: true},
	"list3":                 {v: l(s("a"), s("b"), s("c")), decodeOnly: true},
}

// readGolden parses the golden file's lines into name → bytes, in order.
func readGolden(t *testing.T, data []byte) (names []string, golden map[string][]byte) {
	t.Helper()
	golden = map[string][]byte{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, h, ok := strings.Cut(line, "\t")
		b, err := hex.DecodeString(h)
		if !ok || err != nil {
			t.Fatalf("%s: bad line %q", goldenFile, line)
		}
		names = append(names, name)
		golden[name] = b
	}
	return names, golden
}

func TestSerializeMatchesGNURadioGolden(t *testing.T) {
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	names, golden := readGolden(t, data)
	for _, name := range names {
		tc, ok := goldenCases[name]
		if !ok {
			t.Errorf("%s: in %s but not in the test's table", name, goldenFile)
			continue
		}
		want := golden[name]
		got, n, err := pmt.Deserialize(want)
		switch {
		case tc.err != nil:
			if !errors.Is(err, tc.err) {
				t.Errorf("%s: Deserialize(%x) = %v, %v, want %v", name, want, got, err, tc.err)
			}
			continue
		case err != nil:
			t.Errorf("%s: Deserialize(%x): %v", name, want, err)
		case n != len(want) || !got.Equal(tc.v):
			t.Errorf("%s: Deserialize(%x) = %v (%d bytes), want %v (%d bytes)", name, want, got, n, tc.v, len(want))
		}
		if tc.decodeOnly {
			continue
		}
		b, err := pmt.Serialize(tc.v)
		if err != nil || !bytes.Equal(b, want) {
			t.Errorf("%s: Serialize(%v) = %x, %v; GNU Radio: %x", name, tc.v, b, err, want)
		}
	}
	for name := range goldenCases {
		if _, ok := golden[name]; !ok {
			t.Errorf("%s: in the test's table but not in %s (regenerate it)", name, goldenFile)
		}
	}
}

// TestGNURadioGoldenUpToDate regenerates the golden file with GNU Radio
// when its Python module is importable, and fails if it drifted.
func TestGNURadioGoldenUpToDate(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import pmt").Run(); err != nil {
		t.Skipf("GNU Radio's pmt module is not importable by %s (%v): checked against the committed %s only", python, err, goldenFile)
	}
	out, err := exec.Command(python, "testdata/gen_vectors.py").Output()
	if err != nil {
		t.Fatalf("gen_vectors.py: %v", err)
	}
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	names, golden := readGolden(t, data)
	gotNames, fresh := readGolden(t, out)
	if strings.Join(names, " ") != strings.Join(gotNames, " ") {
		t.Fatalf("%s lists other values than gen_vectors.py: regenerate it", goldenFile)
	}
	for _, name := range names {
		if !bytes.Equal(golden[name], fresh[name]) {
			t.Errorf("%s: GNU Radio now serializes %x, %s says %x", name, fresh[name], goldenFile, golden[name])
		}
	}
}

func TestSerializeRoundTripsEveryKind(t *testing.T) {
	for _, v := range []pmt.Value{
		pmt.Null(), pmt.Bool(true), i(-7), i(1 << 40), f(-0.125), pmt.Complex(-1i), s("x"),
		pmt.Bytes(make([]byte, 300)), pmt.Floats([]float32{1, 2}), pmt.Complexes(nil),
		pmt.Map(m{"k": l(s("a"), l(s("b"), l(s("c"), s("d"))))}),
		l(l(s("a"), i(1)), l(s("b"), i(2))),
		l(pmt.Null(), i(1), pmt.Null()),
		l(s("x"), pmt.Map(m{"y": pmt.Bool(false)})),
		l(s("x"), l(i(1), pmt.Null())),
		pmt.Map(m{"a": l(i(1))}),
	} {
		b, err := pmt.Serialize(v)
		if err != nil {
			t.Fatalf("Serialize(%v): %v", v, err)
		}
		back, n, err := pmt.Deserialize(append(b, 0xff))
		if err != nil || n != len(b) || !back.Equal(v) {
			t.Errorf("%v: serialized %x, read back %v (%d of %d bytes), %v", v, b, back, n, len(b), err)
		}
	}
}

func TestSerializeEmptyMapIsNull(t *testing.T) {
	b, err := pmt.Serialize(pmt.Map(nil))
	if err != nil || !bytes.Equal(b, []byte{0x06}) {
		t.Fatalf("Serialize({}) = %x, %v; want 06", b, err)
	}
	p, ok := pmt.AsPDU(mustDeserialize(t, mustSerialize(t, pmt.PDU{Data: pmt.Bytes([]byte{1})}.Value())))
	if !ok || len(p.Meta) != 0 || !p.Data.Equal(pmt.Bytes([]byte{1})) {
		t.Errorf("a PDU without metadata reads back as %v, %v", p, ok)
	}
}

func mustSerialize(t *testing.T, v pmt.Value) []byte {
	t.Helper()
	b, err := pmt.Serialize(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustDeserialize(t *testing.T, b []byte) pmt.Value {
	t.Helper()
	v, _, err := pmt.Deserialize(b)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAppendSerializedAppends(t *testing.T) {
	b, err := pmt.AppendSerialized([]byte{0xaa}, pmt.Bool(false))
	if err != nil || !bytes.Equal(b, []byte{0xaa, 0x01}) {
		t.Errorf("AppendSerialized = %x, %v", b, err)
	}
	b, err = pmt.AppendSerialized([]byte{0xaa}, s(strings.Repeat("x", 1<<16)))
	if !errors.Is(err, pmt.ErrTooLarge) || !bytes.Equal(b, []byte{0xaa}) {
		t.Errorf("a 64 KiB string: %x, %v; want dst unchanged and ErrTooLarge", b, err)
	}
}

func TestSerializeRefusesTooDeep(t *testing.T) {
	v := pmt.Null()
	for range pmt.MaxDepth {
		v = l(v)
	}
	if _, err := pmt.Serialize(v); err != nil {
		t.Fatalf("%d levels: %v", pmt.MaxDepth, err)
	}
	if _, err := pmt.Serialize(l(v)); !errors.Is(err, pmt.ErrTooLarge) {
		t.Errorf("%d levels: %v, want ErrTooLarge", pmt.MaxDepth+1, err)
	}
	// A list that holds itself is refused, not followed for ever.
	self := []pmt.Value{i(1), pmt.Null()}
	self[1] = pmt.List(self...)
	if _, err := pmt.Serialize(pmt.List(self...)); !errors.Is(err, pmt.ErrTooLarge) {
		t.Errorf("a cyclic list: %v, want ErrTooLarge", err)
	}
}

func TestDeserializeRejectsBadInput(t *testing.T) {
	deep := bytes.Repeat([]byte{0x08, 0, 0, 0, 1}, pmt.MaxDepth+1)
	deep = append(deep, 0x06)
	longImproper := bytes.Repeat([]byte{0x07, 0x01}, pmt.MaxDepth+1)
	longImproper = append(longImproper, 0x00)
	manyNulls := append([]byte{0x08, 0, 0x20, 0, 0}, bytes.Repeat([]byte{0x06}, 0x200000)...)
	for _, tc := range []struct {
		name string
		in   string // hex
		raw  []byte
		err  error
	}{
		{"empty", "", nil, pmt.ErrMalformed},
		{"unknown tag", "0e", nil, pmt.ErrMalformed},
		{"comment", "3b", nil, pmt.ErrUnsupported},
		{"short int32", "03000000", nil, pmt.ErrMalformed},
		{"short symbol", "020005616263", nil, pmt.ErrMalformed},
		{"vector count beyond the input", "08ffffffff06", nil, pmt.ErrMalformed},
		{"uniform count beyond the input", "0a08ffffffff0100", nil, pmt.ErrMalformed},
		{"uniform type unknown", "0a0c00000000 0100", nil, pmt.ErrMalformed},
		{"uniform big-endian flag", "0a8000000000 0100", nil, pmt.ErrMalformed},
		{"uniform padding cut", "0a000000000005 00", nil, pmt.ErrMalformed},
		{"u64vector overflow", "0a06000000010100ffffffffffffffff", nil, pmt.ErrUnsupported},
		{"pair without cdr", "0706", nil, pmt.ErrMalformed},
		{"dict entry not a pair", "090306", nil, pmt.ErrMalformed},
		{"dict not ended", "0907020001610600", nil, pmt.ErrMalformed},
		{"dict key not a symbol", "0907010006", nil, pmt.ErrUnsupported},
		{"too deep", "", deep, pmt.ErrTooLarge},
		{"improper list too deep", "", longImproper, pmt.ErrTooLarge},
		{"too many values", "", manyNulls, pmt.ErrTooLarge},
	} {
		in := tc.raw
		if in == nil {
			var err error
			if in, err = hex.DecodeString(strings.ReplaceAll(tc.in, " ", "")); err != nil {
				t.Fatal(err)
			}
		}
		v, n, err := pmt.Deserialize(in)
		if !errors.Is(err, tc.err) || n != 0 || !v.IsNull() {
			t.Errorf("%s: Deserialize = %v, %d, %v; want %v", tc.name, v, n, err, tc.err)
		}
	}
}

// FuzzDeserialize checks that any input decodes to a Value or fails
// cleanly, and that whatever decodes serializes and reads back the same.
func FuzzDeserialize(f *testing.F) {
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if _, h, ok := strings.Cut(line, "\t"); ok {
			b, _ := hex.DecodeString(h)
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		v, n, err := pmt.Deserialize(in)
		if err != nil {
			return
		}
		if n <= 0 || n > len(in) {
			t.Fatalf("consumed %d of %d bytes", n, len(in))
		}
		b, err := pmt.Serialize(v)
		if err != nil {
			t.Fatalf("%v decoded from %x does not serialize: %v", v, in[:n], err)
		}
		w, n2, err := pmt.Deserialize(b)
		if err != nil || n2 != len(b) {
			t.Fatalf("%v: serialized %x reads back as %v (%d bytes), %v", v, b, w, n2, err)
		}
		b2, err := pmt.Serialize(w)
		if err != nil || !bytes.Equal(b, b2) { // bytes, so that NaNs compare
			t.Fatalf("%v decoded from %x: serialized %x, then %x", v, in[:n], b, b2)
		}
	})
}
