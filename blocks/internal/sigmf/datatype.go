package sigmf

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Format is the type of one component (a real sample, or the I or Q part of
// a complex one) of a SigMF dataset.
type Format uint8

// The component formats of the core namespace.
const (
	F32 Format = iota
	F64
	I32
	I16
	U32
	U16
	I8
	U8
)

var formatNames = [...]string{F32: "f32", F64: "f64", I32: "i32", I16: "i16", U32: "u32", U16: "u16", I8: "i8", U8: "u8"}

func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", f)
}

// Size returns the size of a component in bytes.
func (f Format) Size() int {
	switch f {
	case F64:
		return 8
	case F32, I32, U32:
		return 4
	case I16, U16:
		return 2
	}
	return 1
}

// Datatype is a SigMF dataset format (core:datatype): real or complex
// samples of a component Format in an endianness. The zero value is rf32_le.
type Datatype struct {
	Complex   bool
	Format    Format
	BigEndian bool // meaningless for 8-bit formats
}

// ParseDatatype parses a dataset format such as "cf32_le", "ri16_be" or
// "cu8". 8-bit formats take no endianness (a suffix is accepted and
// ignored); the others need one.
func ParseDatatype(s string) (Datatype, error) {
	var d Datatype
	bad := func() (Datatype, error) {
		return Datatype{}, fmt.Errorf("%q is not a SigMF datatype (want r or c, a type f32 f64 i32 i16 u32 u16 i8 u8, and _le or _be: cf32_le, ri16_be, cu8)", s)
	}
	if s == "" || s[0] != 'r' && s[0] != 'c' {
		return bad()
	}
	d.Complex = s[0] == 'c'
	typ, end, hasEnd := strings.Cut(s[1:], "_")
	f := slices.Index(formatNames[:], typ)
	if f < 0 {
		return bad()
	}
	d.Format = Format(f)
	switch {
	case !hasEnd && d.Format.Size() == 1:
	case !hasEnd:
		return Datatype{}, fmt.Errorf("%q has no endianness (want %s_le or %s_be)", s, s, s)
	case end == "le":
	case end == "be":
		d.BigEndian = d.Format.Size() > 1
	default:
		return Datatype{}, fmt.Errorf("%q: endianness %q is not _le or _be", s, "_"+end)
	}
	return d, nil
}

// String returns the canonical name: cf32_le, ri16_be, cu8.
func (d Datatype) String() string {
	s := "r"
	if d.Complex {
		s = "c"
	}
	s += d.Format.String()
	switch {
	case d.Format.Size() == 1:
	case d.BigEndian:
		s += "_be"
	default:
		s += "_le"
	}
	return s
}

// Components returns the components of a sample: 2 if complex, else 1.
func (d Datatype) Components() int {
	if d.Complex {
		return 2
	}
	return 1
}

// SampleSize returns the size of a sample in bytes.
func (d Datatype) SampleSize() int { return d.Components() * d.Format.Size() }

// order returns d's byte order.
func (d Datatype) order() binary.ByteOrder {
	if d.BigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// Decode converts the components in src (in d's format) to float32, scaled
// as the package documentation says, into dst. It converts min(len(dst),
// len(src)/Format.Size()) components and returns their number; a complex
// sample is two components, I then Q.
func (d Datatype) Decode(dst []float32, src []byte) int {
	size := d.Format.Size()
	n := min(len(dst), len(src)/size)
	dst, src = dst[:n], src[:n*size]
	be := d.BigEndian
	switch d.Format {
	case F32:
		for i := range dst {
			dst[i] = math.Float32frombits(u32(src[4*i:], be))
		}
	case F64:
		for i := range dst {
			dst[i] = float32(math.Float64frombits(u64(src[8*i:], be)))
		}
	case I32:
		for i := range dst {
			dst[i] = float32(float64(int32(u32(src[4*i:], be))) * 0x1p-31)
		}
	case U32:
		for i := range dst {
			dst[i] = float32((float64(u32(src[4*i:], be)) - 0x1p31) * 0x1p-31)
		}
	case I16:
		for i := range dst {
			dst[i] = float32(int16(u16(src[2*i:], be))) * 0x1p-15
		}
	case U16:
		for i := range dst {
			dst[i] = (float32(u16(src[2*i:], be)) - 0x1p15) * 0x1p-15
		}
	case I8:
		for i, b := range src {
			dst[i] = float32(int8(b)) * 0x1p-7
		}
	case U8:
		for i, b := range src {
			dst[i] = (float32(b) - 0x1p7) * 0x1p-7
		}
	}
	return n
}

// Encode converts float32 components to d's format, scaled, rounded and
// clipped as the package documentation says, into dst. It converts
// min(len(src), len(dst)/Format.Size()) components and returns their number.
func (d Datatype) Encode(dst []byte, src []float32) int {
	size := d.Format.Size()
	n := min(len(src), len(dst)/size)
	dst, src = dst[:n*size], src[:n]
	o := d.order()
	switch d.Format {
	case F32:
		for i, x := range src {
			o.PutUint32(dst[4*i:], math.Float32bits(x))
		}
	case F64:
		for i, x := range src {
			o.PutUint64(dst[8*i:], math.Float64bits(float64(x)))
		}
	case I32:
		for i, x := range src {
			o.PutUint32(dst[4*i:], uint32(int32(quantize(x, 0x1p31, 0, math.MinInt32, math.MaxInt32))))
		}
	case U32:
		for i, x := range src {
			o.PutUint32(dst[4*i:], uint32(quantize(x, 0x1p31, 0x1p31, 0, math.MaxUint32)))
		}
	case I16:
		for i, x := range src {
			o.PutUint16(dst[2*i:], uint16(int16(quantize(x, 0x1p15, 0, math.MinInt16, math.MaxInt16))))
		}
	case U16:
		for i, x := range src {
			o.PutUint16(dst[2*i:], uint16(quantize(x, 0x1p15, 0x1p15, 0, math.MaxUint16)))
		}
	case I8:
		for i, x := range src {
			dst[i] = byte(int8(quantize(x, 0x1p7, 0, math.MinInt8, math.MaxInt8)))
		}
	case U8:
		for i, x := range src {
			dst[i] = byte(quantize(x, 0x1p7, 0x1p7, 0, math.MaxUint8))
		}
	}
	return n
}

// quantize returns round(x·scale + offset) clipped to [lo, hi] (NaN as 0).
func quantize(x float32, scale, offset, lo, hi float64) int64 {
	v := float64(x)
	if v != v {
		v = 0
	}
	return int64(max(min(math.RoundToEven(v*scale+offset), hi), lo))
}

func u16(b []byte, be bool) uint16 {
	if be {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func u32(b []byte, be bool) uint32 {
	if be {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

func u64(b []byte, be bool) uint64 {
	if be {
		return binary.BigEndian.Uint64(b)
	}
	return binary.LittleEndian.Uint64(b)
}
