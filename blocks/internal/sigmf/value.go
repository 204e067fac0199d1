package sigmf

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flowrun/flowrun/pmt"
)

// fromJSON converts a value decoded with json.Decoder.UseNumber to a
// pmt.Value. A number that does not fit a float64 is an error.
func fromJSON(x any) (pmt.Value, error) {
	switch x := x.(type) {
	case nil:
		return pmt.Null(), nil
	case bool:
		return pmt.Bool(x), nil
	case string:
		return pmt.String(x), nil
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return pmt.Int(i), nil
		}
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return pmt.Value{}, fmt.Errorf("number %s is out of range", x)
		}
		return pmt.Float(f), nil
	case []any:
		l := make([]pmt.Value, len(x))
		for i, e := range x {
			v, err := fromJSON(e)
			if err != nil {
				return pmt.Value{}, err
			}
			l[i] = v
		}
		return pmt.List(l...), nil
	case map[string]any:
		m := make(map[string]pmt.Value, len(x))
		for k, e := range x {
			v, err := fromJSON(e)
			if err != nil {
				return pmt.Value{}, err
			}
			m[k] = v
		}
		return pmt.Map(m), nil
	}
	return pmt.Value{}, fmt.Errorf("unexpected JSON value %T", x)
}

// toJSON converts v to a value json.Marshal writes as the package
// documentation says: numbers as json.Number, maps as map[string]any.
func toJSON(v pmt.Value) any {
	switch x := v.Any().(type) {
	case bool, string:
		return x
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	case float64:
		return jsonFloat(x)
	case complex128:
		return []any{jsonFloat(real(x)), jsonFloat(imag(x))}
	case []byte:
		l := make([]any, len(x))
		for i, b := range x {
			l[i] = json.Number(strconv.Itoa(int(b)))
		}
		return l
	case []float32:
		l := make([]any, len(x))
		for i, f := range x {
			l[i] = jsonFloat(float64(f))
		}
		return l
	case []complex64:
		l := make([]any, len(x))
		for i, c := range x {
			l[i] = []any{jsonFloat(float64(real(c))), jsonFloat(float64(imag(c)))}
		}
		return l
	case map[string]pmt.Value:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = toJSON(e)
		}
		return m
	case []pmt.Value:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = toJSON(e)
		}
		return l
	}
	return nil
}

// jsonFloat returns f as a JSON number that reads back as a float (1.0, not
// 1), in plain notation unless very large or small, or nil (null) if f is
// not finite.
func jsonFloat(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	format := byte('g')
	if a := math.Abs(f); a == 0 || a >= 1e-6 && a < 1e21 {
		format = 'f' // 2400000.0, not 2.4e+06
	}
	s := strconv.FormatFloat(f, format, -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return json.Number(s)
}
