// Package filter designs FIR filter taps by the window method, with the
// formulas of GNU Radio's firdes, so that taps designed here match the ones
// a GNU Radio flowgraph would use for the same parameters. The windows
// themselves come from package window, shared with the FFT blocks.
//
// Taps are returned in natural order (taps[0] applies to the newest sample,
// as in y[n] = Σ taps[k]·x[n-k]); the blocks reverse them for their kernels.
package filter

import (
	"errors"
	"fmt"
	"math"

	"github.com/flowrun/flowrun/blocks/window"
)

// ErrBadSpec is wrapped by every design error (bad frequencies, rates, ...).
var ErrBadSpec = errors.New("filter: bad design parameters")

// MaxTaps is the most taps a design may have (and a Spec's explicit taps):
// a million taps is far beyond any practical window-method filter, and
// bounds what a few parameters can make a design allocate.
const MaxTaps = 1 << 20

// NumTaps is the number of taps GNU Radio's compute_ntaps gives a filter
// with the transition width tw at sample rate fs: A·fs/(22·tw) for the
// window's attenuation A, made odd. A count beyond MaxTaps (or one that
// is not finite) is returned as MaxTaps+1; designs refuse it.
func NumTaps(fs, tw float64, w window.Kind, beta float64) int {
	f := w.MaxAttenuation(beta) * (fs / tw) / 22 // fs/tw first: A·fs may overflow
	if !(f < MaxTaps) {
		return MaxTaps + 1
	}
	n := int(f)
	if n&1 == 0 {
		n++
	}
	return n
}

func check(fs, tw float64, w window.Kind, beta float64, cutoffs ...float64) error {
	if !(fs > 0) || math.IsInf(fs, 0) {
		return fmt.Errorf("%w: sample rate %g must be > 0", ErrBadSpec, fs)
	}
	if !(tw > 0) || math.IsInf(tw, 0) {
		return fmt.Errorf("%w: transition width %g must be > 0", ErrBadSpec, tw)
	}
	if w == window.Kaiser && !(beta >= 0 && beta <= window.MaxBeta) {
		return fmt.Errorf("%w: Kaiser beta %g must be in [0, %d]", ErrBadSpec, beta, window.MaxBeta)
	}
	for _, f := range cutoffs {
		if !(f > 0 && f <= fs/2) {
			return fmt.Errorf("%w: cutoff %g must be in (0, %g]", ErrBadSpec, f, fs/2)
		}
	}
	if len(cutoffs) == 2 && cutoffs[0] > cutoffs[1] {
		return fmt.Errorf("%w: low cutoff %g above high cutoff %g", ErrBadSpec, cutoffs[0], cutoffs[1])
	}
	if n := fs / tw; n > 1e6 {
		return fmt.Errorf("%w: transition width %g too narrow for sample rate %g", ErrBadSpec, tw, fs)
	}
	if n := NumTaps(fs, tw, w, beta); n > MaxTaps {
		return fmt.Errorf("%w: the design needs more than %d taps (widen the transition or lower the attenuation)", ErrBadSpec, MaxTaps)
	}
	return nil
}

// design fills taps[M+n] = ideal(n)·w[M+n] for n in [-M, M] and scales them
// so that the response at normFreq (radians/sample) is gain.
func design(gain, fs, tw float64, w window.Kind, beta, normFreq float64, ideal func(n int, w float64) float64) []float32 {
	ntaps := NumTaps(fs, tw, w, beta)
	win := w.Coefficients(ntaps, beta)
	m := (ntaps - 1) / 2
	t := make([]float64, ntaps)
	for n := -m; n <= m; n++ {
		t[n+m] = ideal(n, win[n+m])
	}
	fmax := t[m]
	for n := 1; n <= m; n++ {
		fmax += 2 * t[n+m] * math.Cos(float64(n)*normFreq)
	}
	gain /= fmax
	out := make([]float32, ntaps)
	for i, v := range t {
		out[i] = float32(v * gain)
	}
	return out
}

