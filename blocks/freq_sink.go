package blocks

import (
	"fmt"
	"image"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/display"
	"github.com/flowrun/flowrun/registry"
)

// FreqSinkOptions configure a FreqSink (and a WaterfallSink). The zero
// value of a field means its default.
type FreqSinkOptions struct {
	FFTSize    int     // bins, a power of two ≥ 16 (default 1024)
	Window     string  // signalWindows name (default "blackman_harris")
	SampleRate float64 // Hz: the span of the x axis (default 1)
	CenterFreq float64 // Hz at the middle of the x axis
	Average    float64 // weight in (0, 1] of each new spectrum in the running average (default 1: none)
	MaxHold    bool    // also show each bin's largest value
	Linear     bool    // power instead of dB
	YMin, YMax float64 // display range of the y axis; YMin ≥ YMax: the spectrum display scales itself (a waterfall's colour scale: see NewWaterfallSink)
	Rate       float64 // frames per second at most (default 30)
	PNG        string  // write the display to this PNG file at the end of the run ("": none)
	Every      time.Duration
}

// withDefaults fills in the zero fields.
func (o FreqSinkOptions) withDefaults() FreqSinkOptions {
	if o.FFTSize == 0 {
		o.FFTSize = 1024
	}
	if o.Window == "" {
		o.Window = "blackman_harris"
	}
	if o.SampleRate == 0 {
		o.SampleRate = 1
	}
	if o.Average == 0 {
		o.Average = 1
	}
	if o.Rate == 0 {
		o.Rate = 30
	}
	return o
}

// FreqSink shows the power spectrum of its input (GNU Radio's QT GUI
// frequency sink) in the web UI (flowrun run --ui, package ui), or writes
// it to a PNG file. It never slows the graph: Work consumes every item and,
// when a frame is due at the display rate, transforms the next fft_size
// items; frames no reader took are counted (display.Frame.Dropped).
//
// The power of bin k is |X[k]|²/(Σw)² with the window w: a complex tone
// of amplitude 1 reads 0 dB on its bin (a real cosine −6 dB on each of its
// two bins). Bins run from center_freq − sample_rate/2 to just below
// center_freq + sample_rate/2, DC in the middle.
//
// # Stream Inputs
//
//   - In: complex64 or float32 items, all consumed.
//
// # Parameters
//
//   - fft_size, window: the transform.
//   - sample_rate, center_freq (Hz, settable): the x axis; an rx_rate or
//     rx_freq tag (as a radio source sends on a retune) sets them.
//   - average (settable): the weight of each new spectrum in a running
//     average, 1 for none.
//   - max_hold, db (settable): also show each bin's maximum; dB or linear power.
//   - y_min, y_max (settable): the display range.
//   - rate (frames/s, settable).
//   - png, every: write the spectrum as a PNG image at the end of the run
//     and, if every is set, that often while it runs.
//
// # Tags
//
// rx_freq and rx_rate are applied as above; other tags are ignored.
//
// # Usage
//
//	snk, err := blocks.NewFreqSink[complex64](blocks.FreqSinkOptions{FFTSize: 2048, SampleRate: 2.4e6, CenterFreq: 100e6})
//	g.Add("spectrum", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
//	// while g.Run runs: snk.Frame(0) has the newest *display.Spectrum
type FreqSink[T displayItem] struct {
	In         block.In[T]
	SampleRate block.Setting[float64] `param:"sample_rate"` // Hz
	CenterFreq block.Setting[float64] `param:"center_freq"` // Hz
	Average    block.Setting[float64] // weight of a new spectrum in the average, (0, 1]
	MaxHold    block.Setting[bool]    `param:"max_hold"`
	DB         block.Setting[bool]    `param:"db"`
	YMin       block.Setting[float64] `param:"y_min"`
	YMax       block.Setting[float64] `param:"y_max"`
	Rate       block.Setting[float64] // frames per second at most

	spec   *displaySpectrum
	col    displayCollector
	clock  displayClock
	latest display.Latest
	last   *display.Spectrum // the newest frame, for the PNG
	png    *displayPNG
}

// NewFreqSink returns a spectrum display; errors wrap block.ErrBadParam.
func NewFreqSink[T displayItem](o FreqSinkOptions) (*FreqSink[T], error) {
	o = o.withDefaults()
	spec, err := newDisplaySpectrum(o.FFTSize, o.Window)
	if err != nil {
		return nil, fmt.Errorf("freq_sink: %w", err)
	}
	s := &FreqSink[T]{spec: spec, clock: displayClock{now: time.Now}}
	if err := displaySpectrumSettings(&s.SampleRate, &s.Average, &s.Rate, o); err != nil {
		return nil, fmt.Errorf("freq_sink: %w", err)
	}
	_ = s.CenterFreq.Set(o.CenterFreq)
	_ = s.MaxHold.Set(o.MaxHold)
	_ = s.DB.Set(!o.Linear)
	_ = s.YMin.Set(o.YMin)
	_ = s.YMax.Set(o.YMax)
	s.In.SetMinItems(1)
	if o.PNG != "" {
		s.png = &displayPNG{path: o.PNG, every: o.Every, snapshot: s.snapshot}
	}
	return s, nil
}

// displaySpectrumSettings sets the checked settings that freq_sink and
// waterfall_sink share.
func displaySpectrumSettings(rate, average, frames *block.Setting[float64], o FreqSinkOptions) error {
	rate.SetCheck(func(r float64) error {
		if !(r > 0) {
			return fmt.Errorf("sample_rate %v: want > 0", r)
		}
		return nil
	})
	average.SetCheck(func(a float64) error {
		if !(a > 0 && a <= 1) {
			return fmt.Errorf("average %v: want a weight in (0, 1]", a)
		}
		return nil
	})
	frames.SetCheck(displayRateCheck)
	for _, s := range []struct {
		set *block.Setting[float64]
		v   float64
	}{{rate, o.SampleRate}, {average, o.Average}, {frames, o.Rate}} {
		if err := s.set.Set(s.v); err != nil {
			return err
		}
	}
	return nil
}

