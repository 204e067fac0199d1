package py

import (
	"fmt"
	"math"
	"math/cmplx"
	"strconv"
	"strings"
)

// Fn makes a Func of positional arguments only, called with between lo
// and hi of them (hi < 0: any number).
func Fn(name string, lo, hi int, f func(args []Value) (Value, error)) *Func {
	return &Func{Name: name, Call: func(args []Value, kw map[string]Value) (Value, error) {
		if len(kw) > 0 {
			return nil, fmt.Errorf("keyword arguments are not supported")
		}
		if len(args) < lo || hi >= 0 && len(args) > hi {
			return nil, fmt.Errorf("takes %s arguments, not %d", arity(lo, hi), len(args))
		}
		return f(args)
	}}
}

func arity(lo, hi int) string {
	switch {
	case lo == hi:
		return strconv.Itoa(lo)
	case hi < 0:
		return fmt.Sprintf("at least %d", lo)
	}
	return fmt.Sprintf("%d to %d", lo, hi)
}

// float1 makes a Func of one real argument; an array argument applies it
// item by item.
func float1(name string, f func(float64) float64) *Func {
	var fn *Func
	fn = Fn(name, 1, 1, func(a []Value) (Value, error) {
		if l, ok := a[0].(*List); ok && l.Array {
			return mapArray(l, func(v Value) (Value, error) { return fn.Call([]Value{v}, nil) })
		}
		x, ok := AsFloat(a[0])
		if !ok {
			return nil, fmt.Errorf("a real number is required, not %s", TypeName(a[0]))
		}
		return finite(f(x))
	})
	return fn
}

func finite(v float64) (Value, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, fmt.Errorf("math domain error (result %v)", v)
	}
	return v, nil
}

