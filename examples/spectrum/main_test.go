package main

import (
	"cmp"
	"context"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestRunFindsTheTonesAndWritesBothPlots runs the whole example on 64k
// samples: both PNG files decode at their size, and the three strongest
// peaks lie within one bin of the three tones.
func TestRunFindsTheTonesAndWritesBothPlots(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := defaultConfig()
	c.items = 1 << 16
	dir := t.TempDir()

	peaks, err := run(ctx, c, dir, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		w, h int
	}{
		{"spectrum.png", spectrumWidth, spectrumHeight},
		{"waterfall.png", waterfallWidth, waterfallHeight},
	} {
		r, err := os.Open(filepath.Join(dir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if b := img.Bounds(); b.Dx() != f.w || b.Dy() != f.h {
			t.Errorf("%s is %d×%d pixels, want %d×%d", f.name, b.Dx(), b.Dy(), f.w, f.h)
		}
	}

	slices.SortFunc(peaks, func(p, q peak) int { return cmp.Compare(p.freq, q.freq) })
	tones := slices.Clone(c.tones)
	slices.SortFunc(tones, func(p, q tone) int { return cmp.Compare(p.freq, q.freq) })
	if len(peaks) != len(tones) {
		t.Fatalf("found %d peaks, want %d", len(peaks), len(tones))
	}
	for i, p := range peaks {
		if math.Abs(p.freq-tones[i].freq) > c.binWidth() {
			t.Errorf("peak at %.1f Hz, want within one bin (%.1f Hz) of the tone at %.1f Hz",
				p.freq, c.binWidth(), tones[i].freq)
		}
	}
}

// TestFindPeaksInterpolatesBetweenBins checks the parabolic refinement on
// a parabola in dB whose vertex lies between bins.
func TestFindPeaksInterpolatesBetweenBins(t *testing.T) {
	const n, fs, vertex = 64, 64.0, 40.3 // one bin per Hz; DC at bin 32
	db := make([]float64, n)
	for k := range db {
		db[k] = -100
	}
	for k := 38; k <= 42; k++ {
		db[k] = -2 * (float64(k) - vertex) * (float64(k) - vertex)
	}
	peaks := findPeaks(db, fs, 3)
	if len(peaks) != 1 {
		t.Fatalf("found %d peaks, want 1: %+v", len(peaks), peaks)
	}
	if p := peaks[0]; p.bin != 40 || math.Abs(p.freq-(vertex-n/2)) > 1e-9 || math.Abs(p.db) > 1e-9 {
		t.Errorf("peak %+v, want bin 40 at %.1f Hz and 0 dB", p, vertex-n/2)
	}
}
