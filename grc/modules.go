package grc

import (
	"fmt"
	"strings"

	"github.com/flowrun/flowrun/grc/internal/py"
	"github.com/flowrun/flowrun/pmt"
)

// pmtKind marks a py.Opaque that holds a pmt.Value.
const pmtKind = "pmt"

// GNU Radio Companion evaluates a flowgraph's expressions with the imports
// of all its blocks' templates: gnuradio's modules (analog, blocks,
// filter, fft, pmt, firdes, window), and math for some blocks
// (analog_quadrature_demod_cf). These are always there; other modules come
// from the file's import blocks.
func defaultModules() map[string]py.Value {
	fft := &py.Module{Name: "fft", Attrs: map[string]py.Value{"window": windowModule()}}
	filter := &py.Module{Name: "filter", Attrs: map[string]py.Value{"firdes": firdesModule()}}
	return map[string]py.Value{
		"firdes": firdesModule(),
		"window": windowModule(),
		"fft":    fft,
		"filter": filter,
		"analog": analogModule(),
		"blocks": &py.Module{Name: "blocks", Attrs: map[string]py.Value{}},
		"gr":     &py.Module{Name: "gr", Attrs: map[string]py.Value{}},
		"pmt":    pmtModule(),
		"math":   py.Math(),
	}
}

// importable are the modules an import block may bring in, by their full
// dotted names.
func importable() map[string]py.Value {
	m := defaultModules()
	gnuradio := &py.Module{Name: "gnuradio", Attrs: map[string]py.Value{
		"filter": m["filter"], "fft": m["fft"], "analog": m["analog"], "blocks": m["blocks"], "gr": m["gr"],
	}}
	return map[string]py.Value{
		"math":                   py.Math(),
		"cmath":                  py.CMath(),
		"numpy":                  py.Numpy(),
		"pmt":                    m["pmt"],
		"gnuradio":               gnuradio,
		"gnuradio.filter":        m["filter"],
		"gnuradio.filter.firdes": m["firdes"],
		"gnuradio.fft":           m["fft"],
		"gnuradio.fft.window":    m["window"],
		"gnuradio.analog":        m["analog"],
		"gnuradio.blocks":        m["blocks"],
		"gnuradio.gr":            m["gr"],
	}
}

// analogModule holds gnuradio.analog's waveform and noise enums.
func analogModule() *py.Module {
	m := &py.Module{Name: "analog", Attrs: map[string]py.Value{}}
	for name, v := range map[string]int64{
		"GR_CONST_WAVE": 100, "GR_SIN_WAVE": 101, "GR_COS_WAVE": 102, "GR_SQR_WAVE": 103, "GR_TRI_WAVE": 104, "GR_SAW_WAVE": 105,
		"GR_UNIFORM": 200, "GR_GAUSSIAN": 201, "GR_LAPLACIAN": 202, "GR_IMPULSE": 203,
	} {
		m.Attrs[name] = py.Enum{Name: "analog." + name, Int: v}
	}
	return m
}

