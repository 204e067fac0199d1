// Package jsonvalue makes the values of block settings encodable as JSON,
// for the control API and the web UI alike.
package jsonvalue

import (
	"fmt"
	"math"
	"reflect"
)

// Of returns v in a form encoding/json accepts: non-finite floats become
// strings, complex numbers (of any size) [re, im] pairs, slices (other than
// []byte) lists of such values; anything else is v itself.
func Of(v any) any {
	num := func(f float64) any {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprint(f)
		}
		return f
	}
	rv := reflect.ValueOf(v)
	switch {
	case !rv.IsValid():
		return nil
	case rv.CanFloat():
		return num(rv.Float())
	case rv.CanComplex():
		c := rv.Complex()
		return []any{num(real(c)), num(imag(c))}
	case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = Of(rv.Index(i).Interface())
		}
		return out
	}
	return v
}
