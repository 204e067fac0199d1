package blocks

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/display"
)

func TestWaterfallSinkRowAndPNG(t *testing.T) {
	const n, fs = 256, 1000.0
	path := filepath.Join(t.TempDir(), "wf.png")
	s, err := NewWaterfallSink[complex64](FreqSinkOptions{FFTSize: n, SampleRate: fs, YMin: -100, YMax: 0, PNG: path}, 16)
	if err != nil {
		t.Fatal(err)
	}
	// The clock advances a second per read: a row is due on every Work call.
	now := time.Unix(1000, 0)
	s.clock.now = func() time.Time { now = now.Add(time.Second); return now }
	if _, err := blocktest.RunWith(s, blocktest.Options{}, blocktest.Stream{Items: displayTone(40*n, -250, fs)}); err != nil {
		t.Fatal(err)
	}
	fr := s.Frame(0)
	if fr == nil {
		t.Fatal("no row")
	}
	row := fr.Data.(*display.Spectrum).Power
	if k := displayPeak(row); k != n/2-64 {
		t.Errorf("row's peak at bin %d, want %d (-250 Hz)", k, n/2-64)
	}
	rows := s.Rows()
	if len(rows) == 0 || len(rows) > 16 {
		t.Fatalf("%d rows kept, want 1..16", len(rows))
	}
	if err := s.Deinit(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != n || b.Dy() != len(rows) {
		t.Errorf("PNG %v, want %d×%d", b, n, len(rows))
	}
	// The tone's column is at the top of the scale (0 dB: white), the rest
	// near the bottom (dark).
	if r, g, b, _ := img.At(n/2-64, 0).RGBA(); r>>8 != 255 || g>>8 != 255 || b>>8 != 255 {
		t.Errorf("tone's pixel %d,%d,%d, want white", r>>8, g>>8, b>>8)
	}
	if r, g, b, _ := img.At(n/4+30, 0).RGBA(); r>>8 > 40 || g>>8 > 40 {
		t.Errorf("noise floor pixel %d,%d,%d, want dark", r>>8, g>>8, b>>8)
	}
}

func TestWaterfallSinkWithoutAColourScaleGetsOne(t *testing.T) {
	s, err := NewWaterfallSink[float32](FreqSinkOptions{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if lo, hi := s.MinDB.Get(), s.MaxDB.Get(); lo != -120 || hi != 0 {
		t.Errorf("colour scale %v..%v dB, want -120..0", lo, hi)
	}
}
