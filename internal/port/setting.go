package port

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync/atomic"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
)

// SetTagPrefix starts the key of the tag a change of a Setting made while
// the graph runs attaches to the next item of every output of the block:
// "set:frequency" with the new value marks where the change took effect in
// each stream.
const SetTagPrefix = "set:"

// ErrBadParam is wrapped by the error of a parameter value a block
// refuses: a constructor's, a Setting's check, a conversion that loses
// information.
var ErrBadParam = errors.New("block: bad parameter value")

// Setting is a block parameter that may change while the graph runs (GNU
// Radio's callbacks, FutureSDR's settings): declare it once, as an exported
// field of the block, read it in Work with Get, and every way of changing a
// running graph reaches it — Set from Go code on any goroutine,
// flowgraph.Graph.Set, the control API, and a "set" message input that the
// graph gives every block with settings (a map {"name": value, ...} or a
// pair [name, value]).
//
//	type Gain struct {
//		*block.MapBlock[float32, float32]
//		K block.Setting[float32]
//	}
//
//	func NewGain(k float32) *Gain {
//		g := &Gain{}
//		g.K.Set(k)
//		g.MapBlock = block.Map(func(in, out []float32) {
//			k := g.K.Get()
//			for i, v := range in {
//				out[i] = k * v
//			}
//		})
//		return g
//	}
//
// Its name is the lower-cased field name, or the field's `param:"name"`
// tag (`param:"sample_rate"`); a registry spec declares it with a Param of
// that name marked Settable. While the graph runs, every change takes
// effect between two Work calls of the block, and tags the next item of
// every output with SetTagPrefix+name and the new value; before and after,
// Set applies at once. The zero Setting holds T's zero value.
type Setting[T any] struct {
	v     atomic.Pointer[T]
	ver   atomic.Uint64 // changes applied
	seen  uint64        // ver at the last Changed
	check func(T) error
	post  atomic.Pointer[func(apply func(running bool) error)] // the graph's, while the block is in one
	name  string
	outs  []OutPort
}

// Get returns the current value; Work reads it once per call.
func (s *Setting[T]) Get() T {
	if p := s.v.Load(); p != nil {
		return *p
	}
	var zero T
	return zero
}

// Set changes the value, after the check of SetCheck; safe from any
// goroutine, Work included. In a running graph the change is applied
// between Work calls, after Set returns; the error is the check's.
func (s *Setting[T]) Set(v T) error {
	if err := s.validate(v); err != nil {
		return err
	}
	if post := s.post.Load(); post != nil {
		(*post)(func(running bool) error { s.apply(v, running); return nil })
		return nil
	}
	s.apply(v, false)
	return nil
}

// SetCheck sets the function that validates every new value, from Set or
// from the graph; an error refuses the change (and is wrapped with
// ErrBadParam). Call it in the constructor, before the first Set.
func (s *Setting[T]) SetCheck(f func(T) error) { s.check = f }

// Changed reports whether the value changed since the last Changed call
// (or since the block started, for the first call): Work uses it to
// recompute what it derives from the value (a filter's kernel from its
// taps). Call it only from Work.
func (s *Setting[T]) Changed() bool {
	v := s.ver.Load()
	if v == s.seen {
		return false
	}
	s.seen = v
	return true
}

func (s *Setting[T]) validate(v T) error {
	if s.check == nil {
		return nil
	}
	if err := s.check(v); err != nil {
		if errors.Is(err, ErrBadParam) {
			return err
		}
		return fmt.Errorf("%w: %s: %w", ErrBadParam, s.name, err)
	}
	return nil
}

// apply stores v and, while the graph runs, tags the next item of every
// opened output.
func (s *Setting[T]) apply(v T, running bool) {
	s.v.Store(&v)
	s.ver.Add(1)
	if !running {
		return
	}
	for _, p := range s.outs {
		if p.Opened() {
			p.AddTag(buffer.Tag{Offset: p.Offset(), Key: SetTagPrefix + s.name, Value: v})
		}
	}
}

// SettingPort is a Setting as the flowgraph sees it; *Setting[T]
// implements it.
type SettingPort interface {
	// Value returns the current value, a T.
	Value() any
	// Prepare converts v (a T, a number, a list, a Value...) to T and
	// checks it; apply then stores it, tagging the outputs when running.
	// Schedulers call apply on the block's goroutine, between Work calls.
	Prepare(v any) (apply func(running bool), err error)
	// Bind gives the setting its name, the block's outputs and the graph's
	// way of running a change on the block's goroutine (nil: at once).
	Bind(name string, outs []OutPort, post func(apply func(running bool) error))
	isSetting()
}

func (s *Setting[T]) isSetting() {}

// Value implements SettingPort.
func (s *Setting[T]) Value() any { return s.Get() }

// Prepare implements SettingPort.
func (s *Setting[T]) Prepare(v any) (func(running bool), error) {
	t, err := convertTo[T](v)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadParam, s.name, err)
	}
	if err := s.validate(t); err != nil {
		return nil, err
	}
	return func(running bool) { s.apply(t, running) }, nil
}

