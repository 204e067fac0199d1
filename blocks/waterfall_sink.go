package blocks

import (
	"fmt"
	"image"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/display"
	"github.com/flowrun/flowrun/registry"
)

// WaterfallSink shows the power spectrum of its input over time, one row
// of fft_size bins per frame, newest on top (GNU Radio's QT GUI waterfall
// sink), in the web UI (flowrun run --ui, package ui), or writes the last
// rows to a PNG file. It never slows the graph: Work consumes every item
// and, when a row is due at the display rate, transforms the next fft_size
// items; rows no reader took are counted (display.Frame.Dropped).
//
// Rows are in dB as FreqSink computes them (a complex tone of amplitude 1
// reads 0 dB on its bin), DC in the middle.
//
// # Stream Inputs
//
//   - In: complex64 or float32 items, all consumed.
//
// # Parameters
//
//   - fft_size, window: the transform.
//   - sample_rate, center_freq (Hz, settable): the x axis; an rx_rate or
//     rx_freq tag sets them.
//   - min_db, max_db (settable): the colour scale.
//   - rate (rows/s, settable).
//   - history: rows kept for the PNG.
//   - png, every: write the last history rows as a PNG image (one pixel
//     per bin and row, newest on top) at the end of the run and, if every
//     is set, that often while it runs.
//
// # Tags
//
// rx_freq and rx_rate are applied as above; other tags are ignored.
//
// # Usage
//
//	wf, err := blocks.NewWaterfallSink[complex64](blocks.FreqSinkOptions{FFTSize: 2048, SampleRate: 240e3, YMin: -120, YMax: 0}, 256)
//	g.Add("waterfall", wf)
//	flowgraph.Connect(g, &src.Out, &wf.In)
type WaterfallSink[T displayItem] struct {
	In         block.In[T]
	SampleRate block.Setting[float64] `param:"sample_rate"` // Hz
	CenterFreq block.Setting[float64] `param:"center_freq"` // Hz
	MinDB      block.Setting[float64] `param:"min_db"`
	MaxDB      block.Setting[float64] `param:"max_db"`
	Rate       block.Setting[float64] // rows per second at most

	spec    *displaySpectrum
	col     displayCollector
	clock   displayClock
	latest  display.Latest
	history int
	rows    [][]float32 // the last history rows, oldest first, for the PNG
	png     *displayPNG
}

// NewWaterfallSink returns a waterfall display keeping history rows (≥ 1)
// for its PNG; of o it uses FFTSize, Window, SampleRate, CenterFreq, Rate,
// PNG and Every, and YMin and YMax as the colour scale in dB (−120 to 0 if
// YMin ≥ YMax). Errors wrap block.ErrBadParam.
func NewWaterfallSink[T displayItem](o FreqSinkOptions, history int) (*WaterfallSink[T], error) {
	o = o.withDefaults()
	o.Average = 1
	if o.YMin >= o.YMax {
		o.YMin, o.YMax = -120, 0
	}
	spec, err := newDisplaySpectrum(o.FFTSize, o.Window)
	if err != nil {
		return nil, fmt.Errorf("waterfall_sink: %w", err)
	}
	if history < 1 {
		return nil, fmt.Errorf("waterfall_sink: history %d < 1: %w", history, block.ErrBadParam)
	}
	s := &WaterfallSink[T]{spec: spec, clock: displayClock{now: time.Now}, history: history}
	var average block.Setting[float64]
	if err := displaySpectrumSettings(&s.SampleRate, &average, &s.Rate, o); err != nil {
		return nil, fmt.Errorf("waterfall_sink: %w", err)
	}
	_ = s.CenterFreq.Set(o.CenterFreq)
	_ = s.MinDB.Set(o.YMin)
	_ = s.MaxDB.Set(o.YMax)
	s.In.SetMinItems(1)
	if o.PNG != "" {
		s.png = &displayPNG{path: o.PNG, every: o.Every, snapshot: s.snapshot}
	}
	return s, nil
}