// Config describes a low-pass or high-pass window-method design, the
// parameters of GNU Radio's firdes.low_pass and high_pass. Frequencies are
// in Hz at SampleRate.
type Config struct {
	// Gain is the pass-band gain; 0 means 1.
	Gain float64
	// SampleRate is the sample rate in Hz; 0 means 1, so that the
	// frequencies are in cycles/sample.
	SampleRate float64
	// Cutoff is the centre of the transition band, in (0, SampleRate/2].
	Cutoff float64
	// Transition is the width of the transition band, > 0.
	Transition float64
	// Window is the window; the zero value is Hamming, as in firdes.
	Window window.Kind
	// Beta is the Kaiser window's shape, in [0, window.MaxBeta]; the other
	// windows ignore it.
	Beta float64
}

// BandConfig describes a band-pass or band-reject window-method design, the
// parameters of GNU Radio's firdes.band_pass and band_reject. Frequencies
// are in Hz at SampleRate.
type BandConfig struct {
	// Gain is the pass-band gain; 0 means 1.
	Gain float64
	// SampleRate is the sample rate in Hz; 0 means 1, so that the
	// frequencies are in cycles/sample.
	SampleRate float64
	// Low and High are the band edges (centres of the transition bands),
	// with 0 < Low ≤ High ≤ SampleRate/2.
	Low, High float64
	// Transition is the width of each transition band, > 0.
	Transition float64
	// Window is the window; the zero value is Hamming, as in firdes.
	Window window.Kind
	// Beta is the Kaiser window's shape, in [0, window.MaxBeta]; the other
	// windows ignore it.
	Beta float64
}

// orOne returns v, or 1 when v is 0: the default of gains and sample rates.
func orOne(v float64) float64 {
	if v == 0 {
		return 1
	}
	return v
}

// LowPass designs a low-pass filter with gain c.Gain at DC, like GNU
// Radio's firdes.low_pass. Errors wrap ErrBadSpec.
//
//	taps, err := filter.LowPass(filter.Config{SampleRate: 48000, Cutoff: 3000, Transition: 1000})
func LowPass(c Config) ([]float32, error) {
	gain, fs, tw, w, beta := orOne(c.Gain), orOne(c.SampleRate), c.Transition, c.Window, c.Beta
	if err := check(fs, tw, w, beta, c.Cutoff); err != nil {
		return nil, err
	}
	wc := 2 * math.Pi * c.Cutoff / fs
	return design(gain, fs, tw, w, beta, 0, func(n int, win float64) float64 {
		if n == 0 {
			return wc / math.Pi * win
		}
		return math.Sin(float64(n)*wc) / (float64(n) * math.Pi) * win
	}), nil
}

// HighPass designs a high-pass filter with gain c.Gain at SampleRate/2,
// like firdes.high_pass. Errors wrap ErrBadSpec.
func HighPass(c Config) ([]float32, error) {
	gain, fs, tw, w, beta := orOne(c.Gain), orOne(c.SampleRate), c.Transition, c.Window, c.Beta
	if err := check(fs, tw, w, beta, c.Cutoff); err != nil {
		return nil, err
	}
	wc := 2 * math.Pi * c.Cutoff / fs
	return design(gain, fs, tw, w, beta, math.Pi, func(n int, win float64) float64 {
		if n == 0 {
			return (1 - wc/math.Pi) * win
		}
		return -math.Sin(float64(n)*wc) / (float64(n) * math.Pi) * win
	}), nil
}

// BandPass designs a band-pass filter between c.Low and c.High with gain
// c.Gain at the centre of the band, like firdes.band_pass. Errors wrap
// ErrBadSpec.
func BandPass(c BandConfig) ([]float32, error) {
	gain, fs, tw, w, beta := orOne(c.Gain), orOne(c.SampleRate), c.Transition, c.Window, c.Beta
	if err := check(fs, tw, w, beta, c.Low, c.High); err != nil {
		return nil, err
	}
	w0, w1 := 2*math.Pi*c.Low/fs, 2*math.Pi*c.High/fs
	return design(gain, fs, tw, w, beta, (w0+w1)/2, func(n int, win float64) float64 {
		if n == 0 {
			return (w1 - w0) / math.Pi * win
		}
		return (math.Sin(float64(n)*w1) - math.Sin(float64(n)*w0)) / (float64(n) * math.Pi) * win
	}), nil
}

