package blocks

import (
	"fmt"
	"math"
	"slices"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/fft"
	"github.com/flowrun/flowrun/blocks/window"
)

// signalWindows are the window names accepted by the FFT and power spectrum
// blocks: "none" and the windows of package window but its rectangular one,
// which "none" already is.
var signalWindows = []string{"none", "hamming", "hann", "blackman", "blackman_harris", "kaiser"}

// signalWindow returns the n weights of the named symmetric window (package
// window: GNU Radio's fft::window definitions, denominators n-1). "none"
// (or "") gives all ones; beta is the Kaiser window's shape parameter.
func signalWindow(kind string, n int, beta float64) ([]float64, error) {
	if n < 2 {
		return nil, fmt.Errorf("window length %d < 2: %w", n, block.ErrBadParam)
	}
	if kind == "" || kind == "none" {
		return window.Rectangular.Coefficients(n, 0), nil
	}
	k, err := window.Parse(kind)
	if err != nil || !slices.Contains(signalWindows, kind) {
		return nil, fmt.Errorf("unknown window %q (want one of %v): %w", kind, signalWindows, block.ErrBadParam)
	}
	if k == window.Kaiser && (beta < 0 || math.IsNaN(beta) || math.IsInf(beta, 0)) {
		return nil, fmt.Errorf("kaiser beta %v: want a finite value >= 0: %w", beta, block.ErrBadParam)
	}
	return k.Coefficients(n, beta), nil
}

// signalPowerOfTwo reports whether n is a power of two ≥ 2.
func signalPowerOfTwo(n int) bool { return n >= 2 && n&(n-1) == 0 }

// fftLoadComplex sets dst[i] = src[i]·win[off+i] (src[i] if win is nil).
func fftLoadComplex(dst, src []complex64, win []float32, off int) {
	if win == nil {
		copy(dst, src)
		return
	}
	fft.MulWindow(dst, src, win[off:])
}