// pmtModule is the part of GNU Radio's pmt module that makes values:
// intern, to_pmt, from_double, from_long, from_bool, from_float, cons,
// make_dict, dict_add, init_f32vector, init_c32vector, init_u8vector, and
// PMT_NIL, PMT_T, PMT_F.
func pmtModule() *py.Module {
	wrap := func(v pmt.Value) py.Value { return py.Opaque{Kind: pmtKind, V: v} }
	one := func(name string, f func(py.Value) (pmt.Value, error)) *py.Func {
		return py.Fn("pmt."+name, 1, 1, func(a []py.Value) (py.Value, error) {
			v, err := f(a[0])
			if err != nil {
				return nil, err
			}
			return wrap(v), nil
		})
	}
	vector := func(name string, conv func([]py.Value) (pmt.Value, error)) *py.Func {
		return py.Fn("pmt."+name, 2, 2, func(a []py.Value) (py.Value, error) {
			items, err := py.Iterate(a[1])
			if err != nil {
				return nil, err
			}
			if n, ok := py.AsInt(a[0]); !ok || n != int64(len(items)) {
				return nil, fmt.Errorf("the length %v is not the number of items, %d", py.Str(a[0]), len(items))
			}
			v, err := conv(items)
			if err != nil {
				return nil, err
			}
			return wrap(v), nil
		})
	}
	return &py.Module{Name: "pmt", Attrs: map[string]py.Value{
		"PMT_NIL": wrap(pmt.Null()),
		"PMT_T":   wrap(pmt.Bool(true)),
		"PMT_F":   wrap(pmt.Bool(false)),
		"intern": one("intern", func(v py.Value) (pmt.Value, error) {
			s, ok := v.(string)
			if !ok {
				return pmt.Value{}, fmt.Errorf("a string is required, not %s", py.TypeName(v))
			}
			return pmt.String(s), nil
		}),
		"string_to_symbol": one("string_to_symbol", func(v py.Value) (pmt.Value, error) {
			s, ok := v.(string)
			if !ok {
				return pmt.Value{}, fmt.Errorf("a string is required, not %s", py.TypeName(v))
			}
			return pmt.String(s), nil
		}),
		"to_pmt": one("to_pmt", toPMT),
		"from_double": one("from_double", func(v py.Value) (pmt.Value, error) {
			f, ok := py.AsFloat(v)
			if !ok {
				return pmt.Value{}, fmt.Errorf("a number is required, not %s", py.TypeName(v))
			}
			return pmt.Float(f), nil
		}),
		"from_float": one("from_float", func(v py.Value) (pmt.Value, error) {
			f, ok := py.AsFloat(v)
			if !ok {
				return pmt.Value{}, fmt.Errorf("a number is required, not %s", py.TypeName(v))
			}
			return pmt.Float(f), nil
		}),
		"from_long": one("from_long", func(v py.Value) (pmt.Value, error) {
			i, ok := py.AsInt(v)
			if !ok {
				return pmt.Value{}, fmt.Errorf("an integer is required, not %s", py.TypeName(v))
			}
			return pmt.Int(i), nil
		}),
		"from_uint64": one("from_uint64", func(v py.Value) (pmt.Value, error) {
			i, ok := py.AsInt(v)
			if !ok || i < 0 {
				return pmt.Value{}, fmt.Errorf("a non-negative integer is required, not %s", py.Str(v))
			}
			return pmt.Int(i), nil
		}),
		"from_bool": one("from_bool", func(v py.Value) (pmt.Value, error) { return pmt.Bool(py.Truth(v)), nil }),
		"cons": py.Fn("pmt.cons", 2, 2, func(a []py.Value) (py.Value, error) {
			car, err := toPMT(a[0])
			if err != nil {
				return nil, err
			}
			cdr, err := toPMT(a[1])
			if err != nil {
				return nil, err
			}
			return wrap(pmt.List(car, cdr)), nil
		}),
		"make_tuple": py.Fn("pmt.make_tuple", 0, 10, func(a []py.Value) (py.Value, error) {
			items := make([]pmt.Value, len(a))
			for i, x := range a {
				p, err := toPMT(x)
				if err != nil {
					return nil, err
				}
				items[i] = p
			}
			return wrap(pmt.List(items...)), nil
		}),
		"make_dict": py.Fn("pmt.make_dict", 0, 0, func([]py.Value) (py.Value, error) {
			return wrap(pmt.Map(map[string]pmt.Value{})), nil
		}),
		"dict_add": py.Fn("pmt.dict_add", 3, 3, func(a []py.Value) (py.Value, error) {
			d, err := toPMT(a[0])
			if err != nil {
				return nil, err
			}
			m, ok := d.Map()
			if !ok && !d.IsNull() {
				return nil, fmt.Errorf("the first argument is not a dictionary")
			}
			k, err := toPMT(a[1])
			if err != nil {
				return nil, err
			}
			ks, ok := k.Str()
			if !ok {
				return nil, fmt.Errorf("only symbol keys are supported")
			}
			v, err := toPMT(a[2])
			if err != nil {
				return nil, err
			}
			out := make(map[string]pmt.Value, len(m)+1)
			for key, val := range m {
				out[key] = val
			}
			out[ks] = v
			return wrap(pmt.Map(out)), nil
		}),
		"init_f32vector": vector("init_f32vector", func(items []py.Value) (pmt.Value, error) {
			out := make([]float32, len(items))
			for i, it := range items {
				f, ok := py.AsFloat(it)
				if !ok {
					return pmt.Value{}, fmt.Errorf("item %d is not a real number", i)
				}
				out[i] = float32(f)
			}
			return pmt.Floats(out), nil
		}),
		"init_c32vector": vector("init_c32vector", func(items []py.Value) (pmt.Value, error) {
			out := make([]complex64, len(items))
			for i, it := range items {
				c, ok := py.AsComplex(it)
				if !ok {
					return pmt.Value{}, fmt.Errorf("item %d is not a number", i)
				}
				out[i] = complex64(c)
			}
			return pmt.Complexes(out), nil
		}),
		"init_u8vector": vector("init_u8vector", func(items []py.Value) (pmt.Value, error) {
			out := make([]byte, len(items))
			for i, it := range items {
				n, ok := py.AsInt(it)
				if !ok || n < 0 || n > 255 {
					return pmt.Value{}, fmt.Errorf("item %d is not a byte", i)
				}
				out[i] = byte(n)
			}
			return pmt.Bytes(out), nil
		}),
	}}
}

