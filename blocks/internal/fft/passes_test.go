package fft

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPassesAgree runs each pass on its own, on each assembly path
// (AVX-512, AVX2 or NEON) and on the Go path, and compares the outputs:
// every pass shape NewPlan makes for n ≤ 2^14, and radix-2 passes with s
// up to 64 (NewPlan makes them only with s = 1, which runs in Go, so this
// is where the assembly ones are tested). It runs them out of place and, for the last passes (m == 1),
// in place, on slices that start one value into their arrays (not 16-byte
// aligned) and are followed by guard values the pass must not touch.
func TestPassesAgree(t *testing.T) {
	for _, m := range impls() {
		if !m.asm {
			continue
		}
		t.Run(m.name, func(t *testing.T) {
			if !m.available {
				t.Skipf("no %s passes on this machine", m.name)
			}
			testPassesAgree(t, m)
		})
	}
}

// testPassesAgree is TestPassesAgree for the assembly implementation m.
func testPassesAgree(t *testing.T, m impl) {
	var shapes []pass
	for n := 2; n <= 1<<14; n *= 2 {
		p, _ := NewPlan(n)
		shapes = append(shapes, p.passes...)
	}
	for s := 1; s <= 64; s *= 2 {
		shapes = append(shapes, pass{radix: 2, m: 1, s: s})
	}
	goPath := impls()[len(impls())-1]
	r := rand.New(rand.NewPCG(15, 16))
	const guard = complex64(12345 - 6789i)
	// buffer returns an array of n+9 guard values and the n from its
	// second on.
	buffer := func(n int) (b, s []complex64) {
		b = make([]complex64, n+9)
		for i := range b {
			b[i] = guard
		}
		return b, b[1 : n+1]
	}
	// checkGuards fails t unless the guard values of an array from
	// buffer are intact.
	checkGuards := func(t *testing.T, what string, b []complex64) {
		t.Helper()
		n := len(b) - 9
		for i, v := range b {
			if (i == 0 || i > n) && v != guard {
				t.Fatalf("%s: wrote %v at %d, outside the %d values at 1..%d", what, v, i, n, n)
			}
		}
	}
	for _, ps := range shapes {
		n := ps.radix * ps.m * ps.s
		for _, inv := range []bool{false, true} {
			what := fmt.Sprintf("radix %d, m=%d, s=%d, inverse=%v", ps.radix, ps.m, ps.s, inv)
			x := randComplex(r, n)
			restore := goPath.use()
			g := make([]complex64, n)
			runPass(&ps, g, x, inv)
			restore()
			want := make([]complex128, n)
			for i, v := range g {
				want[i] = complex128(v)
			}

			srcBuf, src := buffer(n)
			copy(src, x)
			gotBuf, got := buffer(n)
			restore = m.use()
			runPass(&ps, got, src, inv)
			restore()
			checkClose(t, what, got, want)
			checkGuards(t, what, gotBuf)
			if !slices.Equal(src, x) {
				t.Fatalf("%s: out-of-place pass changed its input", what)
			}
			if ps.m == 1 {
				restore = m.use()
				runPass(&ps, src, src, inv)
				restore()
				if !slices.Equal(src, got) {
					t.Fatalf("%s: in-place result differs from out-of-place", what)
				}
				checkGuards(t, what+" in place", srcBuf)
			}
		}
	}
}
