package blocks_test

import (
	"errors"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
)

func filtersRandC(r *rand.Rand, n int) []complex64 {
	s := make([]complex64, n)
	for i := range s {
		s[i] = complex(float32(r.NormFloat64()), float32(r.NormFloat64()))
	}
	return s
}

func filtersRandF(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(r.NormFloat64())
	}
	return s
}

func toC128[T float32 | complex64](x T) complex128 {
	switch v := any(x).(type) {
	case float32:
		return complex(float64(v), 0)
	case complex64:
		return complex128(v)
	}
	return 0
}

// naiveFIR is the direct convolution y[m] = Σ taps[k]·x[m·d-k] with x
// zero before the stream (GNU Radio's history), for the ⌊len(x)/d⌋ outputs
// whose d items can be consumed.
func naiveFIR[T, Tap float32 | complex64](x []T, taps []Tap, d int) []complex128 {
	y := make([]complex128, len(x)/d)
	for i := range y {
		for k, t := range taps {
			if j := i*d - k; j >= 0 {
				y[i] += toC128(t) * toC128(x[j])
			}
		}
	}
	return y
}

// closeTo compares got with want within tol·(RMS of want).
func closeTo[T float32 | complex64](t *testing.T, name string, got []T, want []complex128, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d items, want %d", name, len(got), len(want))
	}
	rms := 0.0
	for _, w := range want {
		rms += real(w)*real(w) + imag(w)*imag(w)
	}
	rms = math.Sqrt(rms/float64(max(len(want), 1))) + 1e-30
	for i := range want {
		if d := cmplx.Abs(toC128(got[i])-want[i]) / rms; d > tol {
			t.Fatalf("%s: item %d = %v, want %v (relative error %.2g > %g)", name, i, got[i], want[i], d, tol)
		}
	}
}

func filtersTags(n int) []buffer.Tag {
	var tags []buffer.Tag
	for _, off := range []uint64{0, 1, 7, 64, 99, uint64(n / 2), uint64(n - 1)} {
		tags = append(tags, buffer.Tag{Offset: off, Key: "k", Value: off})
	}
	return tags
}

func runFilter[T any](t *testing.T, b block.Block, outItems int, in []T, tags []buffer.Tag) ([]T, []buffer.Tag) {
	t.Helper()
	outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: outItems}, blocktest.Stream{Items: in, Tags: tags})
	if err != nil {
		t.Fatal(err)
	}
	return outs[0].Items.([]T), outs[0].Tags
}

// checkDecimatedTags wants every input tag at k < consumed at output k/d:
// the output whose newest input is k (history zeros before the stream).
func checkDecimatedTags(t *testing.T, name string, in, out []buffer.Tag, consumed, d int) {
	t.Helper()
	var want []buffer.Tag
	for _, tg := range in {
		if tg.Offset < uint64(consumed) {
			tg.Offset /= uint64(d)
			want = append(want, tg)
		}
	}
	if len(out) != len(want) {
		t.Fatalf("%s: tags %v, want %v", name, out, want)
	}
	for i := range want {
		if out[i].Offset != want[i].Offset || out[i].Value != want[i].Value {
			t.Fatalf("%s: tag %d = %+v, want %+v", name, i, out[i], want[i])
		}
	}
}

