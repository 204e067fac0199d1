package fft

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain lets the environment variable FFT_PATH pin the default
// implementation for a whole run ("avx512", "asm" or "go"), so that two
// runs of the same benchmarks on two paths have the same names and
// benchstat can compare them.
func TestMain(m *testing.M) {
	if name := os.Getenv("FFT_PATH"); name != "" {
		found := false
		for _, p := range impls() {
			if p.name == name && p.available {
				p.use()
				found = true
			}
		}
		if !found {
			fmt.Fprintf(os.Stderr, "FFT_PATH=%s: no such path on this machine\n", name)
			os.Exit(2)
		}
	}
	goleak.VerifyTestMain(m)
}
