package fft

import (
	"runtime"
	"testing"
)

// TestVariantNamesTheSelectedPath checks Variant's name for each path this
// machine can run, selected in turn.
func TestVariantNamesTheSelectedPath(t *testing.T) {
	asmName := "avx2+fma"
	if runtime.GOARCH == "arm64" {
		asmName = "neon"
	}
	want := map[string]string{"avx512": "avx512", "asm": asmName, "go": "go"}
	for _, m := range impls() {
		if !m.available {
			continue
		}
		restore := m.use()
		got := Variant()
		restore()
		if got != want[m.name] {
			t.Errorf("path %s: Variant() = %q, want %q", m.name, got, want[m.name])
		}
	}
}