// Builtins returns Python's built-in functions that expressions use: abs,
// int, float, complex, bool, str, round, min, max, sum, pow, len, range,
// list, tuple.
func Builtins() map[string]Value {
	return map[string]Value{
		"abs": Fn("abs", 1, 1, func(a []Value) (Value, error) {
			switch x := a[0].(type) {
			case complex128:
				return cmplx.Abs(x), nil
			case float64:
				return math.Abs(x), nil
			}
			return unaryAbs(a[0])
		}),
		"int": Fn("int", 0, 2, func(a []Value) (Value, error) {
			if len(a) == 0 {
				return int64(0), nil
			}
			switch x := a[0].(type) {
			case string:
				base := int64(10)
				if len(a) == 2 {
					base, _ = AsInt(a[1])
				}
				i, err := strconv.ParseInt(strings.TrimSpace(x), int(base), 64)
				if err != nil {
					return nil, fmt.Errorf("invalid literal for int(): %q", x)
				}
				return i, nil
			case float64:
				if math.Abs(x) >= 1<<63 {
					return nil, fmt.Errorf("integer overflow")
				}
				return int64(x), nil
			}
			if i, ok := AsInt(a[0]); ok {
				return i, nil
			}
			return nil, fmt.Errorf("int() argument must be a string or a real number, not %s", TypeName(a[0]))
		}),
		"float": Fn("float", 0, 1, func(a []Value) (Value, error) {
			if len(a) == 0 {
				return 0.0, nil
			}
			if s, ok := a[0].(string); ok {
				f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
				if err != nil {
					return nil, fmt.Errorf("could not convert string to float: %q", s)
				}
				return f, nil
			}
			if f, ok := AsFloat(a[0]); ok {
				return f, nil
			}
			return nil, fmt.Errorf("float() argument must be a string or a real number, not %s", TypeName(a[0]))
		}),
		"complex": Fn("complex", 0, 2, func(a []Value) (Value, error) {
			var re, im complex128
			if len(a) > 0 {
				var ok bool
				if re, ok = AsComplex(a[0]); !ok {
					return nil, fmt.Errorf("complex() argument must be a number, not %s", TypeName(a[0]))
				}
			}
			if len(a) > 1 {
				var ok bool
				if im, ok = AsComplex(a[1]); !ok {
					return nil, fmt.Errorf("complex() argument must be a number, not %s", TypeName(a[1]))
				}
			}
			return re + im*1i, nil
		}),
		"bool": Fn("bool", 0, 1, func(a []Value) (Value, error) { return len(a) == 1 && Truth(a[0]), nil }),
		"str":  Fn("str", 0, 1, func(a []Value) (Value, error) { return strOf(a) }),
		"round": Fn("round", 1, 2, func(a []Value) (Value, error) {
			x, ok := AsFloat(a[0])
			if !ok {
				return nil, fmt.Errorf("a real number is required, not %s", TypeName(a[0]))
			}
			if len(a) == 1 || a[1] == nil {
				r := math.RoundToEven(x)
				if math.Abs(r) >= 1<<63 {
					return nil, fmt.Errorf("integer overflow")
				}
				return int64(r), nil
			}
			n, ok := AsInt(a[1])
			if !ok {
				return nil, fmt.Errorf("ndigits must be an integer")
			}
			p := math.Pow(10, float64(n))
			return finite(math.RoundToEven(x*p) / p)
		}),
		"min": Fn("min", 1, -1, func(a []Value) (Value, error) { return extreme(a, "<") }),
		"max": Fn("max", 1, -1, func(a []Value) (Value, error) { return extreme(a, ">") }),
		"sum": Fn("sum", 1, 2, func(a []Value) (Value, error) {
			items, err := Iterate(a[0])
			if err != nil {
				return nil, err
			}
			var acc Value = int64(0)
			if len(a) == 2 {
				acc = a[1]
			}
			for _, it := range items {
				if acc, err = Binary("+", acc, it); err != nil {
					return nil, err
				}
			}
			return acc, nil
		}),
		"pow": Fn("pow", 2, 2, func(a []Value) (Value, error) { return Binary("**", a[0], a[1]) }),
		"len": Fn("len", 1, 1, func(a []Value) (Value, error) {
			switch x := a[0].(type) {
			case string:
				return int64(len(x)), nil
			case *List:
				return int64(len(x.Items)), nil
			case *Dict:
				return int64(len(x.Keys)), nil
			}
			return nil, fmt.Errorf("object of type %s has no len()", TypeName(a[0]))
		}),
		"range": Fn("range", 1, 3, func(a []Value) (Value, error) {
			var b [3]int64
			for i, v := range a {
				n, ok := AsInt(v)
				if !ok {
					return nil, fmt.Errorf("%s object cannot be interpreted as an integer", TypeName(v))
				}
				b[i] = n
			}
			start, stop, step := int64(0), b[0], int64(1)
			if len(a) >= 2 {
				start, stop = b[0], b[1]
			}
			if len(a) == 3 {
				step = b[2]
			}
			if step == 0 {
				return nil, fmt.Errorf("arg 3 must not be zero")
			}
			out := &List{}
			for i := start; step > 0 && i < stop || step < 0 && i > stop; i += step {
				if len(out.Items) == MaxItems {
					return nil, fmt.Errorf("a range of more than %d items", MaxItems)
				}
				out.Items = append(out.Items, i)
			}
			return out, nil
		}),
		"list": Fn("list", 0, 1, func(a []Value) (Value, error) {
			if len(a) == 0 {
				return &List{}, nil
			}
			items, err := Iterate(a[0])
			return &List{Items: items}, err
		}),
		"tuple": Fn("tuple", 0, 1, func(a []Value) (Value, error) {
			if len(a) == 0 {
				return &List{Tuple: true}, nil
			}
			items, err := Iterate(a[0])
			return &List{Items: items, Tuple: true}, err
		}),
	}
}

func strOf(a []Value) (Value, error) {
	if len(a) == 0 {
		return "", nil
	}
	return Str(a[0]), nil
}

