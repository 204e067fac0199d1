package pmt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Limits of Deserialize, so that hostile input fails instead of exhausting
// the stack or memory. Input of n bytes never allocates more than a small
// multiple of n bytes besides.
const (
	// MaxDepth is the deepest nesting of containers Serialize and
	// Deserialize accept (GNU Radio has no limit but its stack).
	MaxDepth = 64
	// MaxValues is the most values one Deserialize call decodes, elements
	// of containers included; the elements of Bytes, Floats and Complexes
	// count as one value each vector.
	MaxValues = 1 << 20
)

// Errors of Serialize and Deserialize, matched with errors.Is.
var (
	// ErrMalformed means the input is not a serialized PMT: truncated, an
	// unknown tag, a dictionary that is not a chain of pairs.
	ErrMalformed = errors.New("pmt: malformed serialized value")
	// ErrUnsupported means a well-formed PMT that no Value represents: a
	// uint64 above MaxInt64, a dictionary key that is not a symbol, a
	// comment.
	ErrUnsupported = errors.New("pmt: unsupported serialized value")
	// ErrTooLarge means a value beyond the limits: nesting deeper than
	// MaxDepth, more than MaxValues values, a string longer than 65535
	// bytes or a vector of more than 2³²−1 elements.
	ErrTooLarge = errors.New("pmt: value too large")
)

// The tags of the serialized form (GNU Radio's pmt_serial_tags.h).
const (
	pstTrue          = 0x00
	pstFalse         = 0x01
	pstSymbol        = 0x02
	pstInt32         = 0x03
	pstDouble        = 0x04
	pstComplex       = 0x05
	pstNull          = 0x06
	pstPair          = 0x07
	pstVector        = 0x08
	pstDict          = 0x09
	pstUniformVector = 0x0a
	pstUint64        = 0x0b
	pstTuple         = 0x0c
	pstInt64         = 0x0d
	pstComment       = 0x3b
)

// The subtypes of a uniform vector.
const (
	uviU8 = iota
	uviS8
	uviU16
	uviS16
	uviU32
	uviS32
	uviU64
	uviS64
	uviF32
	uviF64
	uviC32
	uviC64
)

// Serialize returns v in GNU Radio's serialized form (see AppendSerialized).
func Serialize(v Value) ([]byte, error) { return AppendSerialized(nil, v) }

// AppendSerialized appends v in GNU Radio's serialized form to dst and
// returns the extended slice, byte for byte what pmt.serialize_str writes
// for the PMT v maps to (see the package's serialization notes). A string
// longer than 65535 bytes, a vector of more than 2³²−1 elements or nesting
// deeper than MaxDepth is an error wrapping ErrTooLarge; dst is then
// returned unchanged.
func AppendSerialized(dst []byte, v Value) ([]byte, error) {
	out, err := appendValue(dst, v, 0)
	if err != nil {
		return dst, err
	}
	return out, nil
}

