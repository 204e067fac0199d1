package blocks

import (
	"fmt"

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
