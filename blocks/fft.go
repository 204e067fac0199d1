package blocks

import (
	"fmt"
	"unsafe"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/fft"
	"github.com/flowrun/flowrun/blocks/window"
	"github.com/flowrun/flowrun/registry"
)

// FFTOptions configure an FFT block; the zero value is a forward transform
// with no window and no shift.
type FFTOptions struct {
	// Inverse selects the backward transform (e^{+j2πkn/N}).
	Inverse bool
	// Window names the window applied to each input vector: "none" (or ""),
	// "hamming", "hann", "blackman", "blackman_harris" or "kaiser".
	Window string
	// Beta is the Kaiser window's shape parameter.
	Beta float64
	// Shift swaps the halves of the spectrum: a forward transform's output
	// is fftshifted (DC in the middle); an inverse transform's input is
	// ifftshifted (it expects DC in the middle), as in GNU Radio.
	Shift bool
}

// FFT computes the discrete Fourier transform of vectors of size items,
// unnormalized in both directions like GNU Radio's fft_vcc (a forward
// then inverse transform multiplies by size).
//
// # Stream Inputs
//
// In: vectors of size items (complex64, or float32 taken as real parts),
// as runs of size consecutive items.
//
// # Stream Outputs
//
// Out: complex64 vectors of size items, one per input vector.
//
// # Parameters
//
// size (items, a power of two ≥ 2); direction forward or reverse; window
// (none, hamming, hann, blackman, blackman_harris, kaiser with beta),
// multiplied into the input; shift (see FFTOptions.Shift). A trailing
// partial vector at the end of the stream is dropped.
//
// # Tags
//
// Carried 1:1: a tag on input item i is on output item i (same offset).
//
// # Usage
//
//	fft, err := blocks.NewFFT[complex64](1024, blocks.FFTOptions{Window: "hann", Shift: true})
//	if err != nil { ... }
//	flowgraph.Connect(g, &src.Out, &fft.In)
//	flowgraph.Connect(g, &fft.Out, &snk.In)
type FFT[T float32 | complex64] struct {
	*block.MapNBlock[T, complex64]

	size   int
	opt    FFTOptions
	win    []float32 // nil: no window
	plan   *fft.Plan
	buf    []complex64
	isReal bool
}

// NewFFT returns an FFT block for vectors of size items; size must be a
// power of two ≥ 2. Errors wrap block.ErrBadParam.
func NewFFT[T float32 | complex64](size int, o FFTOptions) (*FFT[T], error) {
	if !signalPowerOfTwo(size) {
		return nil, fmt.Errorf("fft: size %d is not a power of two >= 2: %w", size, block.ErrBadParam)
	}
	plan, err := fft.NewPlan(size)
	if err != nil {
		return nil, fmt.Errorf("fft: %w: %w", err, block.ErrBadParam)
	}
	b := &FFT[T]{size: size, opt: o, plan: plan, buf: make([]complex64, size)}
	if o.Window != "" && o.Window != "none" {
		w, err := signalWindow(o.Window, size, o.Beta)
		if err != nil {
			return nil, fmt.Errorf("fft: %w", err)
		}
		b.win = make([]float32, size)
		for i, v := range w {
			b.win[i] = float32(v)
		}
	}
	var zero T
	_, b.isReal = any(zero).(float32)
	b.MapNBlock = block.MapN(size, size, b.work) // needs size items and room for size
	b.Out.SetMultiple(size)
	b.Out.SetHalfSlices()
	return b, nil
}

// Size returns the vector length.
func (b *FFT[T]) Size() int { return b.size }

// work transforms the whole vectors of in into out (as many items).
func (b *FFT[T]) work(in []T, out []complex64) {
	for v := range len(in) / b.size {
		b.transform(out[v*b.size:(v+1)*b.size], in[v*b.size:(v+1)*b.size])
	}
}

// transform computes one vector: out = shift(FFT(window · shift(in))).
func (b *FFT[T]) transform(out []complex64, in []T) {
	n := b.size
	// The inverse with shift reads the input rotated by n/2 (ifftshift);
	// the window follows the input item it multiplies. The rotation is
	// two straight copies: buf[:n-rot] from in[rot:], buf[n-rot:] from
	// in[:rot].
	rot := 0
	if b.opt.Inverse && b.opt.Shift {
		rot = n / 2
	}
	buf, x := b.buf, b.buf
	switch {
	case b.isReal:
		src := unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(in))), n)
		fftLoadReal(buf[:n-rot], src[rot:], b.win, rot)
		fftLoadReal(buf[n-rot:], src[:rot], b.win, 0)
	case b.win == nil && rot == 0:
		// Nothing to do to the input: transform it where it is (the plan
		// does not write to its source, which is not out).
		x = unsafe.Slice((*complex64)(unsafe.Pointer(unsafe.SliceData(in))), n)
	default:
		src := unsafe.Slice((*complex64)(unsafe.Pointer(unsafe.SliceData(in))), n)
		fftLoadComplex(buf[:n-rot], src[rot:], b.win, rot)
		fftLoadComplex(buf[n-rot:], src[:rot], b.win, 0)
	}
	// Without an output shift the transform writes out directly.
	shiftOut := !b.opt.Inverse && b.opt.Shift
	dst := out
	if shiftOut {
		dst = buf
	}
	if b.opt.Inverse {
		b.plan.Inverse(dst, x)
	} else {
		b.plan.Forward(dst, x)
	}
	if shiftOut {
		copy(out[:n/2], buf[n/2:])
		copy(out[n/2:], buf[:n/2])
	}
}

// fftLoadReal sets dst[i] = src[i]·win[off+i] + 0i (src[i] if win is nil).
func fftLoadReal(dst []complex64, src, win []float32, off int) {
	src = src[:len(dst)]
	if win == nil {
		for i, x := range src {
			dst[i] = complex(x, 0)
		}
		return
	}
	fft.MulWindowReal(dst, src, win[off:])
}

// fftSpec is the registry entry of FFT.
func fftSpec() registry.Spec {
	return registry.Spec{
		ID:  "fft",
		Doc: "FFT of vectors of size items (unnormalized, like GNU Radio's fft_vcc)",
		Params: []registry.Param{
			typeParam(TypeComplex64, TypeComplex64, TypeFloat32),
			{Name: "size", Type: registry.ParamInt, Default: 1024, Unit: "items", Min: registry.Bound(2), Max: registry.Bound(1 << 24),
				Doc: "vector length, a power of two"},
			{Name: "direction", Type: registry.ParamString, Default: "forward", Allowed: []string{"forward", "reverse"},
				Doc: "forward (e^-j) or reverse (e^+j) transform"},
			{Name: "window", Type: registry.ParamString, Default: "none", Allowed: signalWindows,
				Doc: "window multiplied into each input vector"},
			{Name: "beta", Type: registry.ParamFloat, Default: 6.76, Min: registry.Bound(0), Max: registry.Bound(window.MaxBeta), Doc: "Kaiser window shape"},
			{Name: "shift", Type: registry.ParamBool, Default: false,
				Doc: "fftshift the output (forward) or ifftshift the input (reverse)"},
		},
		New: func(p registry.Params) (block.Block, error) {
			o := FFTOptions{Inverse: p.String("direction") == "reverse", Window: p.String("window"),
				Beta: p.Float("beta"), Shift: p.Bool("shift")}
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeComplex64: func(p registry.Params) (block.Block, error) { return asBlock(NewFFT[complex64](p.Int("size"), o)) },
				TypeFloat32:   func(p registry.Params) (block.Block, error) { return asBlock(NewFFT[float32](p.Int("size"), o)) },
			})
		},
	}
}
