package py

import (
	"fmt"
	"math"
	"math/cmplx"
	"slices"
	"strconv"
	"strings"
)

// Value is the value of an expression: nil (None), bool, int64, float64,
// complex128, string, *List (a list, a tuple or a numpy array), *Dict,
// *Func, *Module, Enum, or a value of a module's own type (an Opaque).
type Value any

// List is a Python list, tuple or numpy array.
type List struct {
	Items []Value
	Tuple bool // a tuple: immutable, written (a, b)
	Array bool // a numpy array: arithmetic applies item by item
}

// Dict is a Python dict with string keys, in insertion order.
type Dict struct {
	Keys []string
	Vals map[string]Value
}

// Func is a function an expression may call.
type Func struct {
	Name string
	Call func(args []Value, kw map[string]Value) (Value, error)
}

// Module is a namespace of names: math, numpy, firdes.
type Module struct {
	Name  string
	Attrs map[string]Value
}

// Enum is a named constant of GNU Radio (analog.GR_COS_WAVE,
// window.WIN_HAMMING): Name is its full dotted name, Int its value.
type Enum struct {
	Name string
	Int  int64
}

// Opaque is a value whose meaning only its module knows (a PMT): it can be
// passed around and given to that module's functions, nothing else.
type Opaque struct {
	Kind string
	V    any
}

// Scope resolves the names of an expression. Lookup returns ok=false for
// an unknown name; an error is a problem in evaluating the name's own
// definition.
type Scope interface {
	Lookup(name string) (v Value, ok bool, err error)
}

// MapScope is a Scope of fixed values.
type MapScope map[string]Value

// Lookup returns the value of name.
func (m MapScope) Lookup(name string) (Value, bool, error) {
	v, ok := m[name]
	return v, ok, nil
}

// evaluator carries the scope and the names a comprehension binds.
type evaluator struct {
	scope Scope
	local map[string]Value
	steps int // comprehension items evaluated
}

// Eval evaluates a parsed expression with the names of scope. Errors wrap
// ErrEval.
func Eval(n *Node, scope Scope) (Value, error) {
	e := &evaluator{scope: scope}
	return e.eval(n)
}

// EvalString parses and evaluates src.
func EvalString(src string, scope Scope) (Value, error) {
	n, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return Eval(n, scope)
}

func errorf(n *Node, format string, args ...any) error {
	return fmt.Errorf("%w at column %d: %s", ErrEval, n.pos+1, fmt.Sprintf(format, args...))
}