// DisplayKind implements display.Sink: display.KindWaterfall.
func (s *WaterfallSink[T]) DisplayKind() string { return display.KindWaterfall }

// Frame implements display.Sink: the newest row, a *display.Spectrum.
func (s *WaterfallSink[T]) Frame(after uint64) *display.Frame { return s.latest.Frame(after) }

// Work implements block.Block.
func (s *WaterfallSink[T]) Work(*block.IO) error {
	in := s.In.Slice()
	if len(in) == 0 {
		return s.In.Idle()
	}
	displayTune(s.In.Tags(), &s.CenterFreq, &s.SampleRate)
	start := !s.col.on && s.clock.due()
	if _, full := displayTake(&s.col, s.spec.n, in, start); full {
		s.spec.add(s.col.buf, 1, false)
		row := s.spec.frame(s.CenterFreq.Get(), s.SampleRate.Get(), true, s.MinDB.Get(), s.MaxDB.Get())
		s.latest.Publish(row)
		if len(s.rows) == s.history {
			s.rows = append(s.rows[:0:0], s.rows[1:]...) // a new slice: a PNG writer may hold the old one
		}
		s.rows = append(s.rows, row.Power)
		s.clock.done(s.Rate.Get())
		if s.png != nil {
			s.png.tick(s.clock.now())
		}
	}
	s.In.Consume(len(in))
	return nil
}

// Rows returns the last rows (up to history), oldest first, each in dB with
// DC in the middle. Call it only when the graph is not running.
func (s *WaterfallSink[T]) Rows() [][]float32 { return append([][]float32(nil), s.rows...) }

// Deinit writes the PNG, if asked for.
func (s *WaterfallSink[T]) Deinit() error {
	if err := s.png.close(); err != nil {
		return fmt.Errorf("waterfall_sink: %w", err)
	}
	return nil
}

// snapshot returns the drawing of the rows kept (rows are never changed
// once kept, and s.rows is replaced, not shifted, when full), or nil before
// the first.
func (s *WaterfallSink[T]) snapshot() func() image.Image {
	rows, lo, hi := s.rows, s.MinDB.Get(), s.MaxDB.Get()
	if len(rows) == 0 {
		return nil
	}
	return func() image.Image { return displayWaterfallImage(rows, lo, hi) }
}

// waterfallSinkSpec is the registry entry of waterfall_sink.
func waterfallSinkSpec() registry.Spec {
	params := append(displayFFTParams(),
		registry.Param{Name: "min_db", Type: registry.ParamFloat, Default: -120.0, Unit: "dB", Min: registry.Bound(-400), Max: registry.Bound(400), Settable: true,
			Doc: "power at the bottom of the colour scale"},
		registry.Param{Name: "max_db", Type: registry.ParamFloat, Default: 0.0, Unit: "dB", Min: registry.Bound(-400), Max: registry.Bound(400), Settable: true,
			Doc: "power at the top of the colour scale"},
		displayRateParam(30),
		registry.Param{Name: "history", Type: registry.ParamInt, Default: 256, Unit: "rows", Min: registry.Bound(1), Max: registry.Bound(8192),
			Doc: "rows kept for the PNG"})
	params = append(params, displayPNGParams("waterfall")...)
	return registry.Spec{
		ID:     "waterfall_sink",
		Doc:    "waterfall (spectrum over time) display for the web UI (flowrun run --ui) or a PNG file; never slows the graph",
		Params: params,
		New: func(p registry.Params) (block.Block, error) {
			o, err := freqSinkOptions(p)
			if err != nil {
				return nil, fmt.Errorf("waterfall_sink: %w", err)
			}
			o.YMin, o.YMax = p.Float("min_db"), p.Float("max_db")
			if p.String("type") == TypeFloat32 {
				return asBlock(NewWaterfallSink[float32](o, p.Int("history")))
			}
			return asBlock(NewWaterfallSink[complex64](o, p.Int("history")))
		},
	}
}
