package filter

import (
	"fmt"

	"github.com/flowrun/flowrun/blocks/window"
)

// Spec says how to obtain a filter's taps, as a block's parameters do:
// explicit taps, or a window-method design (Config or BandConfig, with the
// type and window given by name). Explicit Taps win: when Taps is
// non-empty the design fields are ignored.
type Spec struct {
	Taps []float64 // explicit taps, natural order; wins when non-empty

	Type       string  // "lowpass" (default), "highpass", "bandpass", "bandreject"
	Gain       float64 // pass-band gain (0 means 1)
	SampleRate float64 // Hz (0 means 1: frequencies in cycles/sample)
	Cutoff     float64 // Hz: the cutoff, or the low edge of a band
	CutoffHigh float64 // Hz: the high edge of a band (bandpass, bandreject)
	Transition float64 // Hz: transition width
	Window     string  // a window.Names entry ("" means hamming)
	Beta       float64 // Kaiser beta
}

// Types lists the accepted Spec.Type values.
func Types() []string { return []string{"lowpass", "highpass", "bandpass", "bandreject"} }

// Design returns the taps the spec describes.
func (s Spec) Design() ([]float32, error) {
	if len(s.Taps) > MaxTaps {
		return nil, fmt.Errorf("%w: %d taps, more than %d", ErrBadSpec, len(s.Taps), MaxTaps)
	}
	if len(s.Taps) > 0 {
		t := make([]float32, len(s.Taps))
		for i, v := range s.Taps {
			t[i] = float32(v)
		}
		return t, nil
	}
	if s.Cutoff == 0 {
		return nil, fmt.Errorf("%w: neither taps nor a cutoff given", ErrBadSpec)
	}
	win := window.Hamming
	if s.Window != "" {
		var err error
		if win, err = window.Parse(s.Window); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrBadSpec, err)
		}
	}
	c := Config{Gain: s.Gain, SampleRate: s.SampleRate, Cutoff: s.Cutoff, Transition: s.Transition, Window: win, Beta: s.Beta}
	b := BandConfig{Gain: s.Gain, SampleRate: s.SampleRate, Low: s.Cutoff, High: s.CutoffHigh, Transition: s.Transition, Window: win, Beta: s.Beta}
	switch s.Type {
	case "", "lowpass":
		return LowPass(c)
	case "highpass":
		return HighPass(c)
	case "bandpass":
		return BandPass(b)
	case "bandreject":
		return BandReject(b)
	}
	return nil, fmt.Errorf("%w: unknown filter type %q", ErrBadSpec, s.Type)
}
