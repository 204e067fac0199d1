package registry

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
)

// ParamType is the type of a block parameter's value.
type ParamType int

// Parameter types. Values reach a constructor as: ParamFloat float64,
// ParamInt int, ParamBool bool, ParamString string (also for enumerations),
// ParamComplex complex128, ParamFloats []float64, ParamComplexes []complex128,
// ParamValue Value.
const (
	ParamFloat ParamType = iota
	ParamInt
	ParamBool
	ParamString
	ParamComplex
	ParamFloats
	ParamComplexes
	// ParamValue takes any message Value: null, a bool, a number, a
	// string, a list or a map, nested, as a graph file writes it (a
	// parameter that is itself a message, such as message_strobe's). Go
	// code may give any value FromAny converts. Min, Max and Allowed do
	// not apply.
	ParamValue
)

func (t ParamType) String() string {
	return [...]string{"float", "int", "bool", "string", "complex", "float list", "complex list", "value"}[t]
}

// Param describes one parameter of a registered block.
type Param struct {
	Name     string
	Type     ParamType
	Default  any      // nil: the parameter is required
	Unit     string   // "Hz", "samples", "dB", ... for documentation
	Allowed  []string // for ParamString: the only values accepted (an enumeration)
	Min, Max *float64 // for ParamFloat and ParamInt: inclusive bounds, if set
	Doc      string
	Settable bool // may be changed while the graph runs
}

// Bound returns a pointer to v, for Param.Min and Param.Max.
func Bound(v float64) *float64 { return &v }

// Spec describes a block type that a Registry can build by name.
type Spec struct {
	ID     string // stable snake_case identifier, as used in YAML graphs
	Doc    string // one line: what the block does
	Params []Param
	// New builds the block from validated parameters (every Param present,
	// defaults filled in, values of the documented Go types).
	New func(p Params) (block.Block, error)
}

// Params are the validated parameter values handed to Spec.New.
type Params map[string]any

// Float returns a ParamFloat value.
func (p Params) Float(name string) float64 { return p[name].(float64) }

// Int returns a ParamInt value.
func (p Params) Int(name string) int { return p[name].(int) }

// Bool returns a ParamBool value.
func (p Params) Bool(name string) bool { return p[name].(bool) }

// String returns a ParamString value.
func (p Params) String(name string) string { return p[name].(string) }

// Complex returns a ParamComplex value.
func (p Params) Complex(name string) complex128 { return p[name].(complex128) }

// Floats returns a ParamFloats value.
func (p Params) Floats(name string) []float64 { return p[name].([]float64) }

// Complexes returns a ParamComplexes value.
func (p Params) Complexes(name string) []complex128 { return p[name].([]complex128) }

// Value returns a ParamValue value.
func (p Params) Value(name string) pmt.Value { return p[name].(pmt.Value) }

// Errors of the registry, matched with errors.Is; a *ParamError carries details.
var (
	ErrUnknownID    = errors.New("registry: unknown block id")
	ErrDuplicateID  = errors.New("registry: duplicate block id")
	ErrUnknownParam = errors.New("registry: unknown parameter")
	ErrMissingParam = errors.New("registry: missing parameter")
)

// ParamError reports a parameter problem of one block.
type ParamError struct {
	ID    string // the block id
	Param string
	Value any    // the value given, if any
	Want  string // what is allowed
	Err   error  // ErrUnknownParam, ErrMissingParam or block.ErrBadParam
}

func (e *ParamError) Error() string {
	switch e.Err {
	case ErrMissingParam:
		return fmt.Sprintf("%s: parameter %q is required (%s)", e.ID, e.Param, e.Want)
	case ErrUnknownParam:
		return fmt.Sprintf("%s: unknown parameter %q (%s)", e.ID, e.Param, e.Want)
	}
	return fmt.Sprintf("%s: parameter %q: bad value %v: want %s", e.ID, e.Param, e.Value, e.Want)
}

// Unwrap returns the sentinel.
func (e *ParamError) Unwrap() error { return e.Err }

// Registry maps block ids to specs. The zero value is not usable; call New.
type Registry struct {
	specs map[string]*Spec
}

// New returns an empty registry.
func New() *Registry { return &Registry{specs: map[string]*Spec{}} }

