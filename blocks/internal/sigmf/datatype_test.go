package sigmf

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// allDatatypes returns every core datatype, each endianness of the
// multi-byte ones.
func allDatatypes() []Datatype {
	var all []Datatype
	for _, c := range []bool{false, true} {
		for f := F32; f <= U8; f++ {
			all = append(all, Datatype{Complex: c, Format: f})
			if f.Size() > 1 {
				all = append(all, Datatype{Complex: c, Format: f, BigEndian: true})
			}
		}
	}
	return all
}

func TestParseDatatypeAcceptsTheCoreFormats(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"cf32_le", "cf32_le"}, {"rf32_be", "rf32_be"}, {"cf64_le", "cf64_le"}, {"ri32_be", "ri32_be"},
		{"ci16_le", "ci16_le"}, {"ru16_be", "ru16_be"}, {"cu32_le", "cu32_le"},
		{"ci8", "ci8"}, {"cu8", "cu8"}, {"ri8", "ri8"}, {"ru8", "ru8"},
		{"cu8_le", "cu8"}, {"ci8_be", "ci8"}, // the schema's pattern allows a suffix on bytes
	} {
		d, err := ParseDatatype(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if d.String() != tc.want {
			t.Errorf("%s reads as %s, want %s", tc.in, d, tc.want)
		}
	}
	for _, d := range allDatatypes() {
		back, err := ParseDatatype(d.String())
		if err != nil || back != d {
			t.Errorf("%s: parsed back as %v, %v", d, back, err)
		}
	}
}

func TestParseDatatypeRefusesOtherNames(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "not a SigMF datatype"},
		{"xf32_le", "not a SigMF datatype"},
		{"cf16_le", "not a SigMF datatype"},
		{"CF32_LE", "not a SigMF datatype"},
		{"cf32", "no endianness"},
		{"ri16", "no endianness"},
		{"cf32_xx", `endianness "_xx"`},
		{"cf32_le_", `endianness "_le_"`},
		{"c", "not a SigMF datatype"},
	} {
		_, err := ParseDatatype(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.in, err, tc.want)
		}
	}
}

func TestDatatypeSizes(t *testing.T) {
	for _, tc := range []struct {
		name       string
		components int
		size       int
	}{{"cf32_le", 2, 8}, {"rf64_be", 1, 8}, {"ci16_le", 2, 4}, {"cu8", 2, 2}, {"ri8", 1, 1}, {"cu32_be", 2, 8}} {
		d, err := ParseDatatype(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		if d.Components() != tc.components || d.SampleSize() != tc.size {
			t.Errorf("%s: %d components, %d bytes; want %d, %d", tc.name, d.Components(), d.SampleSize(), tc.components, tc.size)
		}
	}
}

// TestDecodeGoldenVectors decodes components written byte by byte here,
// independently of Encode, and compares them with the documented scaling.
func TestDecodeGoldenVectors(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want []float32
	}{
		{"rf32_le", []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0xbf}, []float32{1, -0.5}},
		{"rf32_be", []byte{0x3f, 0x80, 0, 0, 0xbf, 0, 0, 0}, []float32{1, -0.5}},
		{"rf64_le", []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0xd0, 0xbf}, []float32{1, -0.25}},
		{"rf64_be", []byte{0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0xbf, 0xd0, 0, 0, 0, 0, 0, 0}, []float32{1, -0.25}},
		{"ri32_le", []byte{0, 0, 0, 0x40, 0, 0, 0, 0x80, 0xff, 0xff, 0xff, 0x7f}, []float32{0.5, -1, 1}}, // 2^31-1 rounds to 1 in float32
		{"ri32_be", []byte{0x40, 0, 0, 0, 0x80, 0, 0, 0}, []float32{0.5, -1}},
		{"ru32_le", []byte{0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0xc0}, []float32{0, -1, 0.5}},
		{"ru32_be", []byte{0x80, 0, 0, 0, 0xc0, 0, 0, 0}, []float32{0, 0.5}},
		{"ri16_le", []byte{0, 0x40, 0, 0x80, 0xff, 0x7f, 0xff, 0xff}, []float32{0.5, -1, 32767.0 / 32768, -1.0 / 32768}},
		{"ri16_be", []byte{0x40, 0, 0x80, 0, 0x7f, 0xff}, []float32{0.5, -1, 32767.0 / 32768}},
		{"ru16_le", []byte{0, 0x80, 0, 0, 0xff, 0xff, 0, 0xc0}, []float32{0, -1, 32767.0 / 32768, 0.5}},
		{"ru16_be", []byte{0x80, 0, 0xc0, 0}, []float32{0, 0.5}},
		{"ri8", []byte{0, 0x40, 0x80, 0x7f, 0xff}, []float32{0, 0.5, -1, 127.0 / 128, -1.0 / 128}},
		{"ru8", []byte{128, 192, 0, 255, 127}, []float32{0, 0.5, -1, 127.0 / 128, -1.0 / 128}},
		{"cu8", []byte{128, 0, 255, 64}, []float32{0, -1, 127.0 / 128, -0.5}},
		{"ci16_le", []byte{0, 0x40, 0, 0xc0}, []float32{0.5, -0.5}},
	} {
		d, err := ParseDatatype(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]float32, len(tc.want)+1) // room for more than there is
		n := d.Decode(got, tc.data)
		if n != len(tc.want) {
			t.Errorf("%s: decoded %d components, want %d", tc.name, n, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if got[i] != w {
				t.Errorf("%s: component %d is %v, want %v", tc.name, i, got[i], w)
			}
		}
	}
}

