// Command spectrum shows how to build and run a flowrun graph in Go code,
// with typed flowgraph.Connect and no YAML, and what the power_spectrum
// block measures.
//
// It synthesizes complex baseband at 250 kS/s: three tones at -60 kHz
// (0 dBFS), +25 kHz (-10.5 dB) and +100 kHz (-20 dB) plus Gaussian noise
// (-40 dB), from signal_source, noise_source and add blocks; head limits
// it to -duration of signal; power_spectrum estimates its spectrum with a
// 1024-point Blackman-Harris window by Welch's method into a vector_sink:
//
//	tone0 ─┐
//	tone1 ─┤
//	tone2 ─┼─ add ── head ── power_spectrum ── vector_sink
//	noise ─┘
//
// Then it prints the strongest peaks and draws two plots with gonum/plot:
// spectrum.png, the power spectrum averaged over the whole run, in dB
// against frequency from -fs/2 to fs/2, and waterfall.png, every spectrum
// the block produced as one row of a time-frequency heat map.
//
// Run it with
//
//	go run ./examples/spectrum -out /tmp
//
// Flags: -out DIR (where the PNG files go, default "."), -duration (of
// signal, default 1s), -fs (sample rate in Hz; the tones need fs > 200 kHz),
// -size (FFT size, a power of two), -averages (windows per spectrum).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"time"
)

func main() {
	c := defaultConfig()
	out := flag.String("out", ".", "directory to write spectrum.png and waterfall.png into")
	duration := flag.Duration("duration", time.Second, "length of the synthesized signal")
	flag.Float64Var(&c.fs, "fs", c.fs, "sample rate in Hz")
	flag.IntVar(&c.size, "size", c.size, "FFT size in bins, a power of two")
	flag.IntVar(&c.averages, "averages", c.averages, "50%-overlapping windows averaged into each spectrum")
	flag.Parse()
	if *duration <= 0 {
		log.Fatalf("spectrum: -duration %v must be positive", *duration)
	}
	c.items = uint64(duration.Seconds() * c.fs)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if _, err := run(ctx, c, *out, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run measures, reports the strongest peaks to w and writes both plots
// into dir; it returns the peaks.
func run(ctx context.Context, c config, dir string, w io.Writer) ([]peak, error) {
	m, err := measure(ctx, c)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "%d samples at %g kS/s: %d spectra of %d bins (%.1f Hz each)\n",
		c.items, c.fs/1e3, len(m.spectra), c.size, c.binWidth())
	peaks := findPeaks(m.average, c.fs, len(c.tones))
	for _, p := range peaks {
		fmt.Fprintf(w, "peak at %+9.3f kHz  %6.1f dB\n", p.freq/1e3, p.db)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	spectrum, waterfall := filepath.Join(dir, "spectrum.png"), filepath.Join(dir, "waterfall.png")
	if err := plotSpectrum(spectrum, c, m, peaks); err != nil {
		return nil, err
	}
	if err := plotWaterfall(waterfall, c, m.spectra); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "wrote %s and %s\n", spectrum, waterfall)
	return peaks, nil
}
