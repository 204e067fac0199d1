package pmt

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/flowrun/flowrun/buffer"
)

// Kind is the kind of a message Value.
type Kind uint8

// The kinds of Value, after what SDR users send (GNU Radio's PMTs).
const (
	KindNull      Kind = iota // no value (the zero Value)
	KindBool                  // bool
	KindInt                   // int64
	KindFloat                 // float64
	KindComplex               // complex128
	KindString                // string
	KindBytes                 // []byte (a u8 vector)
	KindFloats                // []float32 (an f32 vector)
	KindComplexes             // []complex64 (a c32 vector)
	KindMap                   // map[string]Value (a dictionary)
	KindList                  // []Value (a tuple/list)
)

func (k Kind) String() string {
	return [...]string{"null", "bool", "int", "float", "complex", "string", "bytes", "floats", "complexes", "map", "list"}[k]
}

// Value is a message: one of the kinds above, built by the constructors
// (Null, Bool, ...) and read by the accessors, each of which
// reports whether the value is of its kind. The zero Value is null.
//
// Values are passed by value but share their slices and maps: a block that
// posts a vector or map must not change it afterwards.
type Value struct{ x any }

// Null returns the null value (the zero Value).
func Null() Value { return Value{} }

// Bool returns a bool value.
func Bool(b bool) Value { return Value{b} }

// Int returns an integer value.
func Int(i int64) Value { return Value{i} }

// Float returns a real value.
func Float(f float64) Value { return Value{f} }

// Complex returns a complex value.
func Complex(c complex128) Value { return Value{c} }

// String returns a string value.
func String(s string) Value { return Value{s} }

// Bytes returns a byte vector value (nil is an empty vector).
func Bytes(b []byte) Value {
	if b == nil {
		b = []byte{}
	}
	return Value{b}
}

// Floats returns a float32 vector value.
func Floats(f []float32) Value {
	if f == nil {
		f = []float32{}
	}
	return Value{f}
}

// Complexes returns a complex64 vector value.
func Complexes(c []complex64) Value {
	if c == nil {
		c = []complex64{}
	}
	return Value{c}
}

// Map returns a dictionary value (nil is an empty one).
func Map(m map[string]Value) Value {
	if m == nil {
		m = map[string]Value{}
	}
	return Value{m}
}

// List returns a list value.
func List(vs ...Value) Value {
	if vs == nil {
		vs = []Value{}
	}
	return Value{vs}
}

// Kind returns the kind of v.
func (v Value) Kind() Kind {
	switch v.x.(type) {
	case bool:
		return KindBool
	case int64:
		return KindInt
	case float64:
		return KindFloat
	case complex128:
		return KindComplex
	case string:
		return KindString
	case []byte:
		return KindBytes
	case []float32:
		return KindFloats
	case []complex64:
		return KindComplexes
	case map[string]Value:
		return KindMap
	case []Value:
		return KindList
	}
	return KindNull
}

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.x == nil }

// Bool returns a bool value.
func (v Value) Bool() (bool, bool) { b, ok := v.x.(bool); return b, ok }

// Int returns an int value.
func (v Value) Int() (int64, bool) { i, ok := v.x.(int64); return i, ok }

