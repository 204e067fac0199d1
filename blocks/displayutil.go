package blocks

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks/internal/fft"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/display"
	"github.com/flowrun/flowrun/registry"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// What the display sinks (freq_sink, waterfall_sink, time_sink,
// constellation_sink, number_sink) share: they consume every item in every
// Work call and compute a frame only when one is due at their display rate,
// publishing it into a display.Latest slot that the web UI (package ui)
// reads; the graph never waits for a reader.

// displayItem is the item type of a display sink that takes real or complex items.
type displayItem interface{ float32 | complex64 }

// displayMaxRate bounds the frames per second of a display sink.
const displayMaxRate = 120

// displayRateParam is the "rate" parameter of every display sink.
func displayRateParam(def float64) registry.Param {
	return registry.Param{Name: "rate", Type: registry.ParamFloat, Default: def, Unit: "frames/s",
		Min: registry.Bound(0.1), Max: registry.Bound(displayMaxRate), Settable: true,
		Doc: "frames per second at most"}
}

// displayRateCheck refuses a frame rate outside (0, displayMaxRate].
func displayRateCheck(r float64) error {
	if !(r > 0 && r <= displayMaxRate) {
		return fmt.Errorf("rate %v: want frames per second in (0, %d]", r, displayMaxRate)
	}
	return nil
}

// displayClock decides when the next frame is due.
type displayClock struct {
	now  func() time.Time
	next time.Time
}

// due reports whether a frame is due now.
func (c *displayClock) due() bool { return !c.now().Before(c.next) }

// done schedules the next frame 1/rate after now.
func (c *displayClock) done(rate float64) {
	c.next = c.now().Add(time.Duration(float64(time.Second) / rate))
}

// displayToComplex writes src to dst as complex numbers (real items get a
// zero imaginary part).
func displayToComplex[T displayItem](dst []complex64, src []T) {
	switch s := any(src).(type) {
	case []complex64:
		copy(dst, s)
	case []float32:
		for i, v := range s {
			dst[i] = complex(v, 0)
		}
	}
}

// displaySpectrum computes power spectra of n items: windowed FFT, power
// per bin relative to a full-scale tone (a complex tone of amplitude 1 on a
// bin reads 1, 0 dB), DC in the middle, averaged and max-held across calls.
type displaySpectrum struct {
	n    int
	win  []float32
	gain float64 // 1/(Σw)²
	plan *fft.Plan
	buf  []complex64
	avg  []float64 // averaged power, bin order after the shift
	max  []float64 // max hold of avg, or nil
	have bool
}

// newDisplaySpectrum plans spectra of n items (a power of two ≥ 16) with
// the named window (signalWindows; Kaiser with β 6.76).
func newDisplaySpectrum(n int, windowName string) (*displaySpectrum, error) {
	if !signalPowerOfTwo(n) || n < 16 {
		return nil, fmt.Errorf("fft_size %d is not a power of two >= 16: %w", n, block.ErrBadParam)
	}
	w, err := signalWindow(windowName, n, 6.76)
	if err != nil {
		return nil, err
	}
	var sum float64
	for _, v := range w {
		sum += v
	}
	if sum == 0 {
		return nil, fmt.Errorf("window %q sums to zero: %w", windowName, block.ErrBadParam)
	}
	plan, err := fft.NewPlan(n)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", err, block.ErrBadParam)
	}
	s := &displaySpectrum{n: n, win: make([]float32, n), gain: 1 / (sum * sum), plan: plan,
		buf: make([]complex64, n), avg: make([]float64, n)}
	for i, v := range w {
		s.win[i] = float32(v)
	}
	return s, nil
}

// add transforms x (n items) and folds its power into the average with
// weight alpha in (0, 1] (1: no averaging); maxHold keeps the largest
// average of each bin (switching it off forgets them).
func (s *displaySpectrum) add(x []complex64, alpha float64, maxHold bool) {
	fftLoadComplex(s.buf, x[:s.n], s.win, 0)
	s.plan.Forward(s.buf, s.buf)
	h := s.n / 2
	for k, c := range s.buf {
		re, im := float64(real(c)), float64(imag(c))
		p := (re*re + im*im) * s.gain
		j := (k + h) & (s.n - 1)
		if s.have {
			p = alpha*p + (1-alpha)*s.avg[j]
		}
		s.avg[j] = p
	}
	s.have = true
	switch {
	case !maxHold:
		s.max = nil
	case s.max == nil:
		s.max = append([]float64(nil), s.avg...)
	default:
		for j, p := range s.avg {
			s.max[j] = max(s.max[j], p)
		}
	}
}