func (e *evaluator) eval(n *Node) (Value, error) {
	switch n.kind {
	case kConst:
		return n.val, nil
	case kName:
		if v, ok := e.local[n.name]; ok {
			return v, nil
		}
		v, ok, err := e.scope.Lookup(n.name)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errorf(n, "unknown name %s", n.name)
		}
		return v, nil
	case kAttr:
		x, err := e.eval(n.x)
		if err != nil {
			return nil, err
		}
		return attr(n, x, n.name)
	case kCall:
		f, err := e.eval(n.x)
		if err != nil {
			return nil, err
		}
		fn, ok := f.(*Func)
		if !ok {
			return nil, errorf(n, "%s is not a function that can be called here", TypeName(f))
		}
		args := make([]Value, len(n.args))
		for i, a := range n.args {
			if args[i], err = e.eval(a); err != nil {
				return nil, err
			}
		}
		var kw map[string]Value
		if n.kw != nil {
			kw = map[string]Value{}
			for k, a := range n.kw {
				if kw[k], err = e.eval(a); err != nil {
					return nil, err
				}
			}
		}
		v, err := fn.Call(args, kw)
		if err != nil {
			return nil, errorf(n, "%s: %v", fn.Name, err)
		}
		return v, nil
	case kIndex:
		x, err := e.eval(n.x)
		if err != nil {
			return nil, err
		}
		i, err := e.eval(n.args[0])
		if err != nil {
			return nil, err
		}
		v, err := Index(x, i)
		if err != nil {
			return nil, errorf(n, "%v", err)
		}
		return v, nil
	case kSlice:
		return e.slice(n)
	case kUnary:
		x, err := e.eval(n.x)
		if err != nil {
			return nil, err
		}
		v, err := unary(n.op, x)
		if err != nil {
			return nil, errorf(n, "%v", err)
		}
		return v, nil
	case kBinary:
		x, err := e.eval(n.args[0])
		if err != nil {
			return nil, err
		}
		y, err := e.eval(n.args[1])
		if err != nil {
			return nil, err
		}
		v, err := Binary(n.op, x, y)
		if err != nil {
			return nil, errorf(n, "%v", err)
		}
		return v, nil
	case kCompare:
		x, err := e.eval(n.args[0])
		if err != nil {
			return nil, err
		}
		for i, op := range n.ops {
			y, err := e.eval(n.args[i+1])
			if err != nil {
				return nil, err
			}
			ok, err := compare(op, x, y)
			if err != nil {
				return nil, errorf(n, "%v", err)
			}
			if !ok {
				return false, nil
			}
			x = y
		}
		return true, nil
	case kAnd, kOr:
		x, err := e.eval(n.args[0])
		if err != nil {
			return nil, err
		}
		if Truth(x) == (n.kind == kOr) {
			return x, nil
		}
		return e.eval(n.args[1])
	case kNot:
		x, err := e.eval(n.x)
		if err != nil {
			return nil, err
		}
		return !Truth(x), nil
	case kIf:
		c, err := e.eval(n.args[1])
		if err != nil {
			return nil, err
		}
		if Truth(c) {
			return e.eval(n.args[0])
		}
		return e.eval(n.args[2])
	case kList, kTuple:
		l := &List{Items: make([]Value, len(n.args)), Tuple: n.kind == kTuple}
		for i, a := range n.args {
			v, err := e.eval(a)
			if err != nil {
				return nil, err
			}
			l.Items[i] = v
		}
		return l, nil
	case kDict:
		d := &Dict{Vals: map[string]Value{}}
		for i := 0; i+1 < len(n.args); i += 2 {
			k, err := e.eval(n.args[i])
			if err != nil {
				return nil, err
			}
			ks, ok := k.(string)
			if !ok {
				return nil, errorf(n.args[i], "only string keys are supported in a dict, not %s", TypeName(k))
			}
			v, err := e.eval(n.args[i+1])
			if err != nil {
				return nil, err
			}
			if _, dup := d.Vals[ks]; !dup {
				d.Keys = append(d.Keys, ks)
			}
			d.Vals[ks] = v
		}
		return d, nil
	case kListComp:
		return e.comprehension(n)
	}
	return nil, errorf(n, "unsupported expression")
}

func (e *evaluator) slice(n *Node) (Value, error) {
	x, err := e.eval(n.x)
	if err != nil {
		return nil, err
	}
	var bounds [3]*int64
	for i, a := range n.args {
		if a == nil {
			continue
		}
		v, err := e.eval(a)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue
		}
		k, ok := AsInt(v)
		if !ok {
			return nil, errorf(a, "slice indices must be integers, not %s", TypeName(v))
		}
		bounds[i] = &k
	}
	var length int
	switch x := x.(type) {
	case string:
		length = len(x)
	case *List:
		length = len(x.Items)
	default:
		return nil, errorf(n, "%s cannot be sliced", TypeName(x))
	}
	step := int64(1)
	if bounds[2] != nil {
		step = *bounds[2]
	}
	if step == 0 {
		return nil, errorf(n, "slice step cannot be zero")
	}
	idx := sliceIndices(int64(length), bounds[0], bounds[1], step)
	switch x := x.(type) {
	case string:
		b := make([]byte, len(idx))
		for i, k := range idx {
			b[i] = x[k]
		}
		return string(b), nil
	case *List:
		out := &List{Items: make([]Value, len(idx)), Tuple: x.Tuple, Array: x.Array}
		for i, k := range idx {
			out.Items[i] = x.Items[k]
		}
		return out, nil
	}
	return nil, nil
}

