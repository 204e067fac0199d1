package blocks

import (
	"errors"
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/fft"
	"github.com/flowrun/flowrun/registry"
	"gonum.org/v1/gonum/dsp/fourier"
)

// FFTFilter is a FIR filter computed by fast convolution (overlap-save),
// worthwhile for long filters, with optional decimation: its output equals
// FIRFilter's with the same taps and decimation to float rounding,
// y[m] = Σ_k taps[k]·x[m·D−k]. Like GNU Radio's fft_filter_xxx it works in
// blocks of nsamples = fftsize−len(taps)+1 inputs, fftsize being twice the
// next power of two of len(taps), and makes its output in multiples of
// nsamples items, each multiple from nsamples·D inputs; taps are the item
// type (real for float32, complex for complex64).
//
// # Stream Inputs
//
// In: items of type T; nsamples outputs need nsamples·D+len(taps)−1 of them.
//
// # Stream Outputs
//
// Out: filtered items, nsamples at a time; as in GNU Radio, len(taps)−1
// zeros precede the stream, and the inputs of a final partial multiple
// (fewer than nsamples·D) at the end of the stream give no output.
//
// # Parameters
//
// taps: the impulse response, natural order, or taps_file, a text file of
// them (real or complex; see docs/blocks.md). decimation: keep one output
// in D (1 for none).
//
// # Tags
//
// Forwarded with offsets scaled by produced/consumed (1/D).
//
// # Usage
//
//	lp, _ := filter.LowPass(filter.Config{SampleRate: 1e6, Cutoff: 10e3, Transition: 2e3, Window: window.Blackman})
//	ff, err := blocks.NewFFTFilter(lp, 4)
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &ff.In)
type FFTFilter[T firSample] struct {
	In    block.In[T]
	Out   block.Out[T]
	ntaps int
	ns    int // inputs per FFT block; outputs per Work multiple
	dec   int
	full  []T // with decimation: two blocks' outputs before decimation
	plan  *fft.Plan
	h     []complex64 // FFT of the taps, scaled by 1/fftsize
	buf   []complex64
	load  func(dst []complex64, src []T)
	store func(dst []T, src []complex64)
	// For real items (and so real taps), two blocks share one transform:
	// loadPair puts block a in the real parts and block b in the
	// imaginary parts; the filter acts on each separately, and storePair
	// takes them back out. nil for complex items.
	loadPair  func(dst []complex64, a, b []T)
	storePair func(da, db []T, src []complex64)
}

// NewFFTFilter returns an overlap-save filter with the given taps and
// decimation.
func NewFFTFilter[T firSample](taps []T, decimation int) (*FFTFilter[T], error) {
	if len(taps) == 0 {
		return nil, errors.New("fft_filter: no taps")
	}
	if decimation < 1 {
		return nil, fmt.Errorf("fft_filter: decimation %d < 1", decimation)
	}
	if len(taps) > 1<<22 {
		return nil, errors.New("fft_filter: too many taps")
	}
	size := 2
	for size < len(taps) {
		size *= 2
	}
	size *= 2
	plan, err := fft.NewPlan(size)
	if err != nil {
		return nil, fmt.Errorf("fft_filter: %w", err)
	}
	f := &FFTFilter[T]{ntaps: len(taps), ns: size - len(taps) + 1, dec: decimation, plan: plan,
		h: make([]complex64, size), buf: make([]complex64, size)}
	if decimation > 1 {
		f.full = make([]T, 2*f.ns)
	}
	switch l := any(&f.load).(type) {
	case *func([]complex64, []float32):
		*l = func(dst []complex64, src []float32) {
			for i, x := range src {
				dst[i] = complex(x, 0)
			}
		}
		*any(&f.store).(*func([]float32, []complex64)) = func(dst []float32, src []complex64) {
			src = src[:len(dst)]
			for i, x := range src {
				dst[i] = real(x)
			}
		}
		*any(&f.loadPair).(*func([]complex64, []float32, []float32)) = func(dst []complex64, a, b []float32) {
			a, b = a[:len(dst)], b[:len(dst)]
			for i := range dst {
				dst[i] = complex(a[i], b[i])
			}
		}
		*any(&f.storePair).(*func([]float32, []float32, []complex64)) = func(da, db []float32, src []complex64) {
			src, db = src[:len(da)], db[:len(da)]
			for i, x := range src {
				da[i], db[i] = real(x), imag(x)
			}
		}
	case *func([]complex64, []complex64):
		*l = func(dst []complex64, src []complex64) { copy(dst, src) }
		*any(&f.store).(*func([]complex64, []complex64)) = func(dst []complex64, src []complex64) { copy(dst, src[:len(dst)]) }
	}
	// The taps' spectrum is computed once, in float64, and rounded.
	f.load(f.buf, taps)
	h := make([]complex128, size)
	for i, x := range f.buf[:len(taps)] {
		h[i] = complex128(x)
	}
	fourier.NewCmplxFFT(size).Coefficients(h, h)
	for i, x := range h {
		f.h[i] = complex64(x / complex(float64(size), 0))
	}
	clear(f.buf)
	f.In.SetHistory(len(taps))
	f.In.SetMinItems(f.ns * decimation)
	f.Out.SetMultiple(f.ns)
	f.Out.SetHalfSlices()
	return f, nil
}