func TestFIRFilterEqualsDirectConvolution(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 20))
	const n = 3001
	xf, xc := filtersRandF(r, n), filtersRandC(r, n)
	tags := filtersTags(n)
	for _, ntaps := range []int{1, 3, 16, 33, 64} {
		for _, d := range []int{1, 2, 3, 5, 40} {
			for _, outItems := range []int{7, 4096} {
				tf, tc := filtersRandF(r, ntaps), filtersRandC(r, ntaps)
				name := func(s string) string {
					return s + "/taps=" + itoa(ntaps) + "/dec=" + itoa(d) + "/out=" + itoa(outItems)
				}
				ff, err := blocks.NewFIRFilter[float32](tf, d)
				if err != nil {
					t.Fatal(err)
				}
				got, gotTags := runFilter(t, ff, outItems, xf, tags)
				want := naiveFIR(xf, tf, d)
				closeTo(t, name("fff"), got, want, 1e-5)
				checkDecimatedTags(t, name("fff"), tags, gotTags, len(want)*d, d)

				fc, _ := blocks.NewFIRFilter[complex64](tf, d)
				gotc, gotTags := runFilter(t, fc, outItems, xc, tags)
				closeTo(t, name("ccf"), gotc, naiveFIR(xc, tf, d), 1e-5)
				checkDecimatedTags(t, name("ccf"), tags, gotTags, len(gotc)*d, d)

				fcc, _ := blocks.NewFIRFilter[complex64](tc, d)
				gotcc, _ := runFilter(t, fcc, outItems, xc, nil)
				closeTo(t, name("ccc"), gotcc, naiveFIR(xc, tc, d), 1e-5)
			}
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

func TestFIRFilterRefusesBadArguments(t *testing.T) {
	if _, err := blocks.NewFIRFilter[float32]([]float32{}, 1); err == nil {
		t.Error("empty taps accepted")
	}
	if _, err := blocks.NewFIRFilter[float32]([]float32{1}, 0); err == nil {
		t.Error("decimation 0 accepted")
	}
	if _, err := blocks.NewFIRFilter[float32]([]complex64{1}, 1); err == nil {
		t.Error("float32 items with complex taps accepted")
	}
}

func TestFFTFilterEqualsFIRFilter(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 21))
	const n = 20000
	xf, xc := filtersRandF(r, n), filtersRandC(r, n)
	for _, ntaps := range []int{1, 31, 100, 257} {
		tf, tc := filtersRandF(r, ntaps), filtersRandC(r, ntaps)
		ref, _ := blocks.NewFIRFilter[float32](tf, 1)
		want, _ := runFilter(t, ref, 1<<15, xf, nil)
		ff, err := blocks.NewFFTFilter(tf)
		if err != nil {
			t.Fatal(err)
		}
		for _, outItems := range []int{1, 5000} {
			got, tags := runFilter(t, ff, outItems, xf, filtersTags(n))
			full := n / ff.BlockSize() * ff.BlockSize()
			if len(got) != full {
				t.Fatalf("taps=%d: %d items, want %d whole blocks", ntaps, len(got), full)
			}
			w := make([]complex128, len(got))
			for i := range w {
				w[i] = complex(float64(want[i]), 0)
			}
			closeTo(t, "fft fff taps="+itoa(ntaps), got, w, 1e-5)
			checkDecimatedTags(t, "fft fff", filtersTags(n), tags, len(got), 1)
			ff, _ = blocks.NewFFTFilter(tf)
		}

		refc, _ := blocks.NewFIRFilter[complex64](tc, 1)
		wantc, _ := runFilter(t, refc, 1<<15, xc, nil)
		fc, _ := blocks.NewFFTFilter(tc)
		gotc, _ := runFilter(t, fc, 4096, xc, nil)
		wc := make([]complex128, len(gotc))
		for i := range wc {
			wc[i] = complex128(wantc[i])
		}
		closeTo(t, "fft ccc taps="+itoa(ntaps), gotc, wc, 1e-5)
	}
}

func TestFreqXlatingEqualsMixFilterDecimate(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 22))
	const n, fs = 4000, 1e6
	x := filtersRandC(r, n)
	taps := filtersRandF(r, 41)
	for _, fc := range []float64{0, 125e3, -310e3} {
		for _, d := range []int{1, 4, 7} {
			xl, err := blocks.NewFreqXlatingFIRFilter(taps, fc, fs, d)
			if err != nil {
				t.Fatal(err)
			}
			got, gotTags := runFilter(t, xl, 13, x, filtersTags(n))
			mixed := make([]complex128, n)
			for i, v := range x {
				mixed[i] = complex128(v) * cmplx.Exp(complex(0, -2*math.Pi*fc/fs*float64(i)))
			}
			m := n / d
			want := make([]complex128, m)
			for i := range want {
				for k, tp := range taps {
					if j := i*d - k; j >= 0 {
						want[i] += complex(float64(tp), 0) * mixed[j]
					}
				}
			}
			closeTo(t, "xlating fc="+itoa(int(math.Abs(fc)))+" d="+itoa(d), got, want, 1e-5)
			checkDecimatedTags(t, "xlating", filtersTags(n), gotTags, m*d, d)
		}
	}
}

