package fft

// The pure-Go passes. They are the fallback on machines without the
// assembly passes and the reference the assembly is tested against.
//
// In all of them sg is +1 for the forward transform and -1 for the
// inverse: the inverse uses the conjugate twiddle factors and +j where the
// forward uses -j.

// sign returns the sg argument of the passes.
func sign(inv bool) float32 {
	if inv {
		return -1
	}
	return 1
}

// radix4Go is a radix-4 pass over len(x) = 4·m·s points, s ≥ 1, with the
// twiddle factors tw (pass.tw, len 3m): for each p < m and q < s it
// combines x[q+s(p+km)], k = 0..3, into y[q+s(4p+k)].
func radix4Go(y, x, tw []complex64, m, s int, sg float32) {
	if s == 1 {
		radix4FirstGo(y, x, tw, m, sg)
		return
	}
	ms := m * s
	x0, x1, x2, x3 := x[:ms], x[ms:2*ms], x[2*ms:3*ms], x[3*ms:4*ms]
	y = y[:4*ms]
	for p := range m {
		w := tw[3*p : 3*p+3]
		w1r, w1i := real(w[0]), sg*imag(w[0])
		w2r, w2i := real(w[1]), sg*imag(w[1])
		w3r, w3i := real(w[2]), sg*imag(w[2])
		a := x0[p*s : p*s+s]
		b := x1[p*s : p*s+s]
		c := x2[p*s : p*s+s]
		d := x3[p*s : p*s+s]
		o := y[4*p*s : 4*p*s+4*s]
		o0, o1, o2, o3 := o[:s], o[s:2*s], o[2*s:3*s], o[3*s:4*s]
		b, c, d = b[:len(a)], c[:len(a)], d[:len(a)]
		o0, o1, o2, o3 = o0[:len(a)], o1[:len(a)], o2[:len(a)], o3[:len(a)]
		for q := range a {
			ar, ai := real(a[q]), imag(a[q])
			br, bi := real(b[q]), imag(b[q])
			cr, ci := real(c[q]), imag(c[q])
			dr, di := real(d[q]), imag(d[q])
			pr, pi := ar+cr, ai+ci // a+c
			mr, mi := ar-cr, ai-ci // a-c
			sr, si := br+dr, bi+di // b+d
			jr, ji := sg*(bi-di), sg*(dr-br)
			o0[q] = complex(pr+sr, pi+si)
			t1r, t1i := mr+jr, mi+ji
			o1[q] = complex(t1r*w1r-t1i*w1i, t1r*w1i+t1i*w1r)
			t2r, t2i := pr-sr, pi-si
			o2[q] = complex(t2r*w2r-t2i*w2i, t2r*w2i+t2i*w2r)
			t3r, t3i := mr-jr, mi-ji
			o3[q] = complex(t3r*w3r-t3i*w3i, t3r*w3i+t3i*w3r)
		}
	}
}

