package kernelbench

import (
	"errors"
	"runtime"
	"slices"
	"testing"
	"time"
)

// Timings vary with the machine's load; these tests check only that the
// functions measure something and name a known variant.

func TestVariantsNameKnownLoops(t *testing.T) {
	known := []string{"avx512", "avx2+fma", "neon", "go"}
	for _, v := range []string{FIRVariant(), FFTVariant()} {
		if !slices.Contains(known, v) {
			t.Errorf("variant %q, want one of %v", v, known)
		}
	}
	if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" && FIRVariant() != "go" {
		t.Errorf("%s: FIR variant %q, want go", runtime.GOARCH, FIRVariant())
	}
}

func TestTimingsArePositive(t *testing.T) {
	if ns := FIRComplexReal(64, 256, time.Millisecond); ns <= 0 {
		t.Errorf("FIR: %g ns per output", ns)
	}
	if ns, err := FFT(256, time.Millisecond); err != nil || ns <= 0 {
		t.Errorf("FFT: %g ns, %v", ns, err)
	}
	if g := ClockGHz(time.Millisecond); g <= 0 {
		t.Errorf("clock %g GHz", g)
	}
}

func TestFFTRejectsSizesThatAreNotPowersOfTwo(t *testing.T) {
	if _, err := FFT(1000, time.Millisecond); err == nil {
		t.Error("FFT(1000): no error")
	} else if errors.Unwrap(err) == nil {
		t.Errorf("FFT(1000): %v does not wrap the fft package's error", err)
	}
}