// BandReject designs a band-stop filter between c.Low and c.High with gain
// c.Gain at DC, like firdes.band_reject. Errors wrap ErrBadSpec.
func BandReject(c BandConfig) ([]float32, error) {
	gain, fs, tw, w, beta := orOne(c.Gain), orOne(c.SampleRate), c.Transition, c.Window, c.Beta
	if err := check(fs, tw, w, beta, c.Low, c.High); err != nil {
		return nil, err
	}
	w0, w1 := 2*math.Pi*c.Low/fs, 2*math.Pi*c.High/fs
	return design(gain, fs, tw, w, beta, 0, func(n int, win float64) float64 {
		if n == 0 {
			return 1 + (w0-w1)/math.Pi*win
		}
		return (math.Sin(float64(n)*w0) - math.Sin(float64(n)*w1)) / (float64(n) * math.Pi) * win
	}), nil
}

// RootRaisedCosineConfig describes a root-raised-cosine pulse-shaping
// filter, the parameters of GNU Radio's firdes.root_raised_cosine.
type RootRaisedCosineConfig struct {
	// Gain is the sum of the taps; 0 means 1.
	Gain float64
	// SampleRate is the sample rate in Hz; 0 means 1.
	SampleRate float64
	// SymbolRate is the symbol rate in Hz, in (0, SampleRate].
	SymbolRate float64
	// Alpha is the roll-off (excess bandwidth), in (0, 1].
	Alpha float64
	// Taps is the number of taps, in [1, MaxTaps]; an even count is made
	// odd by adding one.
	Taps int
}

// RootRaisedCosine designs a root-raised-cosine pulse-shaping filter like
// firdes.root_raised_cosine: the taps sum to c.Gain. Errors wrap ErrBadSpec.
//
//	taps, err := filter.RootRaisedCosine(filter.RootRaisedCosineConfig{SampleRate: 4, SymbolRate: 1, Alpha: 0.35, Taps: 45})
func RootRaisedCosine(c RootRaisedCosineConfig) ([]float32, error) {
	gain, fs, symbolRate, alpha, ntaps := orOne(c.Gain), orOne(c.SampleRate), c.SymbolRate, c.Alpha, c.Taps
	if !(fs > 0) || !(symbolRate > 0) || symbolRate > fs {
		return nil, fmt.Errorf("%w: need 0 < symbol rate %g <= sample rate %g", ErrBadSpec, symbolRate, fs)
	}
	if !(alpha > 0 && alpha <= 1) {
		return nil, fmt.Errorf("%w: roll-off %g must be in (0, 1]", ErrBadSpec, alpha)
	}
	if ntaps < 1 || ntaps > MaxTaps {
		return nil, fmt.Errorf("%w: %d taps", ErrBadSpec, ntaps)
	}
	ntaps |= 1
	spb := fs / symbolRate
	t := make([]float64, ntaps)
	scale := 0.0
	for i := range t {
		x := float64(i - ntaps/2)
		x1 := math.Pi * x / spb
		x2 := 4 * alpha * x / spb
		x3 := x2*x2 - 1
		var num, den float64
		switch {
		case math.Abs(x3) >= 1e-6:
			if i != ntaps/2 {
				num = math.Cos((1+alpha)*x1) + math.Sin((1-alpha)*x1)/(4*alpha*x/spb)
			} else {
				num = math.Cos((1+alpha)*x1) + (1-alpha)*math.Pi/(4*alpha)
			}
			den = x3 * math.Pi
		case alpha == 1:
			t[i] = -1
			scale += t[i]
			continue
		default: // t = ±T/(4α): the limit of the formula above
			a, b := (1-alpha)*x1, (1+alpha)*x1
			num = math.Sin(b)*(1+alpha)*math.Pi -
				math.Cos(a)*((1-alpha)*math.Pi*spb)/(4*alpha*x) +
				math.Sin(a)*spb*spb/(4*alpha*x*x)
			den = -32 * math.Pi * alpha * alpha * x / spb
		}
		t[i] = 4 * alpha * num / den
		scale += t[i]
	}
	out := make([]float32, ntaps)
	for i, v := range t {
		out[i] = float32(v * gain / scale)
	}
	return out, nil
}