// frame returns the current spectrum, in dB if db.
func (s *displaySpectrum) frame(center, rate float64, db bool, ymin, ymax float64) *display.Spectrum {
	conv := func(p []float64) []float32 {
		out := make([]float32, len(p))
		for j, v := range p {
			if db {
				v = 10 * math.Log10(max(v, 1e-30))
			}
			out[j] = float32(v)
		}
		return out
	}
	f := &display.Spectrum{Center: center, Rate: rate, Power: conv(s.avg), DB: db, YMin: ymin, YMax: ymax}
	if s.max != nil {
		f.Max = conv(s.max)
	}
	return f
}

// displayCollector gathers n consecutive items once a frame is due.
type displayCollector struct {
	buf []complex64
	on  bool
}

// take appends the first items of in to the frame being gathered (starting
// one if start) and returns how many it took and whether the frame is
// complete.
func displayTake[T displayItem](c *displayCollector, n int, in []T, start bool) (took int, full bool) {
	if !c.on {
		if !start {
			return 0, false
		}
		c.on, c.buf = true, c.buf[:0]
	}
	took = min(n-len(c.buf), len(in))
	l := len(c.buf)
	c.buf = append(c.buf, make([]complex64, took)...)
	displayToComplex(c.buf[l:], in[:took])
	if len(c.buf) == n {
		c.on = false
		return took, true
	}
	return took, false
}

// displayTune applies the rx_freq and rx_rate tags among tags to the centre
// frequency and sample rate settings, as a radio source tags a retune.
func displayTune(tags []buffer.Tag, center, rate *block.Setting[float64]) {
	for _, t := range tags {
		switch t.Key {
		case sigmfRxFreq:
			if f, ok := sigmfNumber(t.Value); ok {
				_ = center.Set(f)
			}
		case sigmfRxRate:
			if f, ok := sigmfNumber(t.Value); ok && f > 0 {
				_ = rate.Set(f)
			}
		}
	}
}

// displayPNG writes images of a display sink: every period (if > 0) on a
// goroutine of its own, so that Work never waits for an encoder, and once
// more at the end of the run (Deinit).
type displayPNG struct {
	path  string
	every time.Duration
	next  time.Time
	busy  atomic.Bool
	wg    sync.WaitGroup
	mu    sync.Mutex // one writer at a time
	errMu sync.Mutex
	err   error // the first error of a periodic write, returned by close
	// snapshot captures, on Work's goroutine, what the image shows (nil:
	// nothing yet) and returns the function that draws it on the writer's.
	snapshot func() func() image.Image
}

// displayEvery parses the "every" parameter: "" means only at the end.
func displayEvery(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("every %q: want a positive duration such as 5s, or empty for the end of the run only: %w", s, block.ErrBadParam)
	}
	return d, nil
}

// displayPNGParams are the png and every parameters of the sinks that write images.
func displayPNGParams(what string) []registry.Param {
	return []registry.Param{
		{Name: "png", Type: registry.ParamString, Default: "", Doc: "write the " + what + " to this PNG file at the end of the run (empty: none)"},
		{Name: "every", Type: registry.ParamString, Default: "", Doc: "also write the PNG this often while running, e.g. 5s (empty: at the end only)"},
	}
}

// tick starts a periodic write when one is due and none is under way.
func (p *displayPNG) tick(now time.Time) {
	if p == nil || p.every <= 0 || now.Before(p.next) || p.busy.Load() {
		return
	}
	p.next = now.Add(p.every)
	draw := p.snapshot()
	if draw == nil {
		return
	}
	p.busy.Store(true)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer p.busy.Store(false)
		if err := p.write(draw()); err != nil {
			p.errMu.Lock()
			if p.err == nil {
				p.err = err
			}
			p.errMu.Unlock()
		}
	}()
}

