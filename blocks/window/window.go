// Package window computes the window functions (tapers) of GNU Radio's
// fft::window: the symmetric windows, denominators n-1, that GNU Radio
// multiplies into FFT input vectors and into window-method filter taps.
//
// It is a package of its own because two unrelated users need the same
// windows: spectral analysis (the FFT and power spectrum blocks) and FIR
// design (package filter). Neither should import the other for them, and
// one implementation keeps the FFT's "hann" and the filter designer's
// "hann" the same numbers.
//
// Hamming, Hann, Blackman and Blackman-Harris are evaluated by gonum's
// dsp/window, whose coefficients are GNU Radio's (0.54/0.46 for Hamming,
// whatever gonum's doc comment says; 0.35875, 0.48829, 0.14128, 0.01168 for
// the 4-term Blackman-Harris). Gonum has no Kaiser window, so Kaiser is
// computed here, with the power series of I0 summed to float64 precision.
package window

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/window"
)

// ErrUnknown is wrapped by Parse's error for a name that is not a window.
var ErrUnknown = errors.New("window: unknown window")

// Kind names a window function. The zero Kind is Hamming, GNU Radio's
// default window for filter design.
type Kind int

// Kinds. Their names (String, Names) are the values of the blocks' "window"
// parameters.
const (
	Hamming Kind = iota
	Hann
	Blackman
	BlackmanHarris
	Kaiser
	Rectangular
)

var names = [...]string{"hamming", "hann", "blackman", "blackman_harris", "kaiser", "rectangular"}

// MaxBeta is the largest Kaiser beta callers should accept: beyond about
// 700 the Bessel function I0(beta) overflows float64 and the window is NaN.
const MaxBeta = 700

// Names lists the window names Parse accepts, in Kind order. The slice is
// new on every call.
func Names() []string { return append([]string(nil), names[:]...) }

// String returns the window's name, or "Kind(n)" for an invalid Kind.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(names) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return names[k]
}

// Parse returns the window named s (see Names); the error for any other
// name wraps ErrUnknown.
func Parse(s string) (Kind, error) {
	for i, n := range names {
		if n == s {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q (want one of %v)", ErrUnknown, s, names)
}

// MaxAttenuation is the stop-band attenuation in dB that GNU Radio assumes
// for the window when it sizes a filter (fft::window::max_attenuation);
// beta is only used by Kaiser.
func (k Kind) MaxAttenuation(beta float64) float64 {
	switch k {
	case Hamming:
		return 53
	case Hann:
		return 44
	case Blackman:
		return 74
	case BlackmanHarris:
		return 92
	case Kaiser:
		return beta/0.1102 + 8.7
	}
	return 21 // rectangular
}

// Coefficients returns the n-point symmetric window: w[i] for i in [0, n)
// with the period n-1, so w[0] = w[n-1]. beta is the Kaiser window's shape
// (0 gives the rectangular window; it should be in [0, MaxBeta]) and is
// ignored by the other kinds. n ≤ 0 gives an empty slice, n = 1 a single 1,
// and an invalid Kind the rectangular window.
func (k Kind) Coefficients(n int, beta float64) []float64 {
	c := make([]float64, max(n, 0))
	for i := range c {
		c[i] = 1
	}
	if n < 2 {
		return c
	}
	switch k {
	case Hamming:
		window.Hamming(c)
	case Hann:
		window.Hann(c)
	case Blackman:
		window.Blackman(c)
	case BlackmanHarris:
		window.BlackmanHarris(c)
	case Kaiser:
		i0 := besselI0(beta)
		for i := range c {
			t := 2*float64(i)/float64(n-1) - 1
			c[i] = besselI0(beta*math.Sqrt(max(0, 1-t*t))) / i0
		}
	}
	return c
}

// besselI0 is the modified Bessel function of the first kind, order 0, by
// its power series, which converges for every x; it overflows to +Inf a
// little beyond x = 700.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	q := x * x / 4
	for k := 1; k < 500; k++ {
		term *= q / float64(k*k)
		sum += term
		if term < sum*1e-17 {
			break
		}
	}
	return sum
}