// Float returns a float value; an int value is converted.
func (v Value) Float() (float64, bool) {
	switch x := v.x.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// Complex returns a complex value; a float or int value is converted.
func (v Value) Complex() (complex128, bool) {
	if c, ok := v.x.(complex128); ok {
		return c, true
	}
	f, ok := v.Float()
	return complex(f, 0), ok
}

// Str returns a string value (String formats any value).
func (v Value) Str() (string, bool) { s, ok := v.x.(string); return s, ok }

// Bytes returns a byte vector value.
func (v Value) Bytes() ([]byte, bool) { b, ok := v.x.([]byte); return b, ok }

// Floats returns a float32 vector value.
func (v Value) Floats() ([]float32, bool) { f, ok := v.x.([]float32); return f, ok }

// Complexes returns a complex64 vector value.
func (v Value) Complexes() ([]complex64, bool) { c, ok := v.x.([]complex64); return c, ok }

// Map returns a dictionary value.
func (v Value) Map() (map[string]Value, bool) { m, ok := v.x.(map[string]Value); return m, ok }

// List returns a list value.
func (v Value) List() ([]Value, bool) { l, ok := v.x.([]Value); return l, ok }

// Any returns the Go value held: nil, bool, int64, float64, complex128,
// string, []byte, []float32, []complex64, map[string]Value or []Value.
func (v Value) Any() any { return v.x }

// Equal reports whether v and w are of the same kind with equal contents.
func (v Value) Equal(w Value) bool { return reflect.DeepEqual(v.x, w.x) }

// maxPrinted bounds the vector elements String prints.
const maxPrinted = 16

// String formats v on one line: null, true, 42, 1.5, (1+2i), "text",
// #u8[1 2], #f32[0.5 1], #c64[(1+0i)], {key: value, ...} with sorted keys,
// [a, b]. Vectors longer than 16 elements are cut with "... (n items)".
func (v Value) String() string {
	var sb strings.Builder
	v.format(&sb)
	return sb.String()
}

// plainKey reports whether map key k prints as itself: valid UTF-8 of
// printable characters and no quote, so that it reads unambiguously.
func plainKey(k string) bool {
	return k != "" && utf8.ValidString(k) && !strings.ContainsFunc(k, func(r rune) bool { return !unicode.IsPrint(r) || r == '"' })
}

func (v Value) format(sb *strings.Builder) {
	switch x := v.x.(type) {
	case nil:
		sb.WriteString("null")
	case bool:
		sb.WriteString(strconv.FormatBool(x))
	case int64:
		sb.WriteString(strconv.FormatInt(x, 10))
	case float64:
		sb.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case complex128:
		sb.WriteString(strconv.FormatComplex(x, 'g', -1, 128))
	case string:
		sb.WriteString(strconv.Quote(x))
	case []byte:
		formatVec(sb, "#u8", x)
	case []float32:
		formatVec(sb, "#f32", x)
	case []complex64:
		formatVec(sb, "#c64", x)
	case map[string]Value:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		sb.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				sb.WriteString(", ")
			}
			if plainKey(k) {
				sb.WriteString(k)
			} else {
				sb.WriteString(strconv.Quote(k)) // a key from outside must not reach a terminal raw
			}
			sb.WriteString(": ")
			x[k].format(sb)
		}
		sb.WriteByte('}')
	case []Value:
		sb.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				sb.WriteString(", ")
			}
			e.format(sb)
		}
		sb.WriteByte(']')
	}
}

func formatVec[T any](sb *strings.Builder, prefix string, s []T) {
	sb.WriteString(prefix)
	sb.WriteByte('[')
	for i, e := range s[:min(len(s), maxPrinted)] {
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprint(sb, e)
	}
	if len(s) > maxPrinted {
		fmt.Fprintf(sb, " ... (%d items)", len(s))
	}
	sb.WriteByte(']')
}