// sliceIndices returns the indices x[start:stop:step] selects, as Python.
func sliceIndices(n int64, start, stop *int64, step int64) []int64 {
	norm := func(p *int64, def int64, lo, hi int64) int64 {
		if p == nil {
			return def
		}
		v := *p
		if v < 0 {
			v += n
		}
		return min(max(v, lo), hi)
	}
	var idx []int64
	if step > 0 {
		a, b := norm(start, 0, 0, n), norm(stop, n, 0, n)
		for i := a; i < b; i += step {
			idx = append(idx, i)
		}
	} else {
		a, b := norm(start, n-1, -1, n-1), norm(stop, -1, -1, n-1)
		for i := a; i > b; i += step {
			idx = append(idx, i)
		}
	}
	return idx
}

func (e *evaluator) comprehension(n *Node) (Value, error) {
	it, err := e.eval(n.args[1])
	if err != nil {
		return nil, err
	}
	items, err := Iterate(it)
	if err != nil {
		return nil, errorf(n.args[1], "%v", err)
	}
	saved, had := e.local[n.name]
	if e.local == nil {
		e.local = map[string]Value{}
	}
	defer func() {
		if had {
			e.local[n.name] = saved
		} else {
			delete(e.local, n.name)
		}
	}()
	out := &List{}
	for _, x := range items {
		if e.steps++; e.steps > MaxItems {
			return nil, errorf(n, "comprehensions go through more than %d items", MaxItems)
		}
		e.local[n.name] = x
		if n.args[2] != nil {
			c, err := e.eval(n.args[2])
			if err != nil {
				return nil, err
			}
			if !Truth(c) {
				continue
			}
		}
		v, err := e.eval(n.args[0])
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, v)
	}
	return out, nil
}

func attr(n *Node, x Value, name string) (Value, error) {
	switch x := x.(type) {
	case *Module:
		if v, ok := x.Attrs[name]; ok {
			return v, nil
		}
		return nil, errorf(n, "%s has no %s (or it is not supported)", x.Name, name)
	case complex128:
		switch name {
		case "real":
			return real(x), nil
		case "imag":
			return imag(x), nil
		}
	case float64, int64, bool:
		switch name {
		case "real":
			return x, nil
		case "imag":
			if _, ok := x.(float64); ok {
				return 0.0, nil
			}
			return int64(0), nil
		}
	case *List:
		if x.Array && name == "tolist" {
			return &Func{Name: "tolist", Call: func(args []Value, kw map[string]Value) (Value, error) {
				return &List{Items: x.Items}, nil
			}}, nil
		}
		if x.Array && name == "size" {
			return int64(len(x.Items)), nil
		}
	}
	return nil, errorf(n, "%s has no attribute %s (or it is not supported)", TypeName(x), name)
}

// TypeName names the Python type of v, for messages.
func TypeName(v Value) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case complex128:
		return "complex"
	case string:
		return "str"
	case *List:
		switch {
		case v.Tuple:
			return "tuple"
		case v.Array:
			return "numpy array"
		}
		return "list"
	case *Dict:
		return "dict"
	case *Func:
		return "function " + v.Name
	case *Module:
		return "module " + v.Name
	case Enum:
		return v.Name
	case Opaque:
		return v.Kind
	}
	return fmt.Sprintf("%T", v)
}

// Truth is Python's truth value of v.
func Truth(v Value) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case int64:
		return v != 0
	case float64:
		return v != 0
	case complex128:
		return v != 0
	case string:
		return v != ""
	case *List:
		return len(v.Items) > 0
	case *Dict:
		return len(v.Keys) > 0
	case Enum:
		return v.Int != 0
	}
	return true
}

// AsInt converts a bool or an int (or an Enum) to int64.
func AsInt(v Value) (int64, bool) {
	switch v := v.(type) {
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	case int64:
		return v, true
	case Enum:
		return v.Int, true
	}
	return 0, false
}

// AsFloat converts a bool, int or float to float64.
func AsFloat(v Value) (float64, bool) {
	if f, ok := v.(float64); ok {
		return f, true
	}
	if i, ok := AsInt(v); ok {
		return float64(i), true
	}
	return 0, false
}

// AsComplex converts any number to complex128.
func AsComplex(v Value) (complex128, bool) {
	if c, ok := v.(complex128); ok {
		return c, true
	}
	f, ok := AsFloat(v)
	return complex(f, 0), ok
}