// radix4FirstGo is radix4Go for s == 1, where each butterfly has its own
// twiddle factors, blocked by four (see pass.tw); m is a multiple of 4.
func radix4FirstGo(y, x, tw []complex64, m int, sg float32) {
	x0, x1, x2, x3 := x[:m], x[m:2*m], x[2*m:3*m], x[3*m:4*m]
	x1, x2, x3 = x1[:len(x0)], x2[:len(x0)], x3[:len(x0)]
	y = y[:4*len(x0)]
	tw = tw[:3*len(x0)]
	// The extra loop conditions let the compiler drop the bounds checks.
	for p0 := 0; p0+4 <= len(x0) && len(tw) >= 12 && len(y) >= 16; p0 += 4 {
		w, o := tw[:12], y[:16]
		tw, y = tw[12:], y[16:]
		a, b, c, d := x0[p0:p0+4], x1[p0:p0+4], x2[p0:p0+4], x3[p0:p0+4]
		for j := range 4 {
			ar, ai := real(a[j]), imag(a[j])
			br, bi := real(b[j]), imag(b[j])
			cr, ci := real(c[j]), imag(c[j])
			dr, di := real(d[j]), imag(d[j])
			pr, pi := ar+cr, ai+ci
			mr, mi := ar-cr, ai-ci
			sr, si := br+dr, bi+di
			jr, ji := sg*(bi-di), sg*(dr-br)
			w1r, w1i := real(w[j]), sg*imag(w[j])
			w2r, w2i := real(w[4+j]), sg*imag(w[4+j])
			w3r, w3i := real(w[8+j]), sg*imag(w[8+j])
			oj := o[4*j : 4*j+4]
			oj[0] = complex(pr+sr, pi+si)
			t1r, t1i := mr+jr, mi+ji
			oj[1] = complex(t1r*w1r-t1i*w1i, t1r*w1i+t1i*w1r)
			t2r, t2i := pr-sr, pi-si
			oj[2] = complex(t2r*w2r-t2i*w2i, t2r*w2i+t2i*w2r)
			t3r, t3i := mr-jr, mi-ji
			oj[3] = complex(t3r*w3r-t3i*w3i, t3r*w3i+t3i*w3r)
		}
	}
}

// radix4LastGo is the radix-4 pass with m == 1 (no twiddle factors) over
// len(x) = 4s points. Each butterfly reads and writes the same indices, so
// y and x may be the same slice.
func radix4LastGo(y, x []complex64, sg float32) {
	s := len(x) / 4
	a, b, c, d := x[:s], x[s:2*s], x[2*s:3*s], x[3*s:4*s]
	b, c, d = b[:len(a)], c[:len(a)], d[:len(a)]
	o0, o1, o2, o3 := y[:s], y[s:2*s], y[2*s:3*s], y[3*s:4*s]
	o0, o1, o2, o3 = o0[:len(a)], o1[:len(a)], o2[:len(a)], o3[:len(a)]
	for q := range a {
		ar, ai := real(a[q]), imag(a[q])
		br, bi := real(b[q]), imag(b[q])
		cr, ci := real(c[q]), imag(c[q])
		dr, di := real(d[q]), imag(d[q])
		pr, pi := ar+cr, ai+ci
		mr, mi := ar-cr, ai-ci
		sr, si := br+dr, bi+di
		jr, ji := sg*(bi-di), sg*(dr-br)
		o0[q] = complex(pr+sr, pi+si)
		o1[q] = complex(mr+jr, mi+ji)
		o2[q] = complex(pr-sr, pi-si)
		o3[q] = complex(mr-jr, mi-ji)
	}
}