func unaryAbs(x Value) (Value, error) {
	if l, ok := x.(*List); ok && l.Array {
		return mapArray(l, unaryAbs)
	}
	if c, ok := x.(complex128); ok {
		return cmplx.Abs(c), nil
	}
	if f, ok := x.(float64); ok {
		return math.Abs(f), nil
	}
	i, ok := AsInt(x)
	if !ok || rank(x) != 1 {
		return nil, fmt.Errorf("bad operand type for abs(): %s", TypeName(x))
	}
	if i < 0 {
		if i == math.MinInt64 {
			return nil, fmt.Errorf("integer overflow")
		}
		return -i, nil
	}
	return i, nil
}

func extreme(a []Value, op string) (Value, error) {
	items := a
	if len(a) == 1 {
		var err error
		if items, err = Iterate(a[0]); err != nil {
			return nil, err
		}
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("arg is an empty sequence")
	}
	best := items[0]
	for _, it := range items[1:] {
		better, err := compare(op, it, best)
		if err != nil {
			return nil, err
		}
		if better {
			best = it
		}
	}
	return best, nil
}

// Math returns the module math: its constants and functions of reals.
func Math() *Module {
	m := &Module{Name: "math", Attrs: map[string]Value{
		"pi": math.Pi, "e": math.E, "tau": 2 * math.Pi,
		"log": Fn("log", 1, 2, func(a []Value) (Value, error) {
			x, ok := AsFloat(a[0])
			if !ok || x <= 0 {
				return nil, fmt.Errorf("math domain error")
			}
			if len(a) == 1 {
				return math.Log(x), nil
			}
			b, ok := AsFloat(a[1])
			if !ok || b <= 0 || b == 1 {
				return nil, fmt.Errorf("math domain error")
			}
			return math.Log(x) / math.Log(b), nil
		}),
		"pow": Fn("pow", 2, 2, func(a []Value) (Value, error) {
			x, ok1 := AsFloat(a[0])
			y, ok2 := AsFloat(a[1])
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("real numbers are required")
			}
			return finite(math.Pow(x, y))
		}),
		"atan2": Fn("atan2", 2, 2, func(a []Value) (Value, error) {
			y, ok1 := AsFloat(a[0])
			x, ok2 := AsFloat(a[1])
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("real numbers are required")
			}
			return math.Atan2(y, x), nil
		}),
		"hypot": Fn("hypot", 2, 2, func(a []Value) (Value, error) {
			x, ok1 := AsFloat(a[0])
			y, ok2 := AsFloat(a[1])
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("real numbers are required")
			}
			return math.Hypot(x, y), nil
		}),
		"floor": intOf("floor", math.Floor),
		"ceil":  intOf("ceil", math.Ceil),
		"trunc": intOf("trunc", math.Trunc),
	}}
	for name, f := range map[string]func(float64) float64{
		"sqrt": math.Sqrt, "exp": math.Exp, "log10": math.Log10, "log2": math.Log2,
		"sin": math.Sin, "cos": math.Cos, "tan": math.Tan, "asin": math.Asin, "acos": math.Acos, "atan": math.Atan,
		"sinh": math.Sinh, "cosh": math.Cosh, "tanh": math.Tanh, "fabs": math.Abs,
		"radians": func(x float64) float64 { return x * math.Pi / 180 },
		"degrees": func(x float64) float64 { return x * 180 / math.Pi },
	} {
		m.Attrs[name] = float1(name, f)
	}
	return m
}

func intOf(name string, f func(float64) float64) *Func {
	return Fn(name, 1, 1, func(a []Value) (Value, error) {
		x, ok := AsFloat(a[0])
		if !ok {
			return nil, fmt.Errorf("a real number is required, not %s", TypeName(a[0]))
		}
		r := f(x)
		if math.Abs(r) >= 1<<63 || math.IsNaN(r) {
			return nil, fmt.Errorf("cannot convert %v to an integer", x)
		}
		return int64(r), nil
	})
}

