// Package fft computes complex64 discrete Fourier transforms of power-of-two
// sizes.
//
// The algorithm is an iterative Stockham autosort FFT (decimation in
// frequency): radix-4 passes, the last one replaced by a radix-8 pass
// when log2 n is odd (a radix-2 pass for n = 2).
// Each pass reads one buffer and writes another with unit-stride inner
// loops, and the output comes out in natural order, so there is no
// bit-reversal permutation. The twiddle factors of each pass are computed
// once in float64, rounded to complex64 and stored contiguously in the
// order the pass reads them.
//
// The passes run in assembly on amd64 with AVX2 and FMA, and with AVX-512
// where the processor has it (F and DQ; chosen at run time, pass by pass:
// the AVX-512 ones need eight values where AVX2 needs four, and the
// others fall back to AVX2), and on arm64 with Advanced SIMD (NEON, which
// every arm64 processor has); elsewhere, or when built with the purego
// tag, in Go. The smallest sizes (n ≤ 8) run in Go everywhere. The paths
// give the same results up to float32 rounding, and the tests check each
// against a float64 reference and against the others.
//
// MulWindow, MulWindowReal and Mul are the vector products that go with a
// transform (a window before it, a filter's spectrum between a forward and
// an inverse one), in assembly on the same machines.
//
// Transforms are unnormalized in both directions, like FFTW and GNU Radio:
//
//	X[k] = Σ x[j]·e^{-2πi·jk/n}   (Forward)
//	x[j] = Σ X[k]·e^{+2πi·jk/n}   (Inverse)
//
// so Inverse(Forward(x)) is n·x.
package fft

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// MaxSize is the largest transform size NewPlan accepts.
const MaxSize = 1 << 30

// ErrSize is returned (wrapped) by NewPlan for a size that is not a power
// of two in [2, MaxSize].
var ErrSize = errors.New("fft: size must be a power of two >= 2")

// pass is one Stockham pass over n = radix·m·s points: s interleaved
// sub-transforms of length l = radix·m each. Radix-8 and radix-2 passes
// come last only, with m == 1.
type pass struct {
	radix int
	m, s  int
	// tw holds the twiddle factors w^{kp}, k = 1..3, p < m (w = e^{-2πi/l})
	// of a radix-4 pass with m > 1; nil otherwise. For s > 1 they are at
	// tw[3p+k-1], the three factors of a p together, to be broadcast. The
	// first pass (s == 1, where m is a multiple of 4 since n ≥ 16) has them
	// blocked for vector loads: block b holds w^{kp} for p = 4b..4b+3 at
	// tw[12b+4(k-1) : 12b+4k].
	tw []complex64
}

// Plan holds the precomputed twiddle factors and the scratch buffer for
// transforms of one size. Build it once with NewPlan and use it for any
// number of transforms. A Plan is not safe for concurrent use: its
// scratch buffer is shared by all calls; use one Plan per goroutine.
type Plan struct {
	n       int
	passes  []pass
	scratch []complex64
}

// NewPlan returns a plan for transforms of n points. n must be a power of
// two in [2, MaxSize]; otherwise the error wraps ErrSize.
func NewPlan(n int) (*Plan, error) {
	if n < 2 || n > MaxSize || n&(n-1) != 0 {
		return nil, fmt.Errorf("%w: %d", ErrSize, n)
	}
	p := &Plan{n: n, scratch: make([]complex64, n)}
	logn := bits.TrailingZeros(uint(n))
	l, s := n, 1
	radix4 := logn / 2
	if logn%2 == 1 && logn > 1 {
		radix4-- // two of the log2 n levels go to the radix-8 pass
	}
	for range radix4 {
		m := l / 4
		ps := pass{radix: 4, m: m, s: s}
		if m > 1 {
			ps.tw = make([]complex64, 3*m)
			for j := range m {
				for k := 1; k <= 3; k++ {
					i := 3*j + k - 1
					if s == 1 {
						i = 12*(j/4) + 4*(k-1) + j%4
					}
					ps.tw[i] = twiddle(k*j, l)
				}
			}
		}
		p.passes = append(p.passes, ps)
		l /= 4
		s *= 4
	}
	switch {
	case logn == 1:
		p.passes = append(p.passes, pass{radix: 2, m: 1, s: s})
	case logn%2 == 1:
		p.passes = append(p.passes, pass{radix: 8, m: 1, s: s})
	}
	return p, nil
}

// twiddle returns e^{-2πi·k/l}, computed in float64 and exact at the
// multiples of π/2 (where the float64 sine of a rounded π is not zero).
func twiddle(k, l int) complex64 {
	k %= l
	switch {
	case k == 0:
		return 1
	case 4*k == l:
		return -1i
	case 2*k == l:
		return -1
	case 4*k == 3*l:
		return 1i
	}
	s, c := math.Sincos(2 * math.Pi * float64(k) / float64(l))
	return complex(float32(c), float32(-s))
}

// Len returns the transform size n.
func (p *Plan) Len() int { return p.n }

// Forward computes the forward transform of src into dst:
// dst[k] = Σ src[j]·e^{-2πi·jk/n}. Both must have length n (it panics
// otherwise). dst and src may be the same slice (an in-place transform)
// or must not overlap; src is left unchanged unless it is dst. It does not
// allocate.
func (p *Plan) Forward(dst, src []complex64) { p.transform(dst, src, false) }

// Inverse computes the unnormalized inverse transform of src into dst:
// dst[j] = Σ src[k]·e^{+2πi·jk/n}, so Inverse after Forward multiplies by n.
// Both must have length n (it panics otherwise). dst and src may be the
// same slice (an in-place transform) or must not overlap; src is left
// unchanged unless it is dst. It does not allocate.
func (p *Plan) Inverse(dst, src []complex64) { p.transform(dst, src, true) }

// transform runs the passes. Pass 0 reads src and writes the scratch
// buffer, so an in-place call never overwrites input it still needs; the
// following passes alternate between dst and the scratch buffer, and the
// last writes dst. The last pass (m == 1: each butterfly reads and writes
// the same four or two indices) is safe in place, so it may read dst.
func (p *Plan) transform(dst, src []complex64, inv bool) {
	if len(dst) != p.n || len(src) != p.n {
		panic(fmt.Sprintf("fft: transform of %d points with len(dst) = %d, len(src) = %d", p.n, len(dst), len(src)))
	}
	in := src
	last := len(p.passes) - 1
	for i := range p.passes {
		ps := &p.passes[i]
		out := dst
		if i < last && i%2 == 0 {
			out = p.scratch
		}
		runPass(ps, out, in, inv)
		in = out
	}
}