// radix8LastGo is the radix-8 pass with m == 1 (no twiddle factors) over
// len(x) = 8s points. It splits the 8-point DFT into a radix-2 level, the
// odd half multiplied by w8^t (w8 = e^{∓2πi/8}), and two 4-point DFTs. Each
// butterfly reads and writes the same indices, so y and x may be the same
// slice.
func radix8LastGo(y, x []complex64, sg float32) {
	const h = 0.70710678118654752440 // √2/2
	s := len(x) / 8
	x0, x1, x2, x3 := x[:s], x[s:2*s], x[2*s:3*s], x[3*s:4*s]
	x4, x5, x6, x7 := x[4*s:5*s], x[5*s:6*s], x[6*s:7*s], x[7*s:8*s]
	x1, x2, x3 = x1[:len(x0)], x2[:len(x0)], x3[:len(x0)]
	x4, x5, x6, x7 = x4[:len(x0)], x5[:len(x0)], x6[:len(x0)], x7[:len(x0)]
	o0, o1, o2, o3 := y[:s], y[s:2*s], y[2*s:3*s], y[3*s:4*s]
	o4, o5, o6, o7 := y[4*s:5*s], y[5*s:6*s], y[6*s:7*s], y[7*s:8*s]
	o0, o1, o2, o3 = o0[:len(x0)], o1[:len(x0)], o2[:len(x0)], o3[:len(x0)]
	o4, o5, o6, o7 = o4[:len(x0)], o5[:len(x0)], o6[:len(x0)], o7[:len(x0)]
	// mj returns -j·(r + j·i) forward, +j·(r + j·i) inverse.
	mj := func(r, i float32) (float32, float32) { return sg * i, -sg * r }
	// dft4 returns the 4-point DFT of a, b, c, d.
	type c32 struct{ r, i float32 }
	dft4 := func(a, b, c, d c32) (c32, c32, c32, c32) {
		pr, pi := a.r+c.r, a.i+c.i
		mr, mi := a.r-c.r, a.i-c.i
		sr, si := b.r+d.r, b.i+d.i
		jr, ji := mj(b.r-d.r, b.i-d.i)
		return c32{pr + sr, pi + si}, c32{mr + jr, mi + ji}, c32{pr - sr, pi - si}, c32{mr - jr, mi - ji}
	}
	for q := range x0 {
		a0, a1, a2, a3 := x0[q], x1[q], x2[q], x3[q]
		a4, a5, a6, a7 := x4[q], x5[q], x6[q], x7[q]
		u0 := c32{real(a0) + real(a4), imag(a0) + imag(a4)}
		u1 := c32{real(a1) + real(a5), imag(a1) + imag(a5)}
		u2 := c32{real(a2) + real(a6), imag(a2) + imag(a6)}
		u3 := c32{real(a3) + real(a7), imag(a3) + imag(a7)}
		v0 := c32{real(a0) - real(a4), imag(a0) - imag(a4)}
		// v1 = (a1−a5)·w8 = h·(d + (∓j)·d); v2 = ∓j·(a2−a6); v3 = ∓j·(a3−a7)·w8.
		dr, di := real(a1)-real(a5), imag(a1)-imag(a5)
		jr, ji := mj(dr, di)
		v1 := c32{h * (dr + jr), h * (di + ji)}
		dr, di = real(a2)-real(a6), imag(a2)-imag(a6)
		var v2 c32
		v2.r, v2.i = mj(dr, di)
		dr, di = real(a3)-real(a7), imag(a3)-imag(a7)
		jr, ji = mj(dr, di)
		var v3 c32
		v3.r, v3.i = mj(h*(dr+jr), h*(di+ji))
		e0, e1, e2, e3 := dft4(u0, u1, u2, u3)
		f0, f1, f2, f3 := dft4(v0, v1, v2, v3)
		o0[q], o2[q], o4[q], o6[q] = complex(e0.r, e0.i), complex(e1.r, e1.i), complex(e2.r, e2.i), complex(e3.r, e3.i)
		o1[q], o3[q], o5[q], o7[q] = complex(f0.r, f0.i), complex(f1.r, f1.i), complex(f2.r, f2.i), complex(f3.r, f3.i)
	}
}

// radix2Go is the radix-2 pass with m == 1 over len(x) = 2s points:
// y[q] = x[q]+x[q+s], y[q+s] = x[q]−x[q+s]. y and x may be the same slice.
func radix2Go(y, x []complex64) {
	s := len(x) / 2
	a, b := x[:s], x[s:2*s]
	b = b[:len(a)]
	o0, o1 := y[:s], y[s:2*s]
	o0, o1 = o0[:len(a)], o1[:len(a)]
	for q := range a {
		u, v := a[q], b[q]
		o0[q] = u + v
		o1[q] = u - v
	}
}

// runPassGo runs one pass in Go.
func runPassGo(ps *pass, y, x []complex64, inv bool) {
	switch {
	case ps.radix == 2:
		radix2Go(y, x)
	case ps.radix == 8:
		radix8LastGo(y, x, sign(inv))
	case ps.m == 1:
		radix4LastGo(y, x, sign(inv))
	default:
		radix4Go(y, x, ps.tw, ps.m, ps.s, sign(inv))
	}
}
