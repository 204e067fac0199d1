package blocks

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/display"
)

func TestFreqSinkPeakIsAtTheTonesFrequency(t *testing.T) {
	const n, fs, f = 1024, 48000.0, 6000.0 // bin 128 above DC
	s, err := NewFreqSink[complex64](FreqSinkOptions{FFTSize: n, SampleRate: fs})
	if err != nil {
		t.Fatal(err)
	}
	displayFixedClock(&s.clock)
	// A retune tag on the first item: the x axis moves to 100 MHz.
	in := blocktest.Stream{Items: displayTone(4*n, f, fs), Tags: []buffer.Tag{{Offset: 0, Key: "rx_freq", Value: 100e6}}}
	if _, err := blocktest.Run(s, in); err != nil {
		t.Fatal(err)
	}
	fr := s.Frame(0)
	if fr == nil {
		t.Fatal("no frame")
	}
	sp := fr.Data.(*display.Spectrum)
	k := displayPeak(sp.Power)
	if k != n/2+128 {
		t.Errorf("peak at bin %d, want %d", k, n/2+128)
	}
	if got := sp.Center + float64(k-n/2)*sp.Rate/n; got != 100e6+f {
		t.Errorf("peak at %v Hz, want %v", got, 100e6+f)
	}
	if math.Abs(float64(sp.Power[k])) > 0.01 {
		t.Errorf("peak power %v dB, want 0 dB for a tone of amplitude 1 on a bin", sp.Power[k])
	}
	if sp.Power[n/2] > -100 {
		t.Errorf("DC bin %v dB: the Blackman-Harris window leaks too much", sp.Power[n/2])
	}
}

func TestFreqSinkWritesAPNGAtTheEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "spectrum.png")
	s, err := NewFreqSink[float32](FreqSinkOptions{FFTSize: 512, SampleRate: 48000, PNG: path})
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 2048)
	for i := range x {
		x[i] = float32(math.Cos(2 * math.Pi * 1000 * float64(i) / 48000))
	}
	if _, err := blocktest.Run(s, blocktest.Stream{Items: x}); err != nil {
		t.Fatal(err)
	}
	if err := s.Deinit(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 1000 || cfg.Height != 500 {
		t.Errorf("PNG %dx%d, %v; want 1000x500", cfg.Width, cfg.Height, err)
	}
}

func TestFreqSinkWritesAPNGEveryPeriodWhileRunning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "spectrum.png")
	s, err := NewFreqSink[complex64](FreqSinkOptions{FFTSize: 64, PNG: path, Every: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// The clock advances a second per read: frames and writes are due.
	now := time.Unix(1000, 0)
	s.clock.now = func() time.Time { now = now.Add(time.Second); return now }
	if _, err := blocktest.Run(s, blocktest.Stream{Items: displayTone(64*8, 4, 64)}); err != nil {
		t.Fatal(err)
	}
	s.png.wg.Wait() // the periodic write, not the one at the end (no Deinit yet)
	if st, err := os.Stat(path); err != nil || st.Size() == 0 || st.Mode().Perm() != 0o644 {
		t.Fatalf("periodic PNG: %v, %v", st, err)
	}
	if err := s.Deinit(); err != nil {
		t.Fatal(err)
	}
}
