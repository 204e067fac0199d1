// Package display is the contract between the blocks that show a stream
// (the display sinks of package blocks: freq_sink, waterfall_sink,
// time_sink, constellation_sink, number_sink) and what shows them: the web
// UI of package ui, or a program of yours.
//
// A display sink never slows its graph: its Work consumes every item and,
// at most at its display rate, publishes a new frame into a Latest slot,
// replacing the one before. A reader (on any goroutine) takes the newest
// frame with Frame; frames replaced before anyone took them are counted as
// dropped. Frames are immutable once published.
package display

import "sync"

// Sink is a block that shows its input. The web UI finds the display sinks
// of a graph by walking its blocks and keeping those that implement Sink.
type Sink interface {
	// DisplayKind names the kind of frame the sink publishes: KindSpectrum,
	// KindWaterfall, KindTime, KindConstellation or KindNumber.
	DisplayKind() string
	// Frame returns the newest frame if its Seq is greater than after,
	// else nil. It never waits for Work; it is safe on any goroutine.
	Frame(after uint64) *Frame
}

// Kinds of display, and the type of Frame.Data each publishes.
const (
	KindSpectrum      = "spectrum"      // *Spectrum
	KindWaterfall     = "waterfall"     // *Spectrum, one row per frame
	KindTime          = "time"          // *Time
	KindConstellation = "constellation" // *Constellation
	KindNumber        = "number"        // *Number
)

// Frame is one published frame of a display sink.
type Frame struct {
	Seq     uint64 // 1 for the first frame, one more for each next
	Dropped uint64 // frames replaced before anyone took them, up to this one
	Data    any    // the kind's type: *Spectrum, *Time, *Constellation or *Number
}

// Spectrum is a power spectrum (freq_sink) or one row of a waterfall
// (waterfall_sink), with DC in the middle: bin k of n is at frequency
// Center + (k − n/2)·Rate/n Hz.
type Spectrum struct {
	Center float64   // Hz at bin n/2
	Rate   float64   // the sample rate in Hz: the span of the n bins
	Power  []float32 // per bin: dB (10·log10 of the power) if DB, else the power
	Max    []float32 // the max hold of Power since it was switched on, or nil
	DB     bool
	YMin   float64 // the display range of Power (a waterfall's colour scale);
	YMax   float64 // YMin ≥ YMax: a spectrum display picks the range from the data
}

// Time is a stretch of a stream (time_sink), real or complex.
type Time struct {
	Rate    float64   // items per second
	Re      []float32 // the items, or their real parts (I)
	Im      []float32 // the imaginary parts (Q) of complex items; nil for real ones
	Trigger int       // the index in Re of the item that triggered the frame; -1 without trigger
	Tags    []Tag     // the tags on the frame's items
}

// Tag is a stream tag on item Index of a Time frame.
type Tag struct {
	Index int
	Key   string
	Value string // the value as text
}

// Constellation is a set of complex points (constellation_sink).
type Constellation struct {
	Points []complex64
}

// Number is one value (number_sink): the mean of the items the sink
// received since its last frame.
type Number struct {
	Value    float64
	Unit     string
	Min, Max float64 // the range of the display's bar
}

// Latest holds the newest frame of a display sink. The zero value is
// empty and ready to use; it must not be copied once used.
type Latest struct {
	mu      sync.Mutex
	f       *Frame
	taken   bool
	dropped uint64
}

// Publish makes data the newest frame, replacing the one before, which
// counts as dropped if no Frame call took it.
func (l *Latest) Publish(data any) {
	l.mu.Lock()
	var seq uint64 = 1
	if l.f != nil {
		seq = l.f.Seq + 1
		if !l.taken {
			l.dropped++
		}
	}
	l.f = &Frame{Seq: seq, Dropped: l.dropped, Data: data}
	l.taken = false
	l.mu.Unlock()
}

// Frame returns the newest frame if its Seq is greater than after, else nil.
func (l *Latest) Frame(after uint64) *Frame {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil || l.f.Seq <= after {
		return nil
	}
	l.taken = true
	return l.f
}

// Dropped returns the number of frames replaced before anyone took them.
func (l *Latest) Dropped() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dropped
}