func appendValue(b []byte, v Value, depth int) ([]byte, error) {
	switch x := v.x.(type) {
	case nil:
		return append(b, pstNull), nil
	case bool:
		if x {
			return append(b, pstTrue), nil
		}
		return append(b, pstFalse), nil
	case int64:
		if x >= math.MinInt32 && x <= math.MaxInt32 {
			return binary.BigEndian.AppendUint32(append(b, pstInt32), uint32(int32(x))), nil
		}
		return binary.BigEndian.AppendUint64(append(b, pstInt64), uint64(x)), nil
	case float64:
		return binary.BigEndian.AppendUint64(append(b, pstDouble), math.Float64bits(x)), nil
	case complex128:
		b = binary.BigEndian.AppendUint64(append(b, pstComplex), math.Float64bits(real(x)))
		return binary.BigEndian.AppendUint64(b, math.Float64bits(imag(x))), nil
	case string:
		if len(x) > math.MaxUint16 {
			return nil, fmt.Errorf("%w: a string of %d bytes (a symbol holds at most 65535)", ErrTooLarge, len(x))
		}
		b = binary.BigEndian.AppendUint16(append(b, pstSymbol), uint16(len(x)))
		return append(b, x...), nil
	case []byte:
		b, err := appendUniformHeader(b, uviU8, len(x))
		return append(b, x...), err
	case []float32:
		b, err := appendUniformHeader(b, uviF32, len(x))
		for _, f := range x {
			b = binary.BigEndian.AppendUint32(b, math.Float32bits(f))
		}
		return b, err
	case []complex64:
		b, err := appendUniformHeader(b, uviC32, len(x))
		for _, c := range x {
			b = binary.BigEndian.AppendUint32(b, math.Float32bits(real(c)))
			b = binary.BigEndian.AppendUint32(b, math.Float32bits(imag(c)))
		}
		return b, err
	}
	if depth >= MaxDepth {
		return nil, fmt.Errorf("%w: nested deeper than %d", ErrTooLarge, MaxDepth)
	}
	switch x := v.x.(type) {
	case map[string]Value:
		// An alist of (key . value) cells, each tagged dict, ending in
		// null; an empty dictionary is null itself.
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var err error
		for _, k := range keys {
			b = append(b, pstDict, pstPair)
			if b, err = appendValue(b, String(k), depth+1); err != nil {
				return nil, err
			}
			if b, err = appendValue(b, x[k], depth+1); err != nil {
				return nil, err
			}
		}
		return append(b, pstNull), nil
	case []Value:
		var err error
		if len(x) == 2 && !x[1].IsNull() {
			// A pair; GNU Radio writes the cdr in place, as written here.
			if b, err = appendValue(append(b, pstPair), x[0], depth+1); err != nil {
				return nil, err
			}
			return appendValue(b, x[1], depth+1)
		}
		if uint64(len(x)) > math.MaxUint32 {
			return nil, fmt.Errorf("%w: a list of %d elements", ErrTooLarge, len(x))
		}
		b = binary.BigEndian.AppendUint32(append(b, pstVector), uint32(len(x)))
		for _, e := range x {
			if b, err = appendValue(b, e, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("pmt: cannot serialize a %T", v.x) // unreachable: Values are built by the constructors
}

// appendUniformHeader appends the header of a uniform vector of n
// elements: GNU Radio always pads with one zero byte.
func appendUniformHeader(b []byte, subtype byte, n int) ([]byte, error) {
	var err error
	if uint64(n) > math.MaxUint32 {
		err = fmt.Errorf("%w: a vector of %d elements", ErrTooLarge, n)
	}
	b = binary.BigEndian.AppendUint32(append(b, pstUniformVector, subtype), uint32(n))
	return append(b, 1, 0), err
}

// Deserialize decodes the serialized PMT at the start of b, as
// pmt.deserialize_str does, and returns it as a Value with the number of
// bytes it took; bytes after it are left for the caller. The errors wrap
// ErrMalformed (not a serialized PMT, or one cut short), ErrUnsupported (a
// PMT no Value represents) or ErrTooLarge (beyond MaxDepth or MaxValues).
// Any input, however hostile, gives a Value or an error: never a panic,
// and never memory out of proportion with len(b).
func Deserialize(b []byte) (v Value, n int, err error) {
	d := decoder{b: b}
	v, h, err := d.value(0)
	if err != nil {
		return Value{}, 0, err
	}
	if h > MaxDepth {
		return Value{}, 0, fmt.Errorf("%w: nested deeper than %d", ErrTooLarge, MaxDepth)
	}
	return v, d.pos, nil
}

// decoder reads serialized PMTs from b.
type decoder struct {
	b      []byte
	pos    int
	values int // values decoded, against MaxValues
}

func (d *decoder) malformed(format string, args ...any) error {
	return fmt.Errorf("%w: at byte %d: %s", ErrMalformed, d.pos, fmt.Sprintf(format, args...))
}

// take returns the next n bytes.
func (d *decoder) take(n int, what string) ([]byte, error) {
	if n < 0 || n > len(d.b)-d.pos {
		return nil, d.malformed("%s: need %d bytes, %d left", what, n, len(d.b)-d.pos)
	}
	p := d.b[d.pos : d.pos+n]
	d.pos += n
	return p, nil
}

func (d *decoder) u8(what string) (byte, error) {
	p, err := d.take(1, what)
	if err != nil {
		return 0, err
	}
	return p[0], nil
}

func (d *decoder) u16(what string) (uint16, error) {
	p, err := d.take(2, what)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint16(p), nil
}

func (d *decoder) u32(what string) (uint32, error) {
	p, err := d.take(4, what)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(p), nil
}

func (d *decoder) u64(what string) (uint64, error) {
	p, err := d.take(8, what)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint64(p), nil
}

// count charges n values to the budget.
func (d *decoder) count(n int) error {
	if n > MaxValues-d.values {
		return fmt.Errorf("%w: more than %d values", ErrTooLarge, MaxValues)
	}
	d.values += n
	return nil
}

// elements checks a count of elements of at least size bytes each against
// the bytes left, before anything is allocated for them.
func (d *decoder) elements(n uint32, size int, what string) (int, error) {
	if uint64(n)*uint64(size) > uint64(len(d.b)-d.pos) {
		return 0, d.malformed("%s of %d elements: %d bytes left", what, n, len(d.b)-d.pos)
	}
	return int(n), nil
}

// value decodes one value at nesting depth and returns it with its height:
// 0 for a scalar, 1 + the tallest element for a container.
func (d *decoder) value(depth int) (Value, int, error) {
	if err := d.count(1); err != nil {
		return Value{}, 0, err
	}
	tag, err := d.u8("tag")
	if err != nil {
		return Value{}, 0, err
	}
	switch tag {
	case pstTrue:
		return Bool(true), 0, nil
	case pstFalse:
		return Bool(false), 0, nil
	case pstNull:
		return Value{}, 0, nil
	case pstSymbol:
		n, err := d.u16("symbol length")
		if err != nil {
			return Value{}, 0, err
		}
		p, err := d.take(int(n), "symbol")
		if err != nil {
			return Value{}, 0, err
		}
		return String(string(p)), 0, nil
	case pstInt32:
		u, err := d.u32("int32")
		return Int(int64(int32(u))), 0, err
	case pstInt64:
		u, err := d.u64("int64")
		return Int(int64(u)), 0, err
	case pstUint64:
		u, err := d.u64("uint64")
		if err != nil {
			return Value{}, 0, err
		}
		if u > math.MaxInt64 {
			return Value{}, 0, fmt.Errorf("%w: uint64 %d overflows an Int", ErrUnsupported, u)
		}
		return Int(int64(u)), 0, nil
	case pstDouble:
		u, err := d.u64("double")
		return Float(math.Float64frombits(u)), 0, err
	case pstComplex:
		re, err := d.u64("complex")
		if err != nil {
			return Value{}, 0, err
		}
		im, err := d.u64("complex")
		return Complex(complex(math.Float64frombits(re), math.Float64frombits(im))), 0, err
	case pstUniformVector:
		return d.uniform()
	case pstComment:
		return Value{}, 0, fmt.Errorf("%w: comment tag 0x3b", ErrUnsupported)
	case pstPair, pstDict, pstVector, pstTuple:
	default:
		d.pos--
		return Value{}, 0, d.malformed("unknown tag 0x%02x", tag)
	}
	if depth >= MaxDepth {
		return Value{}, 0, fmt.Errorf("%w: nested deeper than %d", ErrTooLarge, MaxDepth)
	}
	switch tag {
	case pstPair:
		c, err := d.chain(depth)
		if err != nil {
			return Value{}, 0, err
		}
		v, h := c.value(0)
		return v, h, nil
	case pstDict:
		return d.dict(depth)
	}
	n32, err := d.u32("vector length")
	if err != nil {
		return Value{}, 0, err
	}
	n, err := d.elements(n32, 1, "vector")
	if err != nil {
		return Value{}, 0, err
	}
	l := make([]Value, n)
	h := 0
	for i := range l {
		var eh int
		if l[i], eh, err = d.value(depth + 1); err != nil {
			return Value{}, 0, err
		}
		h = max(h, eh)
	}
	return List(l...), h + 1, nil
}

// chain is a decoded chain of pairs: its cars, their heights, and its
// last cdr (proper: null, the end of a list).
type chain struct {
	elems   []Value
	heights []int
	tail    Value
	theight int
	proper  bool
}

// chain decodes a chain of pairs, its first tag read, as pmt's parse_pair
// does: cars as long as the cdr is tagged pair, then the last cdr.
func (d *decoder) chain(depth int) (chain, error) {
	var c chain
	for {
		car, h, err := d.value(depth + 1)
		if err != nil {
			return c, err
		}
		c.elems, c.heights = append(c.elems, car), append(c.heights, h)
		tag, err := d.u8("pair cdr")
		if err != nil {
			return c, err
		}
		switch tag {
		case pstPair:
			continue
		case pstNull:
			c.proper = true
			return c, nil
		}
		d.pos--
		c.tail, c.theight, err = d.value(depth + 1)
		return c, err
	}
}

// value returns the Value of the chain from its i-th car, with its height:
// a proper list becomes a List of its elements, an improper one nested
// pairs [a, [b, ... [y, z]]]. Nesting beyond MaxDepth stops early: the
// height then says the value is refused.
func (c *chain) value(i int) (Value, int) {
	if c.proper {
		return List(c.elems[i:]...), slices.Max(c.heights[i:]) + 1
	}
	v, h := c.tail, c.theight
	for j := len(c.elems) - 1; j >= i && h <= MaxDepth; j-- {
		v, h = List(c.elems[j], v), max(c.heights[j], h)+1
	}
	return v, h
}

// dict decodes a dictionary, its first tag read: cells of (key . value)
// pairs, each tagged dict, ending in null.
func (d *decoder) dict(depth int) (Value, int, error) {
	m := map[string]Value{}
	h := 0
	for {
		if tag, err := d.u8("dictionary entry"); err != nil {
			return Value{}, 0, err
		} else if tag != pstPair {
			d.pos--
			return Value{}, 0, d.malformed("a dictionary entry is a pair, not tag 0x%02x", tag)
		}
		// (key . value): the value is the rest of the chain, or its end.
		c, err := d.chain(depth)
		if err != nil {
			return Value{}, 0, err
		}
		key, ok := c.elems[0].Str()
		if !ok {
			return Value{}, 0, fmt.Errorf("%w: a dictionary key of kind %v (only symbols make Map keys)", ErrUnsupported, c.elems[0].Kind())
		}
		var val Value
		vh := 0
		switch {
		case len(c.elems) > 1:
			val, vh = c.value(1)
		case !c.proper:
			val, vh = c.tail, c.theight
		}
		if _, dup := m[key]; !dup {
			m[key] = val
		}
		h = max(h, vh)
		tag, err := d.u8("dictionary cell")
		if err != nil {
			return Value{}, 0, err
		}
		switch tag {
		case pstDict:
			continue
		case pstNull:
			return Map(m), h + 1, nil
		}
		d.pos--
		return Value{}, 0, d.malformed("a dictionary cell is followed by tag 0x%02x, not dict or null", tag)
	}
}

// uniform decodes a uniform vector, its tag read.
func (d *decoder) uniform() (Value, int, error) {
	sub, err := d.u8("uniform vector type")
	if err != nil {
		return Value{}, 0, err
	}
	n32, err := d.u32("uniform vector length")
	if err != nil {
		return Value{}, 0, err
	}
	pad, err := d.u8("uniform vector padding")
	if err != nil {
		return Value{}, 0, err
	}
	if _, err := d.take(int(pad), "uniform vector padding"); err != nil {
		return Value{}, 0, err
	}
	size := [...]int{uviU8: 1, uviS8: 1, uviU16: 2, uviS16: 2, uviU32: 4, uviS32: 4, uviU64: 8, uviS64: 8,
		uviF32: 4, uviF64: 8, uviC32: 8, uviC64: 16}
	if int(sub) >= len(size) {
		d.pos -= 6 + int(pad)
		return Value{}, 0, d.malformed("unknown uniform vector type 0x%02x", sub)
	}
	n, err := d.elements(n32, size[sub], "uniform vector")
	if err != nil {
		return Value{}, 0, err
	}
	p, _ := d.take(n*size[sub], "uniform vector")
	switch sub {
	case uviU8:
		return Bytes(slices.Clone(p)), 0, nil
	case uviF32:
		f := make([]float32, n)
		for i := range f {
			f[i] = math.Float32frombits(binary.BigEndian.Uint32(p[4*i:]))
		}
		return Floats(f), 0, nil
	case uviC32:
		c := make([]complex64, n)
		for i := range c {
			c[i] = complex(math.Float32frombits(binary.BigEndian.Uint32(p[8*i:])),
				math.Float32frombits(binary.BigEndian.Uint32(p[8*i+4:])))
		}
		return Complexes(c), 0, nil
	}
	// The other types become a List of numbers, one value each.
	if err := d.count(n); err != nil {
		return Value{}, 0, err
	}
	l := make([]Value, n)
	for i := range l {
		e := p[i*size[sub]:]
		switch sub {
		case uviS8:
			l[i] = Int(int64(int8(e[0])))
		case uviU16:
			l[i] = Int(int64(binary.BigEndian.Uint16(e)))
		case uviS16:
			l[i] = Int(int64(int16(binary.BigEndian.Uint16(e))))
		case uviU32:
			l[i] = Int(int64(binary.BigEndian.Uint32(e)))
		case uviS32:
			l[i] = Int(int64(int32(binary.BigEndian.Uint32(e))))
		case uviU64:
			u := binary.BigEndian.Uint64(e)
			if u > math.MaxInt64 {
				return Value{}, 0, fmt.Errorf("%w: u64vector element %d overflows an Int", ErrUnsupported, u)
			}
			l[i] = Int(int64(u))
		case uviS64:
			l[i] = Int(int64(binary.BigEndian.Uint64(e)))
		case uviF64:
			l[i] = Float(math.Float64frombits(binary.BigEndian.Uint64(e)))
		case uviC64:
			l[i] = Complex(complex(math.Float64frombits(binary.BigEndian.Uint64(e)),
				math.Float64frombits(binary.BigEndian.Uint64(e[8:]))))
		}
	}
	return List(l...), 1, nil
}