// Register adds s. Its id must be new and snake_case, and its parameter
// defaults must be valid values.
func (r *Registry) Register(s Spec) error {
	if s.ID == "" || strings.ToLower(s.ID) != s.ID || strings.ContainsAny(s.ID, " -.") {
		return fmt.Errorf("registry: id %q is not snake_case", s.ID)
	}
	if _, dup := r.specs[s.ID]; dup {
		return fmt.Errorf("%w: %q", ErrDuplicateID, s.ID)
	}
	if s.New == nil {
		return fmt.Errorf("registry: %s: no constructor", s.ID)
	}
	for _, p := range s.Params {
		if p.Default != nil {
			if _, err := convert(&s, p, p.Default); err != nil {
				return fmt.Errorf("registry: default of %s.%s: %w", s.ID, p.Name, err)
			}
		}
	}
	r.specs[s.ID] = &s
	return nil
}

// MustRegister is Register for package initialization code: it panics on error.
func (r *Registry) MustRegister(s Spec) {
	if err := r.Register(s); err != nil {
		panic(err)
	}
}

// Lookup returns the spec registered under id.
func (r *Registry) Lookup(id string) (*Spec, bool) {
	s, ok := r.specs[id]
	return s, ok
}

// IDs returns every registered id, sorted.
func (r *Registry) IDs() []string {
	ids := make([]string, 0, len(r.specs))
	for id := range r.specs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Nearest returns the registered ids closest to id (by edit distance), best
// first, for "did you mean" hints.
func (r *Registry) Nearest(id string, n int) []string {
	return Nearest(id, r.IDs(), n)
}

// Build validates raw parameter values (as decoded from YAML or given by
// code: numbers of any Go numeric type, strings, bools, lists) against the
// spec of id and calls its constructor. Every problem found is reported,
// joined, as *ParamError values.
func (r *Registry) Build(id string, raw map[string]any) (block.Block, error) {
	s, ok := r.specs[id]
	if !ok {
		hint := ""
		if near := r.Nearest(id, 3); len(near) > 0 {
			hint = " (did you mean " + strings.Join(near, ", ") + "?)"
		}
		return nil, fmt.Errorf("%w: %q%s", ErrUnknownID, id, hint)
	}
	p, err := s.Check(raw)
	if err != nil {
		return nil, err
	}
	b, err := s.New(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	if err := s.checkSettings(b); err != nil {
		return nil, err
	}
	return b, nil
}

// ErrSpecMismatch means a spec and the block its constructor built
// disagree: a parameter declared Settable without a block.Setting of its
// name, or the reverse. It is the block author's mistake, found at the
// first Build.
var ErrSpecMismatch = errors.New("registry: spec does not match the block")

// checkSettings checks that the parameters s declares Settable are the
// settings of b.
func (s *Spec) checkSettings(b block.Block) error {
	ps, err := port.Find(b)
	if err != nil {
		return fmt.Errorf("%s: %w", s.ID, err)
	}
	want := s.SettableParams()
	if slices.Equal(slices.Sorted(slices.Values(want)), slices.Sorted(slices.Values(ps.SettingName))) {
		return nil
	}
	return fmt.Errorf("%w: %s: parameters declared Settable %v, block.Setting fields of %T %v",
		ErrSpecMismatch, s.ID, want, b, ps.SettingName)
}

// Check validates raw parameter values and returns them converted, with
// defaults filled in.
func (s *Spec) Check(raw map[string]any) (Params, error) {
	var errs []error
	names := make([]string, 0, len(s.Params))
	for _, p := range s.Params {
		names = append(names, p.Name)
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(names, k) {
			want := "parameters: " + strings.Join(names, ", ")
			if near := Nearest(k, names, 1); len(near) > 0 {
				want = "did you mean " + near[0] + "?"
			}
			errs = append(errs, &ParamError{ID: s.ID, Param: k, Want: want, Err: ErrUnknownParam})
		}
	}
	out := Params{}
	for _, p := range s.Params {
		v, ok := raw[p.Name]
		if !ok {
			if p.Default == nil {
				errs = append(errs, &ParamError{ID: s.ID, Param: p.Name, Want: describe(p), Err: ErrMissingParam})
				continue
			}
			v = p.Default
		}
		c, err := convert(s, p, v)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[p.Name] = c
	}
	return out, errors.Join(errs...)
}

// describe says in words what values p takes.
func describe(p Param) string {
	d := p.Type.String()
	if p.Type == ParamValue {
		d = "a value (null, bool, number, string, list or map)"
	}
	if len(p.Allowed) > 0 {
		d = "one of " + strings.Join(p.Allowed, ", ")
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	switch {
	case p.Min != nil && p.Max != nil:
		d += " in [" + num(*p.Min) + ", " + num(*p.Max) + "]"
	case p.Min != nil:
		d += " >= " + num(*p.Min)
	case p.Max != nil:
		d += " <= " + num(*p.Max)
	}
	if p.Unit != "" {
		d += " (" + p.Unit + ")"
	}
	return d
}

func convert(s *Spec, p Param, v any) (any, error) {
	bad := func() error {
		return &ParamError{ID: s.ID, Param: p.Name, Value: v, Want: describe(p), Err: block.ErrBadParam}
	}
	inRange := func(f float64) bool {
		return !math.IsNaN(f) && (p.Min == nil || f >= *p.Min) && (p.Max == nil || f <= *p.Max)
	}
	switch p.Type {
	case ParamFloat:
		f, ok := toFloat(v)
		if !ok || !inRange(f) {
			return nil, bad()
		}
		return f, nil
	case ParamInt:
		f, ok := toFloat(v)
		if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 || !inRange(f) {
			return nil, bad()
		}
		return int(f), nil
	case ParamBool:
		b, ok := v.(bool)
		if !ok {
			return nil, bad()
		}
		return b, nil
	case ParamString:
		str, ok := v.(string)
		if !ok || (len(p.Allowed) > 0 && !slices.Contains(p.Allowed, str)) {
			return nil, bad()
		}
		return str, nil
	case ParamComplex:
		c, ok := toComplex(v)
		if !ok {
			return nil, bad()
		}
		return c, nil
	case ParamFloats:
		switch l := v.(type) {
		case []float64:
			return slices.Clone(l), nil
		case []float32:
			out := make([]float64, len(l))
			for i, x := range l {
				out[i] = float64(x)
			}
			return out, nil
		case []any:
			out := make([]float64, len(l))
			for i, x := range l {
				f, ok := toFloat(x)
				if !ok {
					return nil, bad()
				}
				out[i] = f
			}
			return out, nil
		}
		return nil, bad()
	case ParamComplexes:
		switch l := v.(type) {
		case []complex128:
			return slices.Clone(l), nil
		case []float64:
			out := make([]complex128, len(l))
			for i, x := range l {
				out[i] = complex(x, 0)
			}
			return out, nil
		case []any:
			out := make([]complex128, len(l))
			for i, x := range l {
				c, ok := toComplex(x)
				if !ok {
					return nil, bad()
				}
				out[i] = c
			}
			return out, nil
		}
		return nil, bad()
	case ParamValue:
		x, err := pmt.FromAny(v)
		if err != nil {
			return nil, bad()
		}
		return x, nil
	}
	return nil, bad()
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

// toComplex accepts a complex number, a real number, or a [re, im] pair.
func toComplex(v any) (complex128, bool) {
	switch x := v.(type) {
	case complex128:
		return x, true
	case complex64:
		return complex128(x), true
	case []any:
		if len(x) == 2 {
			re, ok1 := toFloat(x[0])
			im, ok2 := toFloat(x[1])
			return complex(re, im), ok1 && ok2
		}
		return 0, false
	}
	f, ok := toFloat(v)
	return complex(f, 0), ok
}

// Nearest returns up to n of candidates that are close to s (a small edit
// distance, or one contains the other), best first: the names to suggest in
// a "did you mean" hint.
func Nearest(s string, candidates []string, n int) []string {
	type scored struct {
		name string
		d    int
	}
	var best []scored
	for _, c := range candidates {
		d := editDistance(s, c)
		if d <= max(2, len(s)/3) || strings.Contains(c, s) || strings.Contains(s, c) {
			best = append(best, scored{c, d})
		}
	}
	sort.SliceStable(best, func(i, j int) bool { return best[i].d < best[j].d })
	var out []string
	for i := 0; i < len(best) && i < n; i++ {
		out = append(out, best[i].name)
	}
	return out
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ErrNotSettable is matched by the error of a change to a parameter (or a
// block) that cannot change while the graph runs.
var ErrNotSettable = errors.New("registry: parameter not settable while running")

// CheckSettable validates v for the parameter name of s, which must be
// declared Settable, and returns it converted to the parameter's Go type.
// The errors are *ParamError (ErrUnknownParam, block.ErrBadParam) or wrap
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
// []complex128, Value. The error wraps block.ErrBadParam and names the parameter.
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
	case pmt.Value:
		t = ParamValue
	default:
		return zero, fmt.Errorf("%w: parameter %q: unsupported type %v", block.ErrBadParam, name, reflect.TypeFor[T]())
	}
	c, err := convert(&Spec{}, Param{Name: name, Type: t}, v)
	if err != nil {
		return zero, fmt.Errorf("%w: parameter %q: %v (%T) is not a %v", block.ErrBadParam, name, v, v, t)
	}
	return c.(T), nil
}
