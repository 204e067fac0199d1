package main

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
)

// tone is one complex exponential of the test signal.
type tone struct {
	freq float64 // Hz, negative below the centre frequency
	ampl float64
}

// config describes the synthesized signal and its analysis.
type config struct {
	fs       float64 // sample rate, Hz
	items    uint64  // samples to analyse
	size     int     // FFT size
	averages int     // windows per spectrum
	noise    float64 // RMS amplitude of the complex Gaussian noise
	tones    []tone
}

// defaultConfig is one second of three tones in noise at 250 kS/s.
func defaultConfig() config {
	return config{
		fs:       250e3,
		items:    250e3,
		size:     1024,
		averages: 4,
		noise:    0.01,
		tones:    []tone{{-60e3, 1}, {25e3, 0.3}, {100e3, 0.1}},
	}
}

// binWidth is the frequency step between spectrum bins, in Hz.
func (c config) binWidth() float64 { return c.fs / float64(c.size) }

// span is the number of samples behind each spectrum.
func (c config) span() int { return (c.averages + 1) * c.size / 2 }

// check refuses tones the sample rate cannot represent, which would alias.
func (c config) check() error {
	for _, t := range c.tones {
		if math.Abs(t.freq) >= c.fs/2 {
			return fmt.Errorf("spectrum: tone at %g kHz needs a sample rate above %g kS/s", t.freq/1e3, 2*math.Abs(t.freq)/1e3)
		}
	}
	if c.items < uint64(c.span()) {
		return fmt.Errorf("spectrum: %d samples are fewer than the %d of one spectrum", c.items, c.span())
	}
	return nil
}

// measurement is what the graph measured.
type measurement struct {
	spectra [][]float32 // successive spectra in dB, DC in the middle
	average []float64   // their mean power, in dB
}

// measure builds the graph for c, runs it to the end and collects its spectra.
func measure(ctx context.Context, c config) (*measurement, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	g, snk, err := buildGraph(c)
	if err != nil {
		return nil, err
	}
	if err := g.Run(ctx); err != nil {
		return nil, err
	}
	items := snk.Items()
	m := &measurement{}
	for len(items) >= c.size {
		m.spectra = append(m.spectra, items[:c.size:c.size])
		items = items[c.size:]
	}
	if len(m.spectra) == 0 {
		return nil, errors.New("spectrum: the graph produced no spectrum")
	}
	m.average = averageDB(m.spectra)
	return m, nil
}

// buildGraph wires the tones and the noise into an adder, limits the sum
// with a head, and feeds it to a power spectrum whose vectors the returned
// sink collects.
func buildGraph(c config) (*flowgraph.Graph, *blocks.VectorSink[float32], error) {
	sum, err := blocks.NewAdd[complex64](len(c.tones) + 1)
	if err != nil {
		return nil, nil, err
	}
	ps, err := blocks.NewPowerSpectrum(c.size, blocks.PowerSpectrumOptions{
		Window: "blackman_harris", Averages: c.averages, DB: true, Shift: true,
	})
	if err != nil {
		return nil, nil, err
	}
	noise := blocks.NewNoiseSource[complex64](blocks.Gaussian, c.noise, 1)
	head := blocks.NewHead[complex64](c.items)
	snk := blocks.NewVectorSink[float32]()

	g := flowgraph.New()
	errs := []error{
		g.Add("noise", noise),
		g.Add("add", sum),
		g.Add("head", head),
		g.Add("power_spectrum", ps),
		g.Add("vector_sink", snk),
	}
	for i, t := range c.tones {
		src, err := blocks.NewSignalSource[complex64](blocks.SignalConfig{Waveform: blocks.Cosine, Frequency: t.freq, SampleRate: c.fs, Amplitude: t.ampl})
		if err != nil {
			return nil, nil, err
		}
		errs = append(errs,
			g.Add(fmt.Sprintf("tone%d", i), src),
			flowgraph.Connect(g, &src.Out, &sum.In[i]))
	}
	errs = append(errs,
		flowgraph.Connect(g, &noise.Out, &sum.In[len(c.tones)]),
		flowgraph.Connect(g, &sum.Out, &head.In),
		flowgraph.Connect(g, &head.Out, &ps.In),
		flowgraph.Connect(g, &ps.Out, &snk.In))
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	return g, snk, nil
}