// TestEncodeThenDecodeIsWithinHalfAStep writes random values in [-1, 1)
// and reads them back: floats exactly, integers within half a step of the
// value clipped to the largest code.
func TestEncodeThenDecodeIsWithinHalfAStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	in := make([]float32, 10_000)
	for i := range in {
		in[i] = float32(2*rng.Float64() - 1)
	}
	in = append(in, 0, -1, 0.5, -0.5)
	for _, d := range allDatatypes() {
		buf := make([]byte, len(in)*d.Format.Size())
		if n := d.Encode(buf, in); n != len(in) {
			t.Fatalf("%s: encoded %d of %d", d, n, len(in))
		}
		out := make([]float32, len(in))
		d.Decode(out, buf)
		tol, top := 0.0, 1.0
		if bits := 8 * d.Format.Size(); d.Format != F32 && d.Format != F64 {
			tol, top = math.Ldexp(1, -bits), 1-math.Ldexp(1, 1-bits) // the largest code
		}
		for i, x := range in {
			want := min(float64(x), top) // clipped
			if diff := math.Abs(float64(out[i]) - want); diff > tol {
				t.Fatalf("%s: %v read back as %v (off by %v, tolerance %v)", d, x, out[i], diff, tol)
			}
		}
	}
}

// TestDecodeThenEncodeKeepsEveryCode checks that integer codes survive a
// read and a write unchanged: a recording copied through float32 is the
// same file.
func TestDecodeThenEncodeKeepsEveryCode(t *testing.T) {
	for _, d := range allDatatypes() {
		var raw []byte
		switch d.Format.Size() {
		case 1:
			for c := range 256 {
				raw = append(raw, byte(c))
			}
		case 2:
			for c := 0; c < 1<<16; c += 7 {
				raw = binary.LittleEndian.AppendUint16(raw, uint16(c))
			}
		case 4:
			if d.Format == F32 || d.Format == I32 || d.Format == U32 {
				// float32 holds 24 bits: 32-bit integer codes that are
				// multiples of 2^8 survive.
				for c := uint32(0); c < 1<<24; c += 4099 {
					raw = d.order().(binary.AppendByteOrder).AppendUint32(raw, c<<8)
				}
			}
			if d.Format == F32 {
				raw = raw[:0]
				for _, f := range []float32{0, 1, -1, 0.1, 3e38, float32(math.Inf(-1))} {
					raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(f))
				}
			}
		case 8:
			for _, f := range []float64{0, 1, -1, 0.5, 0x1p100} { // float32 values
				raw = d.order().(binary.AppendByteOrder).AppendUint64(raw, math.Float64bits(f))
			}
		}
		vals := make([]float32, len(raw)/d.Format.Size())
		d.Decode(vals, raw)
		back := make([]byte, len(raw))
		d.Encode(back, vals)
		if string(back) != string(raw) {
			for i := range raw {
				if raw[i] != back[i] {
					t.Fatalf("%s: byte %d: %#x written back as %#x", d, i, raw[i], back[i])
				}
			}
		}
	}
}

func TestEncodeClipsAndRoundsHalfToEven(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []float32
		want []byte
	}{
		{"ri8", []float32{1, -1, 2, -2, float32(math.NaN()), 0.5 / 128, 1.5 / 128, -0.5 / 128}, []byte{127, 0x80, 127, 0x80, 0, 0, 2, 0}},
		{"ru8", []float32{1, -1, 2, -2, float32(math.NaN()), 0.5 / 128}, []byte{255, 0, 255, 0, 128, 128}},
		{"ri16_le", []float32{1, -1.5}, []byte{0xff, 0x7f, 0, 0x80}},
		{"ri16_be", []float32{1, -1.5}, []byte{0x7f, 0xff, 0x80, 0}},
		{"ru16_le", []float32{1, -1.5, float32(math.Inf(1))}, []byte{0xff, 0xff, 0, 0, 0xff, 0xff}},
		{"ri32_le", []float32{1, float32(math.Inf(-1))}, []byte{0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0x80}},
		{"ru32_be", []float32{1, -1}, []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}},
	} {
		d, _ := ParseDatatype(tc.name)
		got := make([]byte, len(tc.want))
		if n := d.Encode(got, tc.in); n != len(tc.in) {
			t.Errorf("%s: encoded %d of %d", tc.name, n, len(tc.in))
		}
		if string(got) != string(tc.want) {
			t.Errorf("%s: % x, want % x", tc.name, got, tc.want)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, name := range []string{"cf32_be", "ci16_le", "cu8"} {
		d, _ := ParseDatatype(name)
		src := make([]byte, 4096*d.SampleSize())
		dst := make([]float32, 4096*d.Components())
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				d.Decode(dst, src)
			}
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	for _, name := range []string{"cf32_be", "ci16_le", "cu8"} {
		d, _ := ParseDatatype(name)
		dst := make([]byte, 4096*d.SampleSize())
		src := make([]float32, 4096*d.Components())
		for i := range src {
			src[i] = float32(i%200)/100 - 1
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(dst)))
			for b.Loop() {
				d.Encode(dst, src)
			}
		})
	}
}