func TestRationalResamplerMatchesZeroStuffedFilter(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 23))
	const n = 2000
	x := filtersRandC(r, n)
	for _, c := range []struct{ i, d, ntaps int }{{1, 1, 5}, {3, 2, 30}, {2, 3, 31}, {5, 1, 17}, {1, 4, 9}, {4, 6, 20}} {
		taps := filtersRandF(r, c.ntaps)
		rs, err := blocks.NewRationalResampler[complex64](c.i, c.d, taps, 0.4)
		if err != nil {
			t.Fatal(err)
		}
		ii, dd := rs.Rates()
		got, _ := runFilter(t, rs, 11, x, nil)
		// y[N] = Σ taps[t]·u[N−t], u the input zero-stuffed by I and
		// zero before the stream; output m is y[m·D], made while its newest
		// input ⌊m·D/I⌋ is in the stream and its D/I items can be consumed
		// (with the L−1 history zeros).
		l := (c.ntaps + ii - 1) / ii
		u := make([]complex128, n*ii)
		for k, v := range x {
			u[k*ii] = complex128(v)
		}
		var want []complex128
		for m := 0; ; m++ {
			nn := m * dd
			if nn/ii >= n || (m*dd+dd)/ii > n+l-1 {
				break
			}
			var y complex128
			for k, tp := range taps {
				if nn-k >= 0 {
					y += complex(float64(tp), 0) * u[nn-k]
				}
			}
			want = append(want, y)
		}
		closeTo(t, "resampler "+itoa(c.i)+"/"+itoa(c.d), got, want, 1e-5)
		// Output length: n·I/D within one, as in GNU Radio.
		if ideal := float64(n*ii) / float64(dd); math.Abs(float64(len(got))-ideal) > 1 {
			t.Errorf("resampler %d/%d: %d items, want %g within one", c.i, c.d, len(got), ideal)
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
		rs, err := blocks.NewRationalResampler[complex64](c.i, c.d, nil, 0.4)
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

func TestMovingAverageIsExactSum(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 24))
	const n = 10000
	x := make([]float32, n)
	xc := make([]complex64, n)
	for i := range x {
		x[i] = float32(r.IntN(200) - 100)
		xc[i] = complex(x[i], float32(r.IntN(50)))
	}
	for _, l := range []int{1, 2, 16, 100} {
		ma, err := blocks.NewMovingAverage[float32](l, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		got, tags := runFilter(t, ma, 37, x, filtersTags(n))
		mc, _ := blocks.NewMovingAverage[complex64](l, 0.5)
		gotc, _ := runFilter(t, mc, 5000, xc, nil)
		if len(got) != n || len(gotc) != n {
			t.Fatalf("length %d: %d/%d items, want %d", l, len(got), len(gotc), n)
		}
		for i := range got {
			var s float32
			var sc complex64
			for k := max(i-l+1, 0); k <= i; k++ {
				s += x[k]
				sc += xc[k]
			}
			if got[i] != s*0.5 || gotc[i] != sc*0.5 {
				t.Fatalf("length %d: item %d = %v, %v; want %v, %v", l, i, got[i], gotc[i], s*0.5, sc*0.5)
			}
		}
		checkDecimatedTags(t, "moving_average", filtersTags(n), tags, len(got), 1)
	}
	if _, err := blocks.NewMovingAverage[float32](0, 1); err == nil {
		t.Error("length 0 accepted")
	}
}

func TestIIRFilterEqualsDifferenceEquation(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 25))
	x := filtersRandF(r, 3000)
	cases := []struct {
		ff, fb   []float64
		oldstyle bool
	}{
		{[]float64{0.1}, []float64{1, 0.9}, true},
		{[]float64{0.2, 0.3, -0.1}, []float64{1, 0.5, -0.3}, true},
		// a biquad low-pass (RBJ, fc = 0.1·fs, Q = 0.707) in MATLAB convention
		{[]float64{0.0674553, 0.1349105, 0.0674553}, []float64{1, -1.1429805, 0.4128016}, false},
		{[]float64{1, -1}, []float64{1}, true},
	}
	for ci, c := range cases {
		f, err := blocks.NewIIRFilter(c.ff, c.fb, c.oldstyle)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := runFilter(t, f, 17, x, nil)
		y := make([]float64, len(x))
		sign := 1.0
		if !c.oldstyle {
			sign = -1
		}
		for n := range x {
			for k, b := range c.ff {
				if n-k >= 0 {
					y[n] += b * float64(x[n-k])
				}
			}
			for k := 1; k < len(c.fb); k++ {
				if n-k >= 0 {
					y[n] += sign * c.fb[k] * y[n-k]
				}
			}
		}
		if len(got) != len(y) {
			t.Fatalf("case %d: %d items, want %d", ci, len(got), len(y))
		}
		for i := range y {
			if math.Abs(float64(got[i])-y[i]) > 1e-6*(1+math.Abs(y[i])) {
				t.Fatalf("case %d: item %d = %v, want %v", ci, i, got[i], y[i])
			}
		}
	}
	if _, err := blocks.NewIIRFilter(nil, []float64{1}, true); err == nil {
		t.Error("no feed-forward taps accepted")
	}
}

