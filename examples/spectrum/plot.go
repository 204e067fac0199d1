package main

import (
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Sizes of the images in pixels.
const (
	spectrumWidth, spectrumHeight   = 1200, 600
	waterfallWidth, waterfallHeight = 1200, 800
	colorBarWidth                   = 110
)

// canvas returns a white canvas of w×h pixels at the default 96 dpi.
func canvas(w, h int) *vgimg.Canvas {
	return vgimg.NewWith(vgimg.UseImage(image.NewRGBA(image.Rect(0, 0, w, h))))
}

// margin is the blank border around each plot.
const margin = 6 * vg.Millimeter / 4

// drawArea returns c with a blank margin inside its border.
func drawArea(c *vgimg.Canvas) draw.Canvas {
	return draw.Crop(draw.New(c), margin, -margin, margin, -margin)
}

// savePNG writes the image of c to path.
func savePNG(path string, c *vgimg.Canvas) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	// Noise hardly compresses: trade a little size for a lot of time.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(f, c.Image()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// frequencyAxis labels p's x axis in kHz from -fs/2 to fs/2.
func frequencyAxis(p *plot.Plot, c config) {
	p.X.Label.Text = "frequency (kHz)"
	p.X.Min, p.X.Max = -c.fs/2e3, c.fs/2e3
	p.X.Tick.Marker = roundTicks{}
}

// roundTicks labels about ten round values (steps of 1, 2, 2.5 or 5
// times a power of ten) and puts four minor ticks between them.
type roundTicks struct{}

// Ticks implements plot.Ticker.
func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return nil
	}
	decade := math.Pow(10, math.Floor(math.Log10(hi-lo)))
	step := decade
	for _, m := range []float64{0.1, 0.2, 0.25, 0.5, 1} {
		if step = m * decade; (hi-lo)/step <= 10 {
			break
		}
	}
	var ticks []plot.Tick
	for i := math.Ceil(lo / step * 5); i*step/5 <= hi; i++ {
		t := plot.Tick{Value: i * step / 5}
		if math.Mod(i, 5) == 0 {
			t.Label = fmt.Sprintf("%g", t.Value)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// plotSpectrum draws the averaged spectrum in dB with the peaks marked.
func plotSpectrum(path string, c config, m *measurement, peaks []peak) error {
	db := m.average
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Power spectrum, %d bins of %.0f Hz, Blackman-Harris window, mean of %d×%d FFTs",
		c.size, c.binWidth(), len(m.spectra), c.averages)
	frequencyAxis(p, c)
	p.Y.Label.Text = "power (dB)"
	p.Y.Tick.Marker = roundTicks{}
	p.Add(plotter.NewGrid())

	xys := make(plotter.XYs, len(db))
	for k, v := range db {
		xys[k] = plotter.XY{X: binFreq(float64(k), len(db), c.fs) / 1e3, Y: v}
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	p.Add(line)

	marks := plotter.XYLabels{XYs: make(plotter.XYs, len(peaks)), Labels: make([]string, len(peaks))}
	for i, pk := range peaks {
		marks.XYs[i] = plotter.XY{X: pk.freq / 1e3, Y: pk.db}
		marks.Labels[i] = fmt.Sprintf("%+.2f kHz\n%.1f dB", pk.freq/1e3, pk.db)
	}
	dots, err := plotter.NewScatter(marks.XYs)
	if err != nil {
		return err
	}
	dots.GlyphStyle.Shape = draw.RingGlyph{}
	dots.GlyphStyle.Radius = vg.Points(5)
	labels, err := plotter.NewLabels(marks)
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].XAlign = text.XCenter
	}
	labels.Offset = vg.Point{Y: vg.Points(8)}
	p.Add(dots, labels)
	sorted := slices.Sorted(slices.Values(db))
	p.Y.Min = sorted[len(sorted)/2] - 10 // the noise floor, with room below
	p.Y.Max = sorted[len(sorted)-1] + 15 // room for the labels

	cv := canvas(spectrumWidth, spectrumHeight)
	p.Draw(drawArea(cv))
	return savePNG(path, cv)
}

// waterfallGrid is a plotter.GridXYZ of successive spectra: column k is
// bin k in kHz, row r is spectrum r at its time in ms.
type waterfallGrid struct {
	spectra [][]float32
	c       config
}

func (g waterfallGrid) Dims() (c, r int)   { return len(g.spectra[0]), len(g.spectra) }
func (g waterfallGrid) Z(c, r int) float64 { return float64(g.spectra[r][c]) }
func (g waterfallGrid) X(c int) float64 {
	return binFreq(float64(c), len(g.spectra[0]), g.c.fs) / 1e3
}
func (g waterfallGrid) Y(r int) float64 {
	return (float64(r) + 0.5) * float64(g.c.span()) / g.c.fs * 1e3
}

// plotWaterfall draws the spectra as a heat map, time upwards, with a
// colour bar in dB on the right.
func plotWaterfall(path string, c config, spectra [][]float32) error {
	// Colour from a little below the noise floor to the strongest bin.
	var all []float64
	for _, s := range spectra {
		for _, v := range s {
			all = append(all, float64(v))
		}
	}
	slices.Sort(all)
	lo, hi := all[len(all)/2]-10, all[len(all)-1]

	cm := moreland.ExtendedBlackBody()
	cm.SetMin(lo)
	cm.SetMax(hi)
	pal := cm.Palette(256)
	colors := pal.Colors()

	grid := waterfallGrid{spectra: spectra, c: c}
	hm := plotter.NewHeatMap(grid, pal)
	hm.Min, hm.Max = lo, hi
	hm.Underflow, hm.Overflow = colors[0], colors[len(colors)-1]
	hm.Rasterized = true

	p := plot.New()
	p.Title.Text = fmt.Sprintf("Waterfall: %d spectra of %d bins, one every %.2f ms", len(spectra), c.size, float64(c.span())/c.fs*1e3)
	p.Add(hm)
	frequencyAxis(p, c) // after Add, which widens the axis by half a bin
	p.Y.Label.Text = "time (ms)"
	p.Y.Tick.Marker = roundTicks{}
	p.Y.Min, p.Y.Max = 0, float64(len(spectra)*c.span())/c.fs*1e3

	bar := plot.New()
	bar.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true})
	bar.HideX()
	bar.Y.Label.Text = "power (dB)"
	bar.Y.Padding = 0
	bar.Y.Tick.Marker = roundTicks{}

	cv := canvas(waterfallWidth, waterfallHeight)
	dc := drawArea(cv)
	barWidth := vg.Length(colorBarWidth) * vg.Inch / vgimg.DefaultDPI
	left := draw.Crop(dc, 0, -barWidth, 0, 0)
	p.Draw(left)
	// Give the bar the vertical extent of the heat map.
	data := p.DataCanvas(left)
	right := draw.Crop(dc, dc.Max.X-dc.Min.X-barWidth, 0, 0, 0)
	barData := bar.DataCanvas(right)
	right = draw.Crop(right, 0, 0, data.Min.Y-barData.Min.Y, data.Max.Y-barData.Max.Y)
	bar.Draw(right)
	return savePNG(path, cv)
}
