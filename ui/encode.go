package ui

import (
	"encoding/binary"
	"math"

	"github.com/flowrun/flowrun/display"
)

// Limits of what a frame sends to a browser.
const (
	// MaxBins is the most bins a spectrum or waterfall row sends: a larger
	// spectrum is reduced by keeping the largest of each group of bins, so
	// that peaks stay.
	MaxBins = 2048
	// MaxPoints is the most items a scope trace or a constellation sends:
	// a longer one is reduced by keeping every k-th item.
	MaxPoints = 4096
)

// frameMsg is a display frame as a WebSocket message.
type frameMsg struct {
	Type    string `json:"t"` // "frame"
	Block   string `json:"block"`
	Kind    string `json:"kind"`
	Seq     uint64 `json:"seq"`
	Dropped uint64 `json:"dropped"`
	Data    any    `json:"data"`
}

// quant is a series of numbers quantised to 16 bits over [Lo, Hi]: item
// i is Lo + (Q[i] + 32768)·(Hi − Lo)/65535, Q little-endian int16 in base64
// (the JSON encoding of a []byte).
type quant struct {
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
	Q  []byte  `json:"q"`
}

// quantise encodes v over its own range; non-finite values become Lo.
func quantise(v []float32) *quant {
	if v == nil {
		return nil
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if f := float64(x); !math.IsNaN(f) && !math.IsInf(f, 0) {
			lo, hi = min(lo, f), max(hi, f)
		}
	}
	if lo > hi {
		lo, hi = 0, 0
	}
	q := &quant{Lo: lo, Hi: hi, Q: make([]byte, 2*len(v))}
	scale := 0.0
	if hi > lo {
		scale = 65535 / (hi - lo)
	}
	for i, x := range v {
		f := float64(x)
		k := 0.0
		if !math.IsNaN(f) && !math.IsInf(f, 0) {
			k = math.Round((f - lo) * scale)
		}
		binary.LittleEndian.PutUint16(q.Q[2*i:], uint16(int16(int(k)-32768)))
	}
	return q
}

// maxPool returns v reduced to at most n values, each the largest of a
// group of len(v)/n (len(v) a multiple of n when larger, as powers of two are).
func maxPool(v []float32, n int) []float32 {
	if v == nil || len(v) <= n {
		return v
	}
	k := (len(v) + n - 1) / n
	out := make([]float32, 0, n)
	for i := 0; i < len(v); i += k {
		m := v[i]
		for _, x := range v[i+1 : min(i+k, len(v))] {
			m = max(m, x)
		}
		out = append(out, m)
	}
	return out
}

// stride returns every k-th value of v, k the least that leaves at most n.
func stride(v []float32, k int) []float32 {
	if v == nil || k <= 1 {
		return v
	}
	out := make([]float32, 0, (len(v)+k-1)/k)
	for i := 0; i < len(v); i += k {
		out = append(out, v[i])
	}
	return out
}

type spectrumMsg struct {
	Center float64 `json:"center"`
	Rate   float64 `json:"rate"`
	Bins   int     `json:"bins"` // of the FFT, before reduction
	DB     bool    `json:"db"`
	YMin   float64 `json:"ymin"`
	YMax   float64 `json:"ymax"`
	Power  *quant  `json:"power"`
	Max    *quant  `json:"max,omitempty"`
}

type timeMsg struct {
	Rate    float64       `json:"rate"` // items per second of the stream
	Step    int           `json:"step"` // items of the stream between two points sent
	Trigger int           `json:"trig"` // point index of the trigger, or -1
	Re      *quant        `json:"re"`
	Im      *quant        `json:"im,omitempty"`
	Tags    []display.Tag `json:"tags"`
}

type constellationMsg struct {
	Re *quant `json:"re"`
	Im *quant `json:"im"`
}

// encodeFrame makes the WebSocket message of a frame of a kind of sink.
func encodeFrame(block, kind string, f *display.Frame) frameMsg {
	m := frameMsg{Type: "frame", Block: block, Kind: kind, Seq: f.Seq, Dropped: f.Dropped}
	switch d := f.Data.(type) {
	case *display.Spectrum:
		m.Data = spectrumMsg{Center: d.Center, Rate: d.Rate, Bins: len(d.Power), DB: d.DB, YMin: d.YMin, YMax: d.YMax,
			Power: quantise(maxPool(d.Power, MaxBins)), Max: quantise(maxPool(d.Max, MaxBins))}
	case *display.Time:
		k := (len(d.Re) + MaxPoints - 1) / MaxPoints
		trig := d.Trigger
		if trig >= 0 {
			trig /= max(k, 1)
		}
		tags := make([]display.Tag, len(d.Tags))
		for i, t := range d.Tags {
			t.Index /= max(k, 1)
			tags[i] = t
		}
		m.Data = timeMsg{Rate: d.Rate, Step: max(k, 1), Trigger: trig, Re: quantise(stride(d.Re, k)), Im: quantise(stride(d.Im, k)), Tags: tags}
	case *display.Constellation:
		k := (len(d.Points) + MaxPoints - 1) / MaxPoints
		var re, im []float32
		for i := 0; i < len(d.Points); i += max(k, 1) {
			re, im = append(re, real(d.Points[i])), append(im, imag(d.Points[i]))
		}
		m.Data = constellationMsg{Re: quantise(re), Im: quantise(im)}
	default:
		m.Data = d // *display.Number and others: as they are
	}
	return m
}
