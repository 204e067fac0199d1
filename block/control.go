package block

import (
	"errors"
	"fmt"
	"reflect"
)

// ErrNotSettable is matched by the error of a change to a parameter (or a
// block) that cannot change while the graph runs.
var ErrNotSettable = errors.New("block: parameter not settable while running")

// CheckSettable validates v for the parameter name of s, which must be
// declared Settable, and returns it converted to the parameter's Go type.
// The errors are *ParamError (ErrUnknownParam, ErrBadParam) or wrap
// ErrNotSettable.
func (s *Spec) CheckSettable(name string, v any) (any, error) {
	for _, p := range s.Params {
		if p.Name != name {
			continue
		}
		if !p.Settable {
			return nil, fmt.Errorf("%w: %s.%s (settable: %v)", ErrNotSettable, s.ID, name, s.SettableParams())
		}
		return convert(s, p, v)
	}
	var names []string
	for _, p := range s.Params {
		names = append(names, p.Name)
	}
	want := fmt.Sprint("settable parameters: ", s.SettableParams())
	if near := Nearest(name, names, 1); len(near) > 0 {
		want = "did you mean " + near[0] + "?"
	}
	return nil, &ParamError{ID: s.ID, Param: name, Want: want, Err: ErrUnknownParam}
}

// SettableParams returns the names of the parameters of s that may change
// while the graph runs, in declaration order.
func (s *Spec) SettableParams() []string {
	out := []string{}
	for _, p := range s.Params {
		if p.Settable {
			out = append(out, p.Name)
		}
	}
	return out
}

// ParamAs converts v, as Go code, YAML or JSON gives it (any numeric type, a
// [re, im] pair for a complex number, lists as []any), to T, one of the
// parameter Go types: float64, int, bool, string, complex128, []float64,
// []complex128, Value. The error wraps ErrBadParam and names the parameter.
func ParamAs[T any](name string, v any) (T, error) {
	var zero T
	var t ParamType
	switch any(zero).(type) {
	case float64:
		t = ParamFloat
	case int:
		t = ParamInt
	case bool:
		t = ParamBool
	case string:
		t = ParamString
	case complex128:
		t = ParamComplex
	case []float64:
		t = ParamFloats
	case []complex128:
		t = ParamComplexes
	case Value:
		t = ParamValue
	default:
		return zero, fmt.Errorf("%w: parameter %q: unsupported type %v", ErrBadParam, name, reflect.TypeFor[T]())
	}
	c, err := convert(&Spec{}, Param{Name: name, Type: t}, v)
	if err != nil {
		return zero, fmt.Errorf("%w: parameter %q: %v (%T) is not a %v", ErrBadParam, name, v, v, t)
	}
	return c.(T), nil
}