// Bind implements SettingPort.
func (s *Setting[T]) Bind(name string, outs []OutPort, post func(apply func(running bool) error)) {
	s.name, s.outs = name, outs
	if post == nil {
		s.post.Store(nil)
		return
	}
	s.post.Store(&post)
}

// convertTo converts v to T: T itself, a pmt.Value (as its Go value), any
// number to any number type that holds it exactly enough (a complex number
// to a real one only with no imaginary part; a float to an integer only
// when integral), a [re, im] pair to a complex number, a list to a slice.
func convertTo[T any](v any) (T, error) {
	if t, ok := v.(T); ok {
		return t, nil
	}
	var zero T
	if pv, ok := v.(pmt.Value); ok {
		v = plainValue(pv)
	}
	if v == nil {
		return zero, fmt.Errorf("no value, want %v", reflect.TypeFor[T]())
	}
	r, err := convertValue(reflect.ValueOf(v), reflect.TypeFor[T]())
	if err != nil {
		return zero, err
	}
	return r.Interface().(T), nil
}

func convertValue(v reflect.Value, t reflect.Type) (reflect.Value, error) {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.Type() == t {
		return v, nil
	}
	bad := func() (reflect.Value, error) {
		return reflect.Value{}, fmt.Errorf("%v (%v) is not a %v", v.Interface(), v.Type(), t)
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String:
		if v.Kind() == t.Kind() {
			return v.Convert(t), nil
		}
		return bad()
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f, ok := realOf(v)
		if !ok {
			return bad()
		}
		r := reflect.New(t).Elem()
		switch {
		case r.CanFloat():
			if r.OverflowFloat(f) {
				return bad()
			}
			r.SetFloat(f)
		case r.CanInt():
			if f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 || r.OverflowInt(int64(f)) {
				return bad()
			}
			r.SetInt(int64(f))
		default:
			if f != math.Trunc(f) || f < 0 || f >= math.MaxUint64 || r.OverflowUint(uint64(f)) {
				return bad()
			}
			r.SetUint(uint64(f))
		}
		return r, nil
	case reflect.Complex64, reflect.Complex128:
		var c complex128
		if v.CanComplex() {
			c = v.Complex()
		} else if f, ok := realOf(v); ok {
			c = complex(f, 0)
		} else if (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) && v.Len() == 2 {
			re, ok1 := realOf(v.Index(0))
			im, ok2 := realOf(v.Index(1))
			if !ok1 || !ok2 {
				return bad()
			}
			c = complex(re, im)
		} else {
			return bad()
		}
		return reflect.ValueOf(c).Convert(t), nil
	case reflect.Slice:
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return bad()
		}
		r := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			e, err := convertValue(v.Index(i), t.Elem())
			if err != nil {
				return reflect.Value{}, fmt.Errorf("item %d: %w", i, err)
			}
			r.Index(i).Set(e)
		}
		return r, nil
	}
	if v.Type().ConvertibleTo(t) && v.Kind() == t.Kind() {
		return v.Convert(t), nil
	}
	return bad()
}

// realOf returns v as a real number: any integer or float, or a complex
// number with no imaginary part.
func realOf(v reflect.Value) (float64, bool) {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch {
	case v.CanFloat():
		return v.Float(), true
	case v.CanInt():
		return float64(v.Int()), true
	case v.CanUint():
		return float64(v.Uint()), true
	case v.CanComplex() && imag(v.Complex()) == 0:
		return real(v.Complex()), true
	}
	return 0, false
}

// ParamChange is one change a parameter message asks for.
type ParamChange struct {
	Name  string
	Value any
	Err   error // the message could not be read
}

// ParamChanges splits a message to a "set" input into its changes: a map
// {"param": value, ...}, in sorted key order, or a pair [param, value].
func ParamChanges(v pmt.Value) []ParamChange {
	if m, ok := v.Map(); ok {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		out := make([]ParamChange, 0, len(keys))
		for _, k := range keys {
			out = append(out, ParamChange{Name: k, Value: plainValue(m[k])})
		}
		return out
	}
	if l, ok := v.List(); ok && len(l) == 2 {
		if name, ok := l[0].Str(); ok {
			return []ParamChange{{Name: name, Value: plainValue(l[1])}}
		}
	}
	return []ParamChange{{Err: fmt.Errorf("%w: want a map {param: value} or a pair [param, value], got %v", ErrBadMessage, v)}}
}

// ErrBadMessage is wrapped by the error a "set" input records for a
// message it cannot apply.
var ErrBadMessage = errors.New("block: bad parameter message")

// plainValue returns the Go value of v: lists become []any (a [re, im]
// pair is a complex number), vectors lists of numbers.
func plainValue(v pmt.Value) any {
	switch x := v.Any().(type) {
	case []pmt.Value:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainValue(e)
		}
		return out
	case []float32:
		out := make([]float64, len(x))
		for i, e := range x {
			out[i] = float64(e)
		}
		return out
	case []complex64:
		out := make([]complex128, len(x))
		for i, e := range x {
			out[i] = complex128(e)
		}
		return out
	case int64:
		return int(x)
	default:
		return x
	}
}