// BlockSize returns nsamples: the inputs of one FFT, and the multiple in
// which outputs are made.
func (f *FFTFilter[T]) BlockSize() int { return f.ns }

// convolve replaces buf by its circular convolution with the taps. It is
// linear from index ntaps−1 on (overlap-save keeps that part).
func (f *FFTFilter[T]) convolve() {
	f.plan.Forward(f.buf, f.buf)
	fft.Mul(f.buf, f.buf, f.h)
	f.plan.Inverse(f.buf, f.buf)
}

// Work implements block.Block.
func (f *FFTFilter[T]) Work(*block.IO) error {
	in, out := f.In.Slice(), f.Out.Slice()
	// nm multiples of nsamples outputs, each from D FFT blocks.
	nm := 0
	if len(in) >= f.ntaps-1 {
		nm = min((len(in)-(f.ntaps-1))/(f.ns*f.dec), len(out)/f.ns)
	}
	if nm == 0 {
		return f.In.Idle()
	}
	if f.dec == 1 {
		f.blocks(in, out[:nm*f.ns], nm)
	} else {
		f.decimated(in, out[:nm*f.ns], nm*f.dec)
	}
	f.In.Consume(nm * f.ns * f.dec)
	f.Out.Produce(nm * f.ns)
	return nil
}

// blocks filters nb FFT blocks of in into out, nsamples outputs each.
func (f *FFTFilter[T]) blocks(in, out []T, nb int) {
	size, ns := len(f.buf), f.ns
	b := 0
	if f.loadPair != nil {
		for ; b+1 < nb; b += 2 {
			f.loadPair(f.buf, in[b*ns:b*ns+size], in[(b+1)*ns:(b+1)*ns+size])
			f.convolve()
			f.storePair(out[b*ns:(b+1)*ns], out[(b+1)*ns:(b+2)*ns], f.buf[f.ntaps-1:])
		}
	}
	for ; b < nb; b++ {
		f.load(f.buf, in[b*ns:b*ns+size])
		f.convolve()
		f.store(out[b*ns:(b+1)*ns], f.buf[f.ntaps-1:])
	}
}

// decimated filters nb FFT blocks of in (a multiple of D) two at a time
// into f.full and keeps every D-th output, from the first, in out.
func (f *FFTFilter[T]) decimated(in, out []T, nb int) {
	ns := f.ns
	for b := 0; b < nb; b += 2 {
		k := min(2, nb-b)
		f.blocks(in[b*ns:], f.full[:k*ns], k)
		// Full-rate output q = b·ns+j is kept when q is a multiple of D.
		q0 := b * ns
		for q := (q0 + f.dec - 1) / f.dec * f.dec; q < q0+k*ns; q += f.dec {
			out[q/f.dec] = f.full[q-q0]
		}
	}
}

// fftFilterSpec is the registry entry of fft_filter.
func fftFilterSpec() registry.Spec {
	params := append([]registry.Param{
		typeParam(TypeComplex64, TypeFloat32, TypeComplex64),
		filtersDecimationParam("decimation", "keep one output in decimation"),
		{Name: "complex_taps", Type: registry.ParamComplexes, Default: []complex128{}, Doc: "complex taps (complex64 streams only); when non-empty they win over taps and the design"},
	}, filtersTapsParams()...)
	return registry.Spec{
		ID:     "fft_filter",
		Doc:    "FIR filter by overlap-save fast convolution, for long filters, with optional decimation",
		Params: params,
		New: func(p registry.Params) (block.Block, error) {
			d := p.Int("decimation")
			ct, real, err := filtersTapsOrFile(p)
			if err != nil {
				return nil, err
			}
			if !real {
				if p.String("type") != TypeComplex64 {
					return nil, errors.Join(block.ErrBadParam, errors.New("complex taps need type complex64"))
				}
				return asBlock(NewFFTFilter(filtersComplex(ct), d))
			}
			taps := filtersReal(ct)
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32: func(registry.Params) (block.Block, error) { return asBlock(NewFFTFilter(taps, d)) },
				TypeComplex64: func(registry.Params) (block.Block, error) {
					c := make([]complex64, len(taps))
					for i, t := range taps {
						c[i] = complex(t, 0)
					}
					return asBlock(NewFFTFilter(c, d))
				},
			})
		},
	}
}

// RateChange implements block.RateChanger: one output item per decimation input items.
func (f *FFTFilter[T]) RateChange() (interpolation, decimation int) { return 1, f.dec }