// close waits for a periodic write and writes the final image.
func (p *displayPNG) close() error {
	if p == nil {
		return nil
	}
	p.wg.Wait()
	p.errMu.Lock()
	err := p.err
	p.errMu.Unlock()
	if err != nil {
		return err
	}
	if draw := p.snapshot(); draw != nil {
		return p.write(draw())
	}
	return nil
}

// write encodes img to a temporary file beside path and renames it over
// path, so that a viewer never sees a half-written image.
func (p *displayPNG) write(img image.Image) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	tmp, err := os.CreateTemp(filepath.Dir(p.path), ".flowrun-*.png")
	if err != nil {
		return fmt.Errorf("png: %w", err)
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(tmp, img); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("png %s: %w", p.path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("png %s: %w", p.path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp made it 0600
		os.Remove(tmp.Name())
		return fmt.Errorf("png: %w", err)
	}
	if err := os.Rename(tmp.Name(), p.path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("png: %w", err)
	}
	return nil
}

// displayColor maps v in [lo, hi] to the waterfall's colour scale (black,
// blue, cyan, yellow, red, white); the web UI draws with the same stops.
func displayColor(v, lo, hi float64) color.RGBA {
	stops := [...][3]float64{{0, 0, 0}, {0, 0, 160}, {0, 200, 220}, {240, 230, 0}, {230, 30, 0}, {255, 255, 255}}
	t := 0.0
	if hi > lo {
		t = (v - lo) / (hi - lo)
	}
	t = min(max(t, 0), 1) * float64(len(stops)-1)
	i := min(int(t), len(stops)-2)
	f := t - float64(i)
	var c [3]uint8
	for k := range c {
		c[k] = uint8(math.Round(stops[i][k] + f*(stops[i+1][k]-stops[i][k])))
	}
	return color.RGBA{c[0], c[1], c[2], 255}
}

// displayFreqUnit picks Hz, kHz, MHz or GHz for frequencies up to f.
func displayFreqUnit(f float64) (scale float64, unit string) {
	switch f = math.Abs(f); {
	case f >= 1e9:
		return 1e9, "GHz"
	case f >= 1e6:
		return 1e6, "MHz"
	case f >= 1e3:
		return 1e3, "kHz"
	}
	return 1, "Hz"
}

// displaySpectrumImage draws a spectrum (and its max hold) against
// frequency, 1000×500 pixels.
func displaySpectrumImage(f *display.Spectrum, title string) image.Image {
	n := len(f.Power)
	scale, unit := displayFreqUnit(max(math.Abs(f.Center-f.Rate/2), math.Abs(f.Center+f.Rate/2)))
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "frequency (" + unit + ")"
	p.Y.Label.Text = "power"
	if f.DB {
		p.Y.Label.Text = "power (dB)"
	}
	p.Add(plotter.NewGrid())
	line := func(v []float32, c color.Color) {
		xys := make(plotter.XYs, n)
		for k, y := range v {
			xys[k] = plotter.XY{X: (f.Center + float64(k-n/2)*f.Rate/float64(n)) / scale, Y: float64(y)}
		}
		if l, err := plotter.NewLine(xys); err == nil {
			l.Color = c
			p.Add(l)
		}
	}
	if f.Max != nil {
		line(f.Max, color.RGBA{200, 60, 40, 255})
	}
	line(f.Power, color.RGBA{20, 90, 200, 255})
	p.X.Min, p.X.Max = (f.Center-f.Rate/2)/scale, (f.Center+f.Rate/2)/scale
	if f.YMin < f.YMax {
		p.Y.Min, p.Y.Max = f.YMin, f.YMax
	}
	c := vgimg.NewWith(vgimg.UseImage(image.NewRGBA(image.Rect(0, 0, 1000, 500))))
	p.Draw(draw.New(c))
	return c.Image()
}

// displayWaterfallImage draws rows (oldest first) as lines of pixels,
// newest at the top, one pixel per bin, coloured over [lo, hi].
func displayWaterfallImage(rows [][]float32, lo, hi float64) image.Image {
	if len(rows) == 0 {
		return nil
	}
	w, h := len(rows[0]), len(rows)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for r, row := range rows {
		y := h - 1 - r
		for x := 0; x < w && x < len(row); x++ {
			img.SetRGBA(x, y, displayColor(float64(row[x]), lo, hi))
		}
	}
	return img
}
