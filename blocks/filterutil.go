package blocks

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/cmplx"
	"os"
	"strconv"
	"strings"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/filter"
	"github.com/flowrun/flowrun/blocks/window"
	"github.com/flowrun/flowrun/registry"
)

// filtersTapsParams are the parameters from which a filter block gets its
// taps: explicit "taps", or, when taps is empty, a window-method design
// from "filter_type", "cutoff", "cutoff_high", "transition", "window",
// "beta", "gain" and "sample_rate". Explicit taps always win.
func filtersTapsParams() []registry.Param {
	return []registry.Param{
		{Name: "taps", Type: registry.ParamFloats, Default: []float64{}, Doc: "explicit taps, natural order; when non-empty the design parameters are ignored"},
		filtersTapsFileParam(),
		{Name: "filter_type", Type: registry.ParamString, Default: "lowpass", Allowed: filter.Types(), Doc: "design: response type"},
		{Name: "sample_rate", Type: registry.ParamFloat, Default: 1.0, Unit: "Hz", Min: registry.Bound(0), Doc: "sample rate the design frequencies refer to"},
		{Name: "cutoff", Type: registry.ParamFloat, Default: 0.25, Unit: "Hz", Min: registry.Bound(0), Doc: "design: cutoff, or low band edge (centre of the transition band)"},
		{Name: "cutoff_high", Type: registry.ParamFloat, Default: 0.0, Unit: "Hz", Min: registry.Bound(0), Doc: "design: high band edge (bandpass, bandreject)"},
		{Name: "transition", Type: registry.ParamFloat, Default: 0.05, Unit: "Hz", Min: registry.Bound(0), Doc: "design: transition width"},
		{Name: "window", Type: registry.ParamString, Default: "hamming", Allowed: window.Names(), Doc: "design: window"},
		{Name: "beta", Type: registry.ParamFloat, Default: 6.76, Min: registry.Bound(0), Max: registry.Bound(window.MaxBeta), Doc: "design: Kaiser window beta"},
		{Name: "gain", Type: registry.ParamFloat, Default: 1.0, Doc: "design: pass-band gain"},
	}
}

// filtersTapsFileParam is the taps_file parameter of the filter blocks.
func filtersTapsFileParam() registry.Param {
	return registry.Param{Name: "taps_file", Type: registry.ParamString, Default: "",
		Doc: "text file of taps, natural order, instead of taps: numbers separated by commas, spaces or newlines, [ ] ignored, # to end of line a comment; complex as 1+2j or (1-2j)"}
}

// filtersMaxTapsFile is the largest taps file read, in bytes: ample for
// the longest filters (millions of taps), small enough to read at once.
const filtersMaxTapsFile = 64 << 20

// filtersReadTaps reads a taps file (see filtersTapsFileParam): the taps,
// and whether every one is real. Errors wrap block.ErrBadParam.
func filtersReadTaps(path string) (taps []complex128, real bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, fmt.Errorf("%w: taps_file: %w", block.ErrBadParam, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, filtersMaxTapsFile+1))
	if err != nil {
		return nil, false, fmt.Errorf("%w: taps_file: %w", block.ErrBadParam, err)
	}
	if len(data) > filtersMaxTapsFile {
		return nil, false, fmt.Errorf("%w: taps_file %s: larger than %d bytes", block.ErrBadParam, path, filtersMaxTapsFile)
	}
	real = true
	for n, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.FieldsFunc(line, func(r rune) bool {
			return r == ',' || r == '[' || r == ']' || r == ' ' || r == '\t' || r == '\r'
		})
		for _, tok := range fields {
			c, err := filtersParseTap(tok)
			if err != nil {
				return nil, false, fmt.Errorf("%w: taps_file %s:%d: %q is not a number", block.ErrBadParam, path, n+1, tok)
			}
			real = real && imag(c) == 0
			taps = append(taps, c)
		}
	}
	if len(taps) == 0 {
		return nil, false, fmt.Errorf("%w: taps_file %s: no taps", block.ErrBadParam, path)
	}
	return taps, real, nil
}

// filtersParseTap parses a real number, or a complex one written as
// Python does (1+2j, (1-2j), 2j) or as Go does (1+2i), finite.
func filtersParseTap(tok string) (complex128, error) {
	if f, err := strconv.ParseFloat(tok, 64); err == nil {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, errors.New("not finite")
		}
		return complex(f, 0), nil
	}
	if strings.HasSuffix(strings.TrimSuffix(tok, ")"), "j") {
		tok = strings.Replace(tok, "j", "i", 1)
	}
	c, err := strconv.ParseComplex(tok, 128)
	if err != nil || cmplx.IsNaN(c) || cmplx.IsInf(c) {
		return 0, errors.New("not a finite number")
	}
	return c, nil
}

// filtersTapsOrFile returns the taps of a filter block: from taps_file
// when it is set (its taps and whether they are all real; taps and
// complex_taps must then be empty), else from complex_taps when the block
// has it and it is not empty, else from filtersTaps (real).
func filtersTapsOrFile(p registry.Params) (taps []complex128, real bool, err error) {
	_, hasComplex := p["complex_taps"]
	if path := p.String("taps_file"); path != "" {
		if len(p.Floats("taps")) > 0 || (hasComplex && len(p.Complexes("complex_taps")) > 0) {
			return nil, false, fmt.Errorf("%w: taps and taps_file both given: use one", block.ErrBadParam)
		}
		return filtersReadTaps(path)
	}
	if hasComplex {
		if ct := p.Complexes("complex_taps"); len(ct) > 0 {
			return ct, false, nil
		}
	}
	rt, err := filtersTaps(p)
	if err != nil {
		return nil, false, err
	}
	taps = make([]complex128, len(rt))
	for i, t := range rt {
		taps[i] = complex(float64(t), 0)
	}
	return taps, true, nil
}

// filtersReal returns the real parts of real taps as float32.
func filtersReal(taps []complex128) []float32 {
	out := make([]float32, len(taps))
	for i, t := range taps {
		out[i] = float32(real(t))
	}
	return out
}

// filtersComplex returns taps as complex64.
func filtersComplex(taps []complex128) []complex64 {
	out := make([]complex64, len(taps))
	for i, t := range taps {
		out[i] = complex64(t)
	}
	return out
}

// filtersTaps designs or copies the taps the parameters describe.
func filtersTaps(p registry.Params) ([]float32, error) {
	taps, err := filter.Spec{
		Taps:       p.Floats("taps"),
		Type:       p.String("filter_type"),
		Gain:       p.Float("gain"),
		SampleRate: p.Float("sample_rate"),
		Cutoff:     p.Float("cutoff"),
		CutoffHigh: p.Float("cutoff_high"),
		Transition: p.Float("transition"),
		Window:     p.String("window"),
		Beta:       p.Float("beta"),
	}.Design()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", block.ErrBadParam, err)
	}
	return taps, nil
}

func filtersDecimationParam(name, doc string) registry.Param {
	return registry.Param{Name: name, Type: registry.ParamInt, Default: 1, Min: registry.Bound(1), Max: registry.Bound(1 << 20), Doc: doc}
}

// firSample is an item or tap type of the FIR filters.
type firSample interface{ float32 | complex64 }

// firOutputs is how many outputs a decimating filter of h taps can make
// from avail input items (history included) into space output items,
// consuming d per output and keeping h-1 for the next call, as GNU Radio's
// forecast (n·d+h-1 items for n outputs): n inputs give ⌊n/d⌋ outputs.
func firOutputs(avail, h, d, space int) int {
	if avail < h-1 {
		return 0
	}
	return max(0, min((avail-(h-1))/d, space))
}
