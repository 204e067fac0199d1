package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Type conversions follow GNU Radio's conventions so that samples move
// between the two frameworks with the same values: integer to float divides
// by a scale (default 1: integer values unchanged), float to integer
// multiplies by the scale in float32, saturates to the integer range and
// rounds to the nearest integer, ties to even (VOLK's rintf under the
// default rounding mode). NaN becomes 0.

// convertScale checks a scale parameter.
func convertScale(scale float64) error {
	if scale == 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		return mathBadParam("scale", scale, "a finite non-zero number")
	}
	return nil
}

// convertInt16 is VOLK's float to int16 conversion of x (already scaled).
func convertInt16(x float32) int16 {
	switch {
	case x > math.MaxInt16:
		return math.MaxInt16
	case x < math.MinInt16:
		return math.MinInt16
	case x != x:
		return 0
	}
	return int16(math.RoundToEven(float64(x)))
}

// convertInt8 is VOLK's float to int8 conversion of x (already scaled).
func convertInt8(x float32) int8 {
	switch {
	case x > math.MaxInt8:
		return math.MaxInt8
	case x < math.MinInt8:
		return math.MinInt8
	case x != x:
		return 0
	}
	return int8(math.RoundToEven(float64(x)))
}

// Documentation of the scale parameter of conversions: a divisor for
// integer to float, a multiplier for float to integer.
const (
	convertDivDoc = "divisor applied to every value (finite, non-zero)"
	convertMulDoc = "multiplier applied before rounding and saturation (finite, non-zero)"
)

// convertScaleParam is the "scale" parameter of a conversion.
func convertScaleParam(doc string, def float64) registry.Param {
	return registry.Param{Name: "scale", Type: registry.ParamFloat, Default: def, Doc: doc}
}

// convertScaledSpec is the registry entry of a conversion whose only
// parameter is scale (default 1), documented by sdoc.
func convertScaledSpec(id, doc, sdoc string, f func(scale float64) (block.Block, error)) registry.Spec {
	return registry.Spec{ID: id, Doc: doc, Params: []registry.Param{convertScaleParam(sdoc, 1)},
		New: func(p registry.Params) (block.Block, error) { return f(p.Float("scale")) }}
}
