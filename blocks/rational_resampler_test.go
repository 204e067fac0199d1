package blocks_test

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

func TestRationalResamplerMatchesZeroStuffedFilter(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 23))
	const n = 2000
	x := filtersRandC(r, n)
	for _, h := range []blocks.ResamplerHistory{blocks.ResamplerNoHistory, blocks.ResamplerZeros} {
		for _, c := range []struct{ i, d, ntaps int }{{1, 1, 5}, {3, 2, 30}, {2, 3, 31}, {5, 1, 17}, {1, 4, 9}, {4, 6, 20}} {
			taps := filtersRandF(r, c.ntaps)
			rs, err := blocks.NewRationalResampler[complex64](c.i, c.d, taps, 0.4, h)
			if err != nil {
				t.Fatal(err)
			}
			ii, dd := rs.Rates()
			got, _ := runFilter(t, rs, 11, x, nil)
			// y[N] = Σ taps[t]·u[N−t], u the input zero-stuffed by I and
			// zero before the stream. With zeros, output m is y[m·D], made
			// while its newest input ⌊m·D/I⌋ is in the stream and its D/I
			// items can be consumed (with the L−1 history zeros). With no
			// history, output m is y[m·D+(L−1)·I], made while its L inputs
			// from ⌊m·D/I⌋ on and its D/I items to consume are in the stream.
			l := (c.ntaps + ii - 1) / ii
			u := make([]complex128, n*ii)
			for k, v := range x {
				u[k*ii] = complex128(v)
			}
			var want []complex128
			for m := 0; ; m++ {
				nn := m * dd
				if h == blocks.ResamplerZeros && (nn/ii >= n || (m*dd+dd)/ii > n+l-1) {
					break
				}
				if h == blocks.ResamplerNoHistory {
					if nn/ii+l > n || (m*dd+dd)/ii > n {
						break
					}
					nn += (l - 1) * ii
				}
				var y complex128
				for k, tp := range taps {
					if nn-k >= 0 {
						y += complex(float64(tp), 0) * u[nn-k]
					}
				}
				want = append(want, y)
			}
			name := "resampler " + itoa(c.i) + "/" + itoa(c.d) + " history " + itoa(int(h))
			closeTo(t, name, got, want, 1e-5)
			// Output length: n·I/D within one with zeros, (n−L+1)·I/D with none.
			ideal := float64(n*ii) / float64(dd)
			if h == blocks.ResamplerNoHistory {
				ideal = float64((n-l+1)*ii) / float64(dd)
			}
			if math.Abs(float64(len(got))-ideal) > 1 {
				t.Errorf("%s: %d items, want %g within one", name, len(got), ideal)
			}
		}
	}
}

func TestRationalResamplerKeepsToneFrequencyAndTags(t *testing.T) {
	const n, f0 = 6000, 0.05 // cycles per input sample
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex64(cmplx.Exp(complex(0, 2*math.Pi*f0*float64(i))))
	}
	for _, c := range []struct{ i, d int }{{3, 2}, {2, 3}, {4, 1}} {
		rs, err := blocks.NewRationalResampler[complex64](c.i, c.d, nil, 0.4, blocks.ResamplerZeros) // consumes every input, so every tag comes out
		if err != nil {
			t.Fatal(err)
		}
		tags := filtersTags(n)
		got, gotTags := runFilter(t, rs, 1<<16, x, tags)
		// Mean phase step after the start-up gives the frequency.
		var acc complex128
		for k := len(got) / 4; k+1 < len(got); k++ {
			acc += complex128(got[k+1]) * cmplx.Conj(complex128(got[k]))
		}
		f := cmplx.Phase(acc) / (2 * math.Pi)
		want := f0 * float64(c.d) / float64(c.i)
		if math.Abs(f-want) > 1e-6 {
			t.Errorf("%d/%d: tone at %g cycles/sample, want %g", c.i, c.d, f, want)
		}
		// Amplitude kept (gain I interpolation filter).
		if a := cmplx.Abs(complex128(got[len(got)/2])); math.Abs(a-1) > 0.01 {
			t.Errorf("%d/%d: amplitude %g, want 1", c.i, c.d, a)
		}
		// One Work call: tags land at k·produced/consumed, about k·I/D.
		if len(gotTags) != len(tags) {
			t.Fatalf("%d/%d: tags %v, want one per input tag", c.i, c.d, gotTags)
		}
		for j, tg := range gotTags {
			k := tags[j].Offset
			if want := float64(k) * float64(c.i) / float64(c.d); math.Abs(float64(tg.Offset)-want) > 1+float64(c.i)/float64(c.d) {
				t.Errorf("%d/%d: tag from %d at %d, want about %.1f", c.i, c.d, k, tg.Offset, want)
			}
		}
	}
}
