package blocks

import (
	"math"
	"slices"
	"testing"
)

// srcMoments returns the mean and variance of xs.
func srcMoments(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs))
}

func TestNoiseSourceHasTheDocumentedMeanAndVariance(t *testing.T) {
	const n = 400_000
	for _, tc := range []struct {
		name    string
		kind    NoiseKind
		complex bool
		ampl    float64
		varEach float64 // of the real part (and of the imaginary part)
	}{
		{"gaussian float32", Gaussian, false, 2, 4},
		{"uniform float32", Uniform, false, 2, 4.0 / 3},
		{"gaussian complex64", Gaussian, true, 2, 2},
		{"uniform complex64", Uniform, true, 0.5, 0.25 / 2 / 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var re, im []float64
			if tc.complex {
				src := NewNoiseSource[complex64](tc.kind, tc.ampl, 7)
				got, _, err := srcTake(t, src, &src.Out, n, 4096)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range got {
					re, im = append(re, float64(real(v))), append(im, float64(imag(v)))
				}
			} else {
				src := NewNoiseSource[float32](tc.kind, tc.ampl, 7)
				got, _, err := srcTake(t, src, &src.Out, n, 4096)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range got {
					re = append(re, float64(v))
				}
			}
			parts := [][]float64{re}
			if tc.complex {
				parts = append(parts, im)
			}
			for _, p := range parts {
				if len(p) != n {
					t.Fatalf("%d samples", len(p))
				}
				m, v := srcMoments(p)
				if se := math.Sqrt(tc.varEach / n); math.Abs(m) > 5*se {
					t.Errorf("mean %v, want 0 ± %v", m, 5*se)
				}
				if math.Abs(v-tc.varEach) > 0.02*tc.varEach {
					t.Errorf("variance %v, want %v ± 2%%", v, tc.varEach)
				}
			}
			if tc.complex {
				var c float64
				for i := range re {
					c += re[i] * im[i]
				}
				if c /= n * tc.varEach; math.Abs(c) > 0.02 {
					t.Errorf("I/Q correlation %v, want 0 ± 0.02", c)
				}
			}
		})
	}
}

func TestNoiseSourceSameSeedSameOutput(t *testing.T) {
	take := func(seed uint64) []complex64 {
		src := NewNoiseSource[complex64](Gaussian, 1, seed)
		got, _, err := srcTake(t, src, &src.Out, 50_000, 4096)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	a, b, c := take(42), take(42), take(43)
	if !slices.Equal(a, b) {
		t.Error("same seed gave different output")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave the same output")
	}
}

func BenchmarkNoiseSourceComplexGaussian(b *testing.B) {
	src := NewNoiseSource[complex64](Gaussian, 1, 1)
	srcBenchSource(b, src, &src.Out)
}
