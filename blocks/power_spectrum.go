package blocks

import (
	"fmt"
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/fft"
	"github.com/flowrun/flowrun/blocks/window"
	"github.com/flowrun/flowrun/registry"
)

// PowerSpectrumOptions configure a PowerSpectrum block.
type PowerSpectrumOptions struct {
	// Window names the window: "none", "hamming", "hann" (the usual
	// choice), "blackman", "blackman_harris" or "kaiser".
	Window string
	// Beta is the Kaiser window's shape parameter.
	Beta float64
	// Averages is the number N ≥ 1 of 50%-overlapping windows averaged
	// into each output vector.
	Averages int
	// DB outputs 10·log10 of the power (floored at -300 dB) instead of the power.
	DB bool
	// Shift puts DC in the middle of the output vector (fftshift).
	Shift bool
}

// PowerSpectrum estimates the power spectrum of a complex stream by
// Welch's method: N windows of size items, each starting size/2 after the
// previous one, are transformed and their power |X[k]|² averaged.
//
// # Stream Inputs
//
// In: complex64; each output vector uses the next (N+1)·size/2 items
// (consecutive groups do not overlap; a trailing partial group is dropped).
//
// # Stream Outputs
//
// Out: float32 vectors of size items (runs of size), bin k at frequency
// k·fs/size (k ≥ size/2 are negative frequencies, unless shifted), holding
// mean |X[k]|² / (size·Σw²): white noise of variance σ² gives σ²/size per
// bin (the bins sum to the signal power) and a tone of amplitude A on bin
// k gives A²·(Σw)²/(size·Σw²). In dB when db is set.
//
// # Parameters
//
// size (items, a power of two ≥ 2), window (+ beta for kaiser),
// averages N ≥ 1, db, shift.
//
// # Tags
//
// Rescaled to the rate change: a tag on input item i of a group lands on
// output item i·size/((N+1)·size/2) of that group's vector.
//
// # Usage
//
//	ps, err := blocks.NewPowerSpectrum(1024, blocks.PowerSpectrumOptions{Window: "hann", Averages: 8, DB: true})
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &ps.In)
//	flowgraph.Connect(g, &ps.Out, &snk.In)
type PowerSpectrum struct {
	*block.MapNBlock[complex64, float32]

	size  int
	span  int // input items per output vector
	o     PowerSpectrumOptions
	win   []float32
	scale float64 // 1 / (N·size·Σw²)
	plan  *fft.Plan
	buf   []complex64
	acc   []float64
}

// NewPowerSpectrum returns a Welch power spectrum estimator; errors wrap
// block.ErrBadParam.
func NewPowerSpectrum(size int, o PowerSpectrumOptions) (*PowerSpectrum, error) {
	if !signalPowerOfTwo(size) {
		return nil, fmt.Errorf("power_spectrum: size %d is not a power of two >= 2: %w", size, block.ErrBadParam)
	}
	if o.Averages < 1 {
		return nil, fmt.Errorf("power_spectrum: averages %d < 1: %w", o.Averages, block.ErrBadParam)
	}
	w, err := signalWindow(o.Window, size, o.Beta)
	if err != nil {
		return nil, fmt.Errorf("power_spectrum: %w", err)
	}
	var sw2 float64
	for _, v := range w {
		sw2 += v * v
	}
	if sw2 == 0 {
		return nil, fmt.Errorf("power_spectrum: window %q is all zeros: %w", o.Window, block.ErrBadParam)
	}
	plan, err := fft.NewPlan(size)
	if err != nil {
		return nil, fmt.Errorf("power_spectrum: %w: %w", err, block.ErrBadParam)
	}
	b := &PowerSpectrum{
		size: size, span: (o.Averages + 1) * size / 2, o: o, win: make([]float32, size),
		scale: 1 / (float64(o.Averages) * float64(size) * sw2),
		plan:  plan, buf: make([]complex64, size), acc: make([]float64, size),
	}
	for i, v := range w {
		b.win[i] = float32(v)
	}
	b.MapNBlock = block.MapN(b.span, size, b.estimateAll) // needs span items and room for size
	b.Out.SetMultiple(size)
	return b, nil
}

// estimateAll writes one spectrum to out per group of span items of in.
func (b *PowerSpectrum) estimateAll(in []complex64, out []float32) {
	for v := range len(in) / b.span {
		b.estimate(out[v*b.size:(v+1)*b.size], in[v*b.span:(v+1)*b.span])
	}
}

// estimate writes the averaged spectrum of in (span items) to out.
func (b *PowerSpectrum) estimate(out []float32, in []complex64) {
	n, hop := b.size, b.size/2
	clear(b.acc)
	for s := range b.o.Averages {
		fftLoadComplex(b.buf, in[s*hop:s*hop+n], b.win, 0)
		b.plan.Forward(b.buf, b.buf)
		acc := b.acc[:len(b.buf)]
		for k, c := range b.buf {
			re, im := float64(real(c)), float64(imag(c))
			acc[k] += re*re + im*im
		}
	}
	rot := 0
	if b.o.Shift {
		rot = n / 2
	}
	for j := range out {
		p := b.acc[(j+rot)&(n-1)] * b.scale
		if b.o.DB {
			p = 10 * math.Log10(max(p, 1e-30))
		}
		out[j] = float32(p)
	}
}

// powerSpectrumSpec is the registry entry of PowerSpectrum.
func powerSpectrumSpec() registry.Spec {
	return registry.Spec{
		ID:  "power_spectrum",
		Doc: "Welch power spectrum: averages of N 50%-overlapping windowed FFTs, one vector of size per group",
		Params: []registry.Param{
			{Name: "size", Type: registry.ParamInt, Default: 1024, Unit: "items", Min: registry.Bound(2), Max: registry.Bound(1 << 24),
				Doc: "FFT length, a power of two"},
			{Name: "window", Type: registry.ParamString, Default: "hann", Allowed: signalWindows, Doc: "window of each segment"},
			{Name: "beta", Type: registry.ParamFloat, Default: 6.76, Min: registry.Bound(0), Max: registry.Bound(window.MaxBeta), Doc: "Kaiser window shape"},
			{Name: "averages", Type: registry.ParamInt, Default: 8, Min: registry.Bound(1), Max: registry.Bound(1 << 16),
				Doc: "number of overlapping windows averaged per output vector"},
			{Name: "db", Type: registry.ParamBool, Default: false, Doc: "output 10·log10(power)"},
			{Name: "shift", Type: registry.ParamBool, Default: false, Doc: "DC in the middle of the vector"},
		},
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewPowerSpectrum(p.Int("size"), PowerSpectrumOptions{Window: p.String("window"),
				Beta: p.Float("beta"), Averages: p.Int("averages"), DB: p.Bool("db"), Shift: p.Bool("shift")}))
		},
	}
}