// rank orders the numeric types: 1 int (and bool), 2 float, 3 complex, 0
// not a number.
func rank(v Value) int {
	switch v.(type) {
	case bool, int64:
		return 1
	case float64:
		return 2
	case complex128:
		return 3
	}
	return 0
}

// Iterate returns the items of a list, tuple, array, string or dict (its keys).
func Iterate(v Value) ([]Value, error) {
	switch v := v.(type) {
	case *List:
		return v.Items, nil
	case string:
		out := make([]Value, 0, len(v))
		for _, r := range v {
			out = append(out, string(r))
		}
		return out, nil
	case *Dict:
		out := make([]Value, len(v.Keys))
		for i, k := range v.Keys {
			out[i] = k
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s is not iterable", TypeName(v))
}

// Index returns x[i].
func Index(x, i Value) (Value, error) {
	if d, ok := x.(*Dict); ok {
		k, ok := i.(string)
		if !ok {
			return nil, fmt.Errorf("dict keys are strings, not %s", TypeName(i))
		}
		v, ok := d.Vals[k]
		if !ok {
			return nil, fmt.Errorf("key %q not in the dict", k)
		}
		return v, nil
	}
	k, ok := AsInt(i)
	if !ok {
		return nil, fmt.Errorf("indices must be integers, not %s", TypeName(i))
	}
	var n int64
	switch x := x.(type) {
	case string:
		n = int64(len(x))
	case *List:
		n = int64(len(x.Items))
	default:
		return nil, fmt.Errorf("%s cannot be indexed", TypeName(x))
	}
	if k < 0 {
		k += n
	}
	if k < 0 || k >= n {
		return nil, fmt.Errorf("index %d out of range for length %d", i, n)
	}
	if s, ok := x.(string); ok {
		return s[k : k+1], nil
	}
	return x.(*List).Items[k], nil
}

func unary(op string, x Value) (Value, error) {
	if l, ok := x.(*List); ok && l.Array {
		return mapArray(l, func(v Value) (Value, error) { return unary(op, v) })
	}
	switch op {
	case "+":
		if rank(x) == 0 {
			return nil, fmt.Errorf("bad operand type for unary +: %s", TypeName(x))
		}
		if b, ok := x.(bool); ok {
			i, _ := AsInt(b)
			return i, nil
		}
		return x, nil
	case "-":
		switch rank(x) {
		case 1:
			i, _ := AsInt(x)
			if i == math.MinInt64 {
				return nil, fmt.Errorf("integer overflow")
			}
			return -i, nil
		case 2:
			return -x.(float64), nil
		case 3:
			return -x.(complex128), nil
		}
		return nil, fmt.Errorf("bad operand type for unary -: %s", TypeName(x))
	case "~":
		if i, ok := AsInt(x); ok && rank(x) == 1 {
			return ^i, nil
		}
		return nil, fmt.Errorf("bad operand type for unary ~: %s", TypeName(x))
	}
	return nil, fmt.Errorf("unknown operator %s", op)
}

func mapArray(l *List, f func(Value) (Value, error)) (Value, error) {
	out := &List{Items: make([]Value, len(l.Items)), Array: true}
	for i, v := range l.Items {
		r, err := f(v)
		if err != nil {
			return nil, err
		}
		out.Items[i] = r
	}
	return out, nil
}

// Binary applies the arithmetic operator op (+ - * / // % ** & | ^ << >>)
// to x and y, as Python does; a numpy array operand applies it item by item.
func Binary(op string, x, y Value) (Value, error) {
	lx, xa := x.(*List)
	ly, ya := y.(*List)
	if xa && lx.Array || ya && ly.Array {
		switch {
		case xa && ya:
			if len(lx.Items) != len(ly.Items) {
				return nil, fmt.Errorf("operands could not be broadcast together with shapes (%d,) (%d,)", len(lx.Items), len(ly.Items))
			}
			out := &List{Items: make([]Value, len(lx.Items)), Array: true}
			for i := range lx.Items {
				r, err := Binary(op, lx.Items[i], ly.Items[i])
				if err != nil {
					return nil, err
				}
				out.Items[i] = r
			}
			return out, nil
		case xa:
			return mapArray(lx, func(v Value) (Value, error) { return Binary(op, v, y) })
		default:
			return mapArray(ly, func(v Value) (Value, error) { return Binary(op, x, v) })
		}
	}
	rx, ry := rank(x), rank(y)
	if rx == 0 || ry == 0 {
		return sequenceOp(op, x, y)
	}
	r := max(rx, ry)
	switch op {
	case "&", "|", "^", "<<", ">>":
		if r != 1 {
			return nil, fmt.Errorf("unsupported operand types for %s: %s and %s", op, TypeName(x), TypeName(y))
		}
		a, _ := AsInt(x)
		b, _ := AsInt(y)
		switch op {
		case "&":
			return a & b, nil
		case "|":
			return a | b, nil
		case "^":
			return a ^ b, nil
		case "<<":
			if b < 0 || b > 62 || a != 0 && (a<<b)>>b != a {
				return nil, fmt.Errorf("integer overflow or negative shift")
			}
			return a << b, nil
		default:
			if b < 0 {
				return nil, fmt.Errorf("negative shift count")
			}
			return a >> min(b, 63), nil
		}
	}
	if r == 1 {
		a, _ := AsInt(x)
		b, _ := AsInt(y)
		if v, ok, err := intOp(op, a, b); ok || err != nil {
			return v, err
		}
		r = 2 // a true division, or a power with a negative exponent
	}
	if r == 2 {
		a, _ := AsFloat(x)
		b, _ := AsFloat(y)
		return floatOp(op, a, b)
	}
	a, _ := AsComplex(x)
	b, _ := AsComplex(y)
	var v complex128
	switch op {
	case "+":
		v = a + b
	case "-":
		v = a - b
	case "*":
		v = a * b
	case "/":
		if b == 0 {
			return nil, fmt.Errorf("complex division by zero")
		}
		v = a / b
	case "**":
		if a == 0 && b == 0 {
			v = 1
		} else {
			v = cmplx.Pow(a, b)
		}
	default:
		return nil, fmt.Errorf("unsupported operand types for %s: complex", op)
	}
	if cmplx.IsInf(v) || cmplx.IsNaN(v) {
		return nil, fmt.Errorf("result %v is not finite", v)
	}
	return v, nil
}

// intOp computes an integer result, or ok=false when the result is a float.
func intOp(op string, a, b int64) (Value, bool, error) {
	over := fmt.Errorf("integer overflow (results beyond ±2**63 are not supported)")
	switch op {
	case "+":
		s := a + b
		if (s > a) != (b > 0) {
			return nil, true, over
		}
		return s, true, nil
	case "-":
		s := a - b
		if (s < a) != (b > 0) {
			return nil, true, over
		}
		return s, true, nil
	case "*":
		if a == 0 || b == 0 {
			return int64(0), true, nil
		}
		p := a * b
		if p/b != a || a == -1 && b == math.MinInt64 || b == -1 && a == math.MinInt64 {
			return nil, true, over
		}
		return p, true, nil
	case "//", "%":
		if b == 0 {
			return nil, true, fmt.Errorf("integer division or modulo by zero")
		}
		if a == math.MinInt64 && b == -1 {
			return nil, true, over
		}
		q, m := a/b, a%b
		if m != 0 && (m < 0) != (b < 0) {
			q--
			m += b
		}
		if op == "//" {
			return q, true, nil
		}
		return m, true, nil
	case "**":
		if b < 0 {
			return nil, false, nil
		}
		p := int64(1)
		for i := int64(0); i < b; i++ {
			if a == 0 || a == 1 {
				if a == 0 {
					return int64(0), true, nil
				}
				return int64(1), true, nil
			}
			if a == -1 {
				if b%2 == 0 {
					return int64(1), true, nil
				}
				return int64(-1), true, nil
			}
			q := p * a
			if q/a != p {
				return nil, true, over
			}
			p = q
		}
		return p, true, nil
	}
	return nil, false, nil
}

func floatOp(op string, a, b float64) (Value, error) {
	var v float64
	switch op {
	case "+":
		v = a + b
	case "-":
		v = a - b
	case "*":
		v = a * b
	case "/":
		if b == 0 {
			return nil, fmt.Errorf("float division by zero")
		}
		v = a / b
	case "//", "%":
		if b == 0 {
			return nil, fmt.Errorf("float modulo by zero")
		}
		m := math.Mod(a, b)
		if m != 0 && (m < 0) != (b < 0) {
			m += b
		}
		if op == "%" {
			v = m
		} else {
			v = math.Round((a - m) / b)
		}
	case "**":
		if a < 0 && b != math.Trunc(b) {
			c, err := Binary("**", complex(a, 0), complex(b, 0))
			return c, err
		}
		if a == 0 && b < 0 {
			return nil, fmt.Errorf("0.0 cannot be raised to a negative power")
		}
		v = math.Pow(a, b)
	default:
		return nil, fmt.Errorf("unsupported operand types for %s: float", op)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, fmt.Errorf("result %v is not finite", v)
	}
	return v, nil
}

// sequenceOp is + and * of strings and lists, and % formatting of a string.
func sequenceOp(op string, x, y Value) (Value, error) {
	bad := fmt.Errorf("unsupported operand types for %s: %s and %s", op, TypeName(x), TypeName(y))
	switch op {
	case "+":
		switch a := x.(type) {
		case string:
			b, ok := y.(string)
			if !ok {
				return nil, bad
			}
			if len(a)+len(b) > MaxItems {
				return nil, fmt.Errorf("string longer than %d bytes", MaxItems)
			}
			return a + b, nil
		case *List:
			b, ok := y.(*List)
			if !ok || a.Tuple != b.Tuple {
				return nil, bad
			}
			if len(a.Items)+len(b.Items) > MaxItems {
				return nil, fmt.Errorf("list longer than %d items", MaxItems)
			}
			return &List{Items: slices.Concat(a.Items, b.Items), Tuple: a.Tuple}, nil
		}
	case "*":
		if rank(x) == 1 {
			x, y = y, x
		}
		n, ok := AsInt(y)
		if !ok || rank(y) != 1 {
			return nil, bad
		}
		n = max(n, 0)
		switch a := x.(type) {
		case string:
			if len(a) > 0 && n > int64(MaxItems/len(a)) {
				return nil, fmt.Errorf("string longer than %d bytes", MaxItems)
			}
			return strings.Repeat(a, int(n)), nil
		case *List:
			if len(a.Items) > 0 && n > int64(MaxItems/len(a.Items)) {
				return nil, fmt.Errorf("list longer than %d items", MaxItems)
			}
			out := &List{Tuple: a.Tuple, Items: make([]Value, 0, int(n)*len(a.Items))}
			for range n {
				out.Items = append(out.Items, a.Items...)
			}
			return out, nil
		}
	case "%":
		if s, ok := x.(string); ok {
			return format(s, y)
		}
	}
	return nil, bad
}

// format is printf-style formatting of %s, %d, %f, %g, %e, %x (with
// flags, width and precision) and %%.
func format(f string, arg Value) (Value, error) {
	args := []Value{arg}
	if l, ok := arg.(*List); ok && l.Tuple {
		args = l.Items
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("#0- +.0123456789", f[j]) >= 0 {
			j++
		}
		if j == len(f) {
			return nil, fmt.Errorf("incomplete format")
		}
		verb := f[j]
		spec := f[i:j]
		i = j
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		if next >= len(args) {
			return nil, fmt.Errorf("not enough arguments for format string")
		}
		a := args[next]
		next++
		switch verb {
		case 's', 'r':
			fmt.Fprintf(&b, spec+"s", Str(a))
		case 'd', 'i':
			fv, ok := AsFloat(a)
			if !ok {
				return nil, fmt.Errorf("%%d format: a number is required, not %s", TypeName(a))
			}
			fmt.Fprintf(&b, spec+"d", int64(fv))
		case 'f', 'F', 'g', 'G', 'e', 'E':
			fv, ok := AsFloat(a)
			if !ok {
				return nil, fmt.Errorf("%%%c format: a number is required, not %s", verb, TypeName(a))
			}
			fmt.Fprintf(&b, spec+string(verb), fv)
		case 'x', 'X', 'o':
			iv, ok := AsInt(a)
			if !ok {
				return nil, fmt.Errorf("%%%c format: an integer is required, not %s", verb, TypeName(a))
			}
			fmt.Fprintf(&b, spec+string(verb), iv)
		default:
			return nil, fmt.Errorf("unsupported format character %q", verb)
		}
		if b.Len() > MaxItems {
			return nil, fmt.Errorf("string longer than %d bytes", MaxItems)
		}
	}
	if next < len(args) {
		return nil, fmt.Errorf("not all arguments converted during string formatting")
	}
	return b.String(), nil
}

// Str is Python's str(v) for the values an expression can make.
func Str(v Value) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e16 {
			return strconv.FormatFloat(v, 'f', 1, 64)
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case complex128:
		return "(" + strconv.FormatFloat(real(v), 'g', -1, 64) + fmt.Sprintf("%+g", imag(v)) + "j)"
	case string:
		return v
	case *List:
		parts := make([]string, len(v.Items))
		for i, x := range v.Items {
			if s, ok := x.(string); ok {
				parts[i] = strconv.Quote(s)
			} else {
				parts[i] = Str(x)
			}
		}
		if v.Tuple {
			if len(parts) == 1 {
				return "(" + parts[0] + ",)"
			}
			return "(" + strings.Join(parts, ", ") + ")"
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case Enum:
		return v.Name
	}
	return TypeName(v)
}

func compare(op string, x, y Value) (bool, error) {
	switch op {
	case "in", "not in":
		var found bool
		switch c := y.(type) {
		case string:
			s, ok := x.(string)
			if !ok {
				return false, fmt.Errorf("'in <string>' requires a string on the left, not %s", TypeName(x))
			}
			found = strings.Contains(c, s)
		case *Dict:
			s, _ := x.(string)
			_, found = c.Vals[s]
		case *List:
			for _, it := range c.Items {
				if Equal(x, it) {
					found = true
					break
				}
			}
		default:
			return false, fmt.Errorf("argument of type %s is not a container", TypeName(y))
		}
		return found == (op == "in"), nil
	case "is":
		return x == nil && y == nil || Equal(x, y) && rank(x) == 0, nil
	case "is not":
		r, err := compare("is", x, y)
		return !r, err
	case "==":
		return Equal(x, y), nil
	case "!=":
		return !Equal(x, y), nil
	}
	var c int
	switch {
	case rank(x) == 1 && rank(y) == 1:
		a, _ := AsInt(x)
		b, _ := AsInt(y)
		c = cmpOrder(a, b)
	case rank(x) > 0 && rank(x) < 3 && rank(y) > 0 && rank(y) < 3:
		a, _ := AsFloat(x)
		b, _ := AsFloat(y)
		c = cmpOrder(a, b)
	default:
		a, ok1 := x.(string)
		b, ok2 := y.(string)
		if !ok1 || !ok2 {
			return false, fmt.Errorf("%s not supported between %s and %s", op, TypeName(x), TypeName(y))
		}
		c = strings.Compare(a, b)
	}
	switch op {
	case "<":
		return c < 0, nil
	case ">":
		return c > 0, nil
	case "<=":
		return c <= 0, nil
	}
	return c >= 0, nil
}

func cmpOrder[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Equal is Python's == for the values an expression can make.
func Equal(x, y Value) bool {
	if rank(x) > 0 && rank(y) > 0 {
		a, _ := AsComplex(x)
		b, _ := AsComplex(y)
		return a == b
	}
	switch a := x.(type) {
	case nil:
		return y == nil
	case string:
		b, ok := y.(string)
		return ok && a == b
	case *List:
		b, ok := y.(*List)
		if !ok || a.Tuple != b.Tuple || len(a.Items) != len(b.Items) {
			return false
		}
		for i := range a.Items {
			if !Equal(a.Items[i], b.Items[i]) {
				return false
			}
		}
		return true
	case Enum:
		b, ok := y.(Enum)
		return ok && a == b
	}
	return false
}