// DisplayKind implements display.Sink: display.KindSpectrum.
func (s *FreqSink[T]) DisplayKind() string { return display.KindSpectrum }

// Frame implements display.Sink: the newest *display.Spectrum.
func (s *FreqSink[T]) Frame(after uint64) *display.Frame { return s.latest.Frame(after) }

// Work implements block.Block.
func (s *FreqSink[T]) Work(*block.IO) error {
	in := s.In.Slice()
	if len(in) == 0 {
		return s.In.Idle()
	}
	displayTune(s.In.Tags(), &s.CenterFreq, &s.SampleRate)
	start := !s.col.on && s.clock.due()
	if _, full := displayTake(&s.col, s.spec.n, in, start); full {
		s.spec.add(s.col.buf, s.Average.Get(), s.MaxHold.Get())
		s.last = s.spec.frame(s.CenterFreq.Get(), s.SampleRate.Get(), s.DB.Get(), s.YMin.Get(), s.YMax.Get())
		s.latest.Publish(s.last)
		s.clock.done(s.Rate.Get())
		if s.png != nil {
			s.png.tick(s.clock.now())
		}
	}
	s.In.Consume(len(in))
	return nil
}

// Deinit writes the PNG, if asked for.
func (s *FreqSink[T]) Deinit() error {
	if err := s.png.close(); err != nil {
		return fmt.Errorf("freq_sink: %w", err)
	}
	return nil
}

// snapshot returns the drawing of the newest spectrum (an immutable
// frame), or nil before the first.
func (s *FreqSink[T]) snapshot() func() image.Image {
	f, title := s.last, fmt.Sprintf("spectrum, %d bins", s.spec.n)
	if f == nil {
		return nil
	}
	return func() image.Image { return displaySpectrumImage(f, title) }
}

// freqSinkOptions reads the options freq_sink and waterfall_sink share.
func freqSinkOptions(p registry.Params) (FreqSinkOptions, error) {
	every, err := displayEvery(p.String("every"))
	if err != nil {
		return FreqSinkOptions{}, err
	}
	o := FreqSinkOptions{FFTSize: p.Int("fft_size"), Window: p.String("window"), SampleRate: p.Float("sample_rate"),
		CenterFreq: p.Float("center_freq"), Rate: p.Float("rate"), PNG: p.String("png"), Every: every}
	if _, ok := p["average"]; ok {
		o.Average, o.MaxHold, o.Linear = p.Float("average"), p.Bool("max_hold"), !p.Bool("db")
		o.YMin, o.YMax = p.Float("y_min"), p.Float("y_max")
	}
	return o, nil
}

// displayFFTParams are the parameters freq_sink and waterfall_sink share.
func displayFFTParams() []registry.Param {
	return []registry.Param{
		typeParam(TypeComplex64, TypeComplex64, TypeFloat32),
		{Name: "fft_size", Type: registry.ParamInt, Default: 1024, Unit: "bins", Min: registry.Bound(16), Max: registry.Bound(1 << 16),
			Doc: "FFT length, a power of two"},
		{Name: "window", Type: registry.ParamString, Default: "blackman_harris", Allowed: signalWindows, Doc: "window of each transform"},
		{Name: "sample_rate", Type: registry.ParamFloat, Default: 1.0, Unit: "Hz", Min: registry.Bound(1e-9), Max: registry.Bound(1e12), Settable: true,
			Doc: "span of the frequency axis (an rx_rate tag sets it)"},
		{Name: "center_freq", Type: registry.ParamFloat, Default: 0.0, Unit: "Hz", Min: registry.Bound(-1e12), Max: registry.Bound(1e12), Settable: true,
			Doc: "frequency at the middle of the axis (an rx_freq tag sets it)"},
	}
}

// freqSinkSpec is the registry entry of freq_sink.
func freqSinkSpec() registry.Spec {
	params := append(displayFFTParams(),
		registry.Param{Name: "average", Type: registry.ParamFloat, Default: 1.0, Min: registry.Bound(0.001), Max: registry.Bound(1), Settable: true,
			Doc: "weight of each new spectrum in the running average (1: no averaging)"},
		registry.Param{Name: "max_hold", Type: registry.ParamBool, Default: false, Settable: true, Doc: "also show each bin's maximum"},
		registry.Param{Name: "db", Type: registry.ParamBool, Default: true, Settable: true, Doc: "power in dB (else linear)"},
		registry.Param{Name: "y_min", Type: registry.ParamFloat, Default: -140.0, Min: registry.Bound(-400), Max: registry.Bound(400), Settable: true,
			Doc: "bottom of the y axis"},
		registry.Param{Name: "y_max", Type: registry.ParamFloat, Default: 10.0, Min: registry.Bound(-400), Max: registry.Bound(400), Settable: true,
			Doc: "top of the y axis"},
		displayRateParam(30))
	params = append(params, displayPNGParams("spectrum")...)
	return registry.Spec{
		ID:     "freq_sink",
		Doc:    "spectrum display for the web UI (flowrun run --ui) or a PNG file; never slows the graph",
		Params: params,
		New: func(p registry.Params) (block.Block, error) {
			o, err := freqSinkOptions(p)
			if err != nil {
				return nil, fmt.Errorf("freq_sink: %w", err)
			}
			if p.String("type") == TypeFloat32 {
				return asBlock(NewFreqSink[float32](o))
			}
			return asBlock(NewFreqSink[complex64](o))
		},
	}
}