// FromAny converts a Go value to a Value: nil, Value, PDU, bool, any
// integer type (unsigned ones up to MaxInt64), float32/64, complex64/128,
// string, []byte, []float32, []complex64, map[string]Value, []Value, and
// map[string]any and []any of those, recursively. Anything else is an error.
func FromAny(x any) (Value, error) {
	switch x := x.(type) {
	case nil:
		return Value{}, nil
	case Value:
		return x, nil
	case PDU:
		return x.Value(), nil
	case bool:
		return Bool(x), nil
	case int:
		return Int(int64(x)), nil
	case int8:
		return Int(int64(x)), nil
	case int16:
		return Int(int64(x)), nil
	case int32:
		return Int(int64(x)), nil
	case int64:
		return Int(x), nil
	case uint8:
		return Int(int64(x)), nil
	case uint16:
		return Int(int64(x)), nil
	case uint32:
		return Int(int64(x)), nil
	case uint:
		return fromUint(uint64(x))
	case uint64:
		return fromUint(x)
	case float32:
		return Float(float64(x)), nil
	case float64:
		return Float(x), nil
	case complex64:
		return Complex(complex128(x)), nil
	case complex128:
		return Complex(x), nil
	case string:
		return String(x), nil
	case []byte:
		return Bytes(x), nil
	case []float32:
		return Floats(x), nil
	case []complex64:
		return Complexes(x), nil
	case map[string]Value:
		return Map(x), nil
	case []Value:
		return List(x...), nil
	case map[string]any:
		m := make(map[string]Value, len(x))
		for k, e := range x {
			v, err := FromAny(e)
			if err != nil {
				return Value{}, fmt.Errorf("key %q: %w", k, err)
			}
			m[k] = v
		}
		return Map(m), nil
	case []any:
		l := make([]Value, len(x))
		for i, e := range x {
			v, err := FromAny(e)
			if err != nil {
				return Value{}, fmt.Errorf("element %d: %w", i, err)
			}
			l[i] = v
		}
		return List(l...), nil
	}
	return Value{}, fmt.Errorf("pmt: %T cannot be a message value", x)
}

func fromUint(u uint64) (Value, error) {
	if u > math.MaxInt64 {
		return Value{}, fmt.Errorf("pmt: %d overflows an int message value", u)
	}
	return Int(int64(u)), nil
}

// PDU is a protocol data unit, GNU Radio's pair of a metadata dictionary and
// a data vector (bytes, float32s or complex64s).
type PDU struct {
	Meta map[string]Value
	Data Value
}

// Value returns p as a message: the list [meta map, data].
func (p PDU) Value() Value { return List(Map(p.Meta), p.Data) }

// AsPDU reads a message as a PDU: a [map, vector] list, or a bare
// vector (no metadata). ok is false for anything else.
func AsPDU(v Value) (p PDU, ok bool) {
	isVec := func(v Value) bool {
		k := v.Kind()
		return k == KindBytes || k == KindFloats || k == KindComplexes
	}
	if isVec(v) {
		return PDU{Meta: map[string]Value{}, Data: v}, true
	}
	l, ok := v.List()
	if !ok || len(l) != 2 || !isVec(l[1]) {
		return PDU{}, false
	}
	m, ok := l[0].Map()
	if !ok {
		if !l[0].IsNull() {
			return PDU{}, false
		}
		m = map[string]Value{}
	}
	return PDU{Meta: m, Data: l[1]}, true
}

// FromTag returns a stream tag as a message: the map {key: "…", offset:
// n, value: …}. A tag value that no Value represents is an error.
func FromTag(t buffer.Tag) (Value, error) {
	v, err := FromAny(t.Value)
	if err != nil {
		return Value{}, fmt.Errorf("tag %s: %w", t.Key, err)
	}
	if t.Offset > math.MaxInt64 {
		return Value{}, fmt.Errorf("tag %s: offset %d overflows an int", t.Key, t.Offset)
	}
	return Map(map[string]Value{"key": String(t.Key), "offset": Int(int64(t.Offset)), "value": v}), nil
}

// ToTag reverses FromTag. The tag's Value is the Go value held
// (Value.Any): int64, float64, string, []byte, map[string]Value, ...
func ToTag(v Value) (buffer.Tag, error) {
	m, ok := v.Map()
	if !ok {
		return buffer.Tag{}, fmt.Errorf("pmt: a tag message is a map, not %s", v.Kind())
	}
	key, ok1 := m["key"].Str()
	off, ok2 := m["offset"].Int()
	if !ok1 || !ok2 || off < 0 {
		return buffer.Tag{}, fmt.Errorf("pmt: a tag message needs a string key and an offset >= 0: %v", v)
	}
	return buffer.Tag{Offset: uint64(off), Key: key, Value: m["value"].Any()}, nil
}