// CMath returns the module cmath: functions of complex numbers.
func CMath() *Module {
	c1 := func(name string, f func(complex128) complex128) *Func {
		return Fn(name, 1, 1, func(a []Value) (Value, error) {
			x, ok := AsComplex(a[0])
			if !ok {
				return nil, fmt.Errorf("a number is required, not %s", TypeName(a[0]))
			}
			v := f(x)
			if cmplx.IsInf(v) || cmplx.IsNaN(v) {
				return nil, fmt.Errorf("math domain error")
			}
			return v, nil
		})
	}
	return &Module{Name: "cmath", Attrs: map[string]Value{
		"pi": math.Pi, "e": math.E, "tau": 2 * math.Pi,
		"exp": c1("exp", cmplx.Exp), "sqrt": c1("sqrt", cmplx.Sqrt), "log": c1("log", cmplx.Log),
		"sin": c1("sin", cmplx.Sin), "cos": c1("cos", cmplx.Cos),
		"phase": Fn("phase", 1, 1, func(a []Value) (Value, error) {
			x, ok := AsComplex(a[0])
			if !ok {
				return nil, fmt.Errorf("a number is required")
			}
			return cmplx.Phase(x), nil
		}),
		"rect": Fn("rect", 2, 2, func(a []Value) (Value, error) {
			r, ok1 := AsFloat(a[0])
			phi, ok2 := AsFloat(a[1])
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("real numbers are required")
			}
			return cmplx.Rect(r, phi), nil
		}),
	}}
}

