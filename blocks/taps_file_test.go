package blocks_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
)

func writeTaps(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "taps.txt")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// impulseResponse runs an impulse through block id built with params and
// returns the first n outputs: the taps, for a FIR filter.
func impulseResponse[T float32 | complex64](t *testing.T, id string, params map[string]any, n int) []T {
	t.Helper()
	b, err := blocks.NewRegistry().Build(id, params)
	if err != nil {
		t.Fatal(err)
	}
	in := make([]T, 4096)
	in[0] = 1
	outs, err := blocktest.Run(b, blocktest.Stream{Items: in})
	if err != nil {
		t.Fatal(err)
	}
	return outs[0].Items.([]T)[:n]
}

func TestTapsFileFormats(t *testing.T) {
	realFile := writeTaps(t, "# a comment\n0.5, 0.25\n[-1e-1 2]  # end\r\n\n")
	cplx := writeTaps(t, "[(1+2j), -0.5-1.5j, 2j, 3, 1+1i]\n")
	want := []float32{0.5, 0.25, -0.1, 2}
	for _, id := range []string{"fir_filter", "fft_filter"} {
		// fft_filter's transforms round: within 1e-6.
		got := impulseResponse[float32](t, id, map[string]any{"type": "float32", "taps_file": realFile}, 4)
		for i := range want {
			if math.Abs(float64(got[i]-want[i])) > 1e-6 {
				t.Errorf("%s: taps %v, want %v", id, got, want)
				break
			}
		}
		wantC := []complex64{1 + 2i, -0.5 - 1.5i, 2i, 3, 1 + 1i}
		gotC := impulseResponse[complex64](t, id, map[string]any{"type": "complex64", "taps_file": cplx}, 5)
		for i := range wantC {
			if d := gotC[i] - wantC[i]; real(d)*real(d)+imag(d)*imag(d) > 1e-12 {
				t.Errorf("%s: complex taps %v, want %v", id, gotC, wantC)
				break
			}
		}
	}
	// freq_xlating_fir_filter at 0 Hz is its prototype filter.
	got := impulseResponse[complex64](t, "freq_xlating_fir_filter", map[string]any{"taps_file": realFile}, 4)
	for i, w := range want {
		if got[i] != complex(w, 0) {
			t.Fatalf("freq_xlating_fir_filter: taps %v, want %v", got, want)
		}
	}
	// rational_resampler 1/1 with zeros before the stream is a FIR filter.
	gotR := impulseResponse[float32](t, "rational_resampler", map[string]any{"type": "float32", "taps_file": realFile, "history": "zeros"}, 4)
	if !slices.Equal(gotR, want) {
		t.Errorf("rational_resampler: taps %v, want %v", gotR, want)
	}
}

func TestTapsFileProblemsAreBadParams(t *testing.T) {
	realFile := writeTaps(t, "1, 2\n")
	for _, tc := range []struct {
		name, id string
		params   map[string]any
	}{
		{"missing file", "fir_filter", map[string]any{"taps_file": filepath.Join(t.TempDir(), "none.txt")}},
		{"not a number", "fir_filter", map[string]any{"taps_file": writeTaps(t, "1, two\n")}},
		{"not finite", "fft_filter", map[string]any{"taps_file": writeTaps(t, "1, nan\n")}},
		{"empty", "fir_filter", map[string]any{"taps_file": writeTaps(t, "# nothing\n")}},
		{"taps and taps_file", "fir_filter", map[string]any{"taps_file": realFile, "taps": []any{1.0}}},
		{"complex for float32", "fir_filter", map[string]any{"type": "float32", "taps_file": writeTaps(t, "1+2j\n")}},
		{"complex for freq_xlating", "freq_xlating_fir_filter", map[string]any{"taps_file": writeTaps(t, "1+2j\n")}},
		{"complex for rational_resampler", "rational_resampler", map[string]any{"taps_file": writeTaps(t, "1+2j\n")}},
	} {
		if _, err := blocks.NewRegistry().Build(tc.id, tc.params); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("%s: error %v, want ErrBadParam", tc.name, err)
		}
	}
}