func TestFilterSpecsBuildWithDefaults(t *testing.T) {
	reg := blocks.NewRegistry()
	for _, id := range []string{"fir_filter", "fft_filter", "freq_xlating_fir_filter", "rational_resampler", "moving_average", "iir_filter"} {
		b, err := reg.Build(id, nil)
		if err != nil || b == nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	for _, typ := range []string{"float32", "complex64"} {
		for _, id := range []string{"fir_filter", "fft_filter", "rational_resampler", "moving_average"} {
			if _, err := reg.Build(id, map[string]any{"type": typ}); err != nil {
				t.Errorf("%s type %s: %v", id, typ, err)
			}
		}
	}
	b, err := reg.Build("fir_filter", map[string]any{"type": "float32", "taps": []any{1, 2, 3}, "cutoff": 0.1})
	if err != nil {
		t.Fatal(err)
	}
	if taps := b.(*blocks.FIRFilter[float32, float32]).Taps(); len(taps) != 3 || taps[2] != 3 {
		t.Errorf("explicit taps did not win: %v", taps)
	}
	b, err = reg.Build("fir_filter", map[string]any{"complex_taps": []any{[]any{1, 2}}, "decimation": 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.(*blocks.FIRFilter[complex64, complex64]); !ok {
		t.Errorf("complex_taps built %T", b)
	}
}

func TestFilterSpecsRejectBadParameters(t *testing.T) {
	reg := blocks.NewRegistry()
	bad := []struct {
		id string
		p  map[string]any
	}{
		{"fir_filter", map[string]any{"decimation": 0}},
		{"fir_filter", map[string]any{"window": "triangle"}},
		{"fir_filter", map[string]any{"cutoff": 0.7}},
		{"fir_filter", map[string]any{"cutoff": 0.0}},
		{"fir_filter", map[string]any{"type": "float32", "complex_taps": []any{1}}},
		{"fft_filter", map[string]any{"transition": 0.0}},
		{"fft_filter", map[string]any{"type": "float32", "complex_taps": []any{1}}},
		{"freq_xlating_fir_filter", map[string]any{"filter_type": "notch"}},
		{"rational_resampler", map[string]any{"interpolation": 0}},
		{"rational_resampler", map[string]any{"fractional_bw": 0.5}},
		{"moving_average", map[string]any{"length": 0}},
		{"iir_filter", map[string]any{"fftaps": []any{}}},
	}
	for _, c := range bad {
		if _, err := reg.Build(c.id, c.p); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("%s %v: error %v, want ErrBadParam", c.id, c.p, err)
		}
	}
}
