package fft

// MulWindow sets dst[i] = src[i]·w[i] for i < len(dst): it scales each
// complex value by a real weight, as when applying a window before a
// transform. src and w must be at least as long as dst (it panics
// otherwise); dst and src may be the same slice or must not overlap. On
// amd64 with AVX2 (or AVX-512) and on arm64 it runs in assembly.
func MulWindow(dst, src []complex64, w []float32) {
	n := len(dst)
	src, w = src[:n], w[:n]
	k := 0
	if useAsm {
		k = n &^ 7
		if !mulWindow512(dst[:k], src[:k], w[:k]) {
			mulWindowAsm(dst[:k], src[:k], w[:k])
		}
	}
	mulWindowGo(dst[k:], src[k:], w[k:])
}

// MulWindowReal sets dst[i] = complex(src[i]·w[i], 0) for i < len(dst):
// it windows a real vector into the input of a complex transform. src and
// w must be at least as long as dst (it panics otherwise). On amd64 with
// AVX2 (or AVX-512) and on arm64 it runs in assembly.
func MulWindowReal(dst []complex64, src, w []float32) {
	n := len(dst)
	src, w = src[:n], w[:n]
	k := 0
	if useAsm {
		k = n &^ 7
		if !mulWindowReal512(dst[:k], src[:k], w[:k]) {
			mulWindowRealAsm(dst[:k], src[:k], w[:k])
		}
	}
	mulWindowRealGo(dst[k:], src[k:], w[k:])
}

func mulWindowGo(dst, src []complex64, w []float32) {
	src, w = src[:len(dst)], w[:len(dst)]
	for i, x := range src {
		dst[i] = complex(real(x)*w[i], imag(x)*w[i])
	}
}

func mulWindowRealGo(dst []complex64, src, w []float32) {
	src, w = src[:len(dst)], w[:len(dst)]
	for i, x := range src {
		dst[i] = complex(x*w[i], 0)
	}
}

// Mul sets dst[i] = a[i]·b[i] for i < len(dst): the product of two
// spectra, as in fast convolution. a and b must be at least as long as dst
// (it panics otherwise); dst may be the same slice as a or b, or must not
// overlap them. On amd64 with AVX2 and FMA (or AVX-512) and on arm64 it
// runs in assembly, whose fused multiply-adds may round differently in the last
// bit.
func Mul(dst, a, b []complex64) {
	n := len(dst)
	a, b = a[:n], b[:n]
	k := 0
	if useAsm {
		k = n &^ 7
		if !mul512(dst[:k], a[:k], b[:k]) {
			mulAsm(dst[:k], a[:k], b[:k])
		}
	}
	mulGo(dst[k:], a[k:], b[k:])
}

func mulGo(dst, a, b []complex64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i, x := range a {
		y := b[i]
		dst[i] = complex(real(x)*real(y)-imag(x)*imag(y), real(x)*imag(y)+imag(x)*real(y))
	}
}
