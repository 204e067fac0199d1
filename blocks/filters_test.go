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
	if taps := b.(*blocks.FIRFilter[float32, float32]).Taps.Get(); len(taps) != 3 || taps[2] != 3 {
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