// toPMT converts a Python value to a PMT as pmt.to_pmt does: None null,
// bool, int, float, complex, str a symbol, a list or tuple a vector, a dict
// a dictionary; a PMT stays itself.
func toPMT(v py.Value) (pmt.Value, error) {
	switch x := v.(type) {
	case nil:
		return pmt.Null(), nil
	case bool:
		return pmt.Bool(x), nil
	case int64:
		return pmt.Int(x), nil
	case float64:
		return pmt.Float(x), nil
	case complex128:
		return pmt.Complex(x), nil
	case string:
		return pmt.String(x), nil
	case py.Opaque:
		if p, ok := x.V.(pmt.Value); ok && x.Kind == pmtKind {
			return p, nil
		}
	case *py.List:
		out := make([]pmt.Value, len(x.Items))
		for i, it := range x.Items {
			p, err := toPMT(it)
			if err != nil {
				return pmt.Value{}, err
			}
			out[i] = p
		}
		return pmt.List(out...), nil
	case *py.Dict:
		out := make(map[string]pmt.Value, len(x.Keys))
		for _, k := range x.Keys {
			p, err := toPMT(x.Vals[k])
			if err != nil {
				return pmt.Value{}, err
			}
			out[k] = p
		}
		return pmt.Map(out), nil
	}
	return pmt.Value{}, fmt.Errorf("%s cannot be made a PMT", py.TypeName(v))
}

// parseImport reads an import block's statements ("import numpy as np",
// "from gnuradio.fft import window", several on lines or separated by
// ";") into the names they bind and the dotted module each names.
func parseImport(text string) (map[string]string, error) {
	out := map[string]string{}
	for _, stmt := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == ';' }) {
		f := strings.Fields(strings.ReplaceAll(stmt, ",", " , "))
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch {
		case f[0] == "import":
			for _, part := range splitComma(f[1:]) {
				switch {
				case len(part) == 1:
					out[strings.Split(part[0], ".")[0]] = strings.Split(part[0], ".")[0]
					if strings.Contains(part[0], ".") {
						out[part[0]] = part[0] // the submodule, reached through its parent
					}
				case len(part) == 3 && part[1] == "as":
					out[part[2]] = part[0]
				default:
					return nil, fmt.Errorf("cannot read %q", strings.TrimSpace(stmt))
				}
			}
		case f[0] == "from" && len(f) >= 4 && f[2] == "import":
			for _, part := range splitComma(f[3:]) {
				switch {
				case len(part) == 1 && part[0] == "*":
					return nil, fmt.Errorf("%q: import * is not supported", strings.TrimSpace(stmt))
				case len(part) == 1:
					out[part[0]] = f[1] + "." + part[0]
				case len(part) == 3 && part[1] == "as":
					out[part[2]] = f[1] + "." + part[0]
				default:
					return nil, fmt.Errorf("cannot read %q", strings.TrimSpace(stmt))
				}
			}
		default:
			return nil, fmt.Errorf("cannot read %q: an import block holds import statements", strings.TrimSpace(stmt))
		}
	}
	return out, nil
}

func splitComma(f []string) [][]string {
	var out [][]string
	var cur []string
	for _, w := range f {
		if w == "," {
			out = append(out, cur)
			cur = nil
			continue
		}
		cur = append(cur, strings.Trim(w, "()"))
	}
	return append(out, cur)
}

// resolveImport finds what a dotted name from an import statement is: a
// module, or a name inside one (from cmath import exp).
func resolveImport(dotted string) (py.Value, bool) {
	mods := importable()
	if v, ok := mods[dotted]; ok {
		return v, true
	}
	i := strings.LastIndexByte(dotted, '.')
	if i < 0 {
		return nil, false
	}
	if m, ok := mods[dotted[:i]].(*py.Module); ok {
		v, ok := m.Attrs[dotted[i+1:]]
		return v, ok
	}
	return nil, false
}