// Numpy returns the part of numpy that GRC files use: pi, e, arange,
// linspace, ones, zeros, array, kron and element-wise abs, exp, sqrt, sin,
// cos, log10, angle, conj, real, imag, with float32 and complex64 as
// conversions. Arrays are Lists with Array set.
func Numpy() *Module {
	arr := func(v Value) (*List, error) {
		if l, ok := v.(*List); ok {
			return &List{Items: l.Items, Array: true}, nil
		}
		if rank(v) > 0 {
			return &List{Items: []Value{v}, Array: true}, nil
		}
		return nil, fmt.Errorf("expected an array or a number, not %s", TypeName(v))
	}
	filled := func(name string, x float64) *Func {
		return Fn(name, 1, 2, func(a []Value) (Value, error) {
			n, ok := AsInt(a[0])
			if !ok || n < 0 || n > MaxItems {
				return nil, fmt.Errorf("the size must be an integer in [0, %d]", MaxItems)
			}
			out := &List{Items: make([]Value, n), Array: true}
			for i := range out.Items {
				out.Items[i] = x
			}
			return out, nil
		})
	}
	elem := func(name string, f func(Value) (Value, error)) *Func {
		var fn *Func
		fn = Fn(name, 1, 1, func(a []Value) (Value, error) {
			if l, ok := a[0].(*List); ok {
				return mapArray(l, func(v Value) (Value, error) { return fn.Call([]Value{v}, nil) })
			}
			return f(a[0])
		})
		return fn
	}
	cplx := func(name string, f func(complex128) complex128) *Func {
		return elem(name, func(v Value) (Value, error) {
			x, ok := AsComplex(v)
			if !ok {
				return nil, fmt.Errorf("a number is required, not %s", TypeName(v))
			}
			r := f(x)
			if cmplx.IsInf(r) || cmplx.IsNaN(r) {
				return nil, fmt.Errorf("result %v is not finite", r)
			}
			if _, isC := v.(complex128); !isC && imag(r) == 0 {
				return real(r), nil
			}
			return r, nil
		})
	}
	m := &Module{Name: "numpy", Attrs: map[string]Value{
		"pi": math.Pi, "e": math.E,
		"ones": filled("ones", 1), "zeros": filled("zeros", 0),
		"array": Fn("array", 1, 2, func(a []Value) (Value, error) { return arr(a[0]) }),
		"arange": Fn("arange", 1, 3, func(a []Value) (Value, error) {
			var b [3]float64
			allInt := true
			for i, v := range a {
				f, ok := AsFloat(v)
				if !ok {
					return nil, fmt.Errorf("arange takes numbers, not %s", TypeName(v))
				}
				b[i] = f
				allInt = allInt && rank(v) == 1
			}
			start, stop, step := 0.0, b[0], 1.0
			if len(a) >= 2 {
				start, stop = b[0], b[1]
			}
			if len(a) == 3 {
				step = b[2]
			}
			if step == 0 {
				return nil, fmt.Errorf("step must not be zero")
			}
			n := math.Ceil((stop - start) / step)
			if n < 0 {
				n = 0
			}
			if n > MaxItems {
				return nil, fmt.Errorf("an array of more than %d items", MaxItems)
			}
			out := &List{Items: make([]Value, int(n)), Array: true}
			for i := range out.Items {
				if allInt {
					out.Items[i] = int64(start) + int64(i)*int64(step)
				} else {
					out.Items[i] = start + float64(i)*step
				}
			}
			return out, nil
		}),
		"linspace": Fn("linspace", 2, 3, func(a []Value) (Value, error) {
			lo, ok1 := AsFloat(a[0])
			hi, ok2 := AsFloat(a[1])
			n := int64(50)
			ok3 := true
			if len(a) == 3 {
				n, ok3 = AsInt(a[2])
			}
			if !ok1 || !ok2 || !ok3 || n < 0 || n > MaxItems {
				return nil, fmt.Errorf("linspace(start, stop, num) takes numbers and a count in [0, %d]", MaxItems)
			}
			out := &List{Items: make([]Value, n), Array: true}
			for i := range out.Items {
				if n == 1 {
					out.Items[i] = lo
				} else {
					out.Items[i] = lo + (hi-lo)*float64(i)/float64(n-1)
				}
			}
			return out, nil
		}),
		"kron": Fn("kron", 2, 2, func(a []Value) (Value, error) {
			x, err := arr(a[0])
			if err != nil {
				return nil, err
			}
			y, err := arr(a[1])
			if err != nil {
				return nil, err
			}
			if len(x.Items)*len(y.Items) > MaxItems {
				return nil, fmt.Errorf("an array of more than %d items", MaxItems)
			}
			out := &List{Array: true}
			for _, u := range x.Items {
				for _, v := range y.Items {
					p, err := Binary("*", u, v)
					if err != nil {
						return nil, err
					}
					out.Items = append(out.Items, p)
				}
			}
			return out, nil
		}),
		"abs":   elem("abs", unaryAbs),
		"exp":   cplx("exp", cmplx.Exp),
		"sqrt":  cplx("sqrt", cmplx.Sqrt),
		"sin":   cplx("sin", cmplx.Sin),
		"cos":   cplx("cos", cmplx.Cos),
		"log10": cplx("log10", cmplx.Log10),
		"conj":  cplx("conj", cmplx.Conj),
		"angle": elem("angle", func(v Value) (Value, error) {
			x, ok := AsComplex(v)
			if !ok {
				return nil, fmt.Errorf("a number is required, not %s", TypeName(v))
			}
			return cmplx.Phase(x), nil
		}),
		"real": elem("real", func(v Value) (Value, error) {
			x, ok := AsComplex(v)
			if !ok {
				return nil, fmt.Errorf("a number is required, not %s", TypeName(v))
			}
			return real(x), nil
		}),
		"imag": elem("imag", func(v Value) (Value, error) {
			x, ok := AsComplex(v)
			if !ok {
				return nil, fmt.Errorf("a number is required, not %s", TypeName(v))
			}
			return imag(x), nil
		}),
		"float32": elem("float32", func(v Value) (Value, error) {
			x, ok := AsFloat(v)
			if !ok {
				return nil, fmt.Errorf("a real number is required, not %s", TypeName(v))
			}
			return float64(float32(x)), nil
		}),
		"complex64": elem("complex64", func(v Value) (Value, error) {
			x, ok := AsComplex(v)
			if !ok {
				return nil, fmt.Errorf("a number is required, not %s", TypeName(v))
			}
			return complex128(complex64(x)), nil
		}),
	}}
	return m
}
