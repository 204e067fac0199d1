package blocks

import (
	"fmt"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/display"
	"github.com/flowrun/flowrun/registry"
)

// ConstellationSink shows complex items as points in the I/Q plane (GNU
// Radio's QT GUI constellation sink) in the web UI (flowrun run --ui,
// package ui). It never slows the graph: Work consumes every item and,
// when a frame is due at the display rate, takes the next points items as
// the frame.
//
// # Stream Inputs
//
//   - In: complex64 items, all consumed.
//
// # Parameters
//
//   - points: items per frame.
//   - rate (frames/s, settable).
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	cs, err := blocks.NewConstellationSink(1024)
//	g.Add("constellation", cs)
//	flowgraph.Connect(g, &symbols.Out, &cs.In)
type ConstellationSink struct {
	In   block.In[complex64]
	Rate block.Setting[float64] // frames per second at most

	points int
	col    displayCollector
	clock  displayClock
	latest display.Latest
}

// NewConstellationSink returns a constellation display of points items per
// frame (≥ 1); errors wrap block.ErrBadParam.
func NewConstellationSink(points int) (*ConstellationSink, error) {
	if points < 1 || points > maxRun {
		return nil, fmt.Errorf("constellation_sink: points %d not in [1, %d]: %w", points, maxRun, block.ErrBadParam)
	}
	s := &ConstellationSink{points: points, clock: displayClock{now: time.Now}}
	s.Rate.SetCheck(displayRateCheck)
	_ = s.Rate.Set(15)
	s.In.SetMinItems(1)
	return s, nil
}

// DisplayKind implements display.Sink: display.KindConstellation.
func (s *ConstellationSink) DisplayKind() string { return display.KindConstellation }

// Frame implements display.Sink: the newest *display.Constellation.
func (s *ConstellationSink) Frame(after uint64) *display.Frame { return s.latest.Frame(after) }

// Work implements block.Block.
func (s *ConstellationSink) Work(*block.IO) error {
	in := s.In.Slice()
	if len(in) == 0 {
		return s.In.Idle()
	}
	start := !s.col.on && s.clock.due()
	if _, full := displayTake(&s.col, s.points, in, start); full {
		s.latest.Publish(&display.Constellation{Points: append([]complex64(nil), s.col.buf...)})
		s.clock.done(s.Rate.Get())
	}
	s.In.Consume(len(in))
	return nil
}

// constellationSinkSpec is the registry entry of constellation_sink.
func constellationSinkSpec() registry.Spec {
	return registry.Spec{
		ID:  "constellation_sink",
		Doc: "I/Q constellation display for the web UI (flowrun run --ui); never slows the graph",
		Params: []registry.Param{
			{Name: "points", Type: registry.ParamInt, Default: 1024, Unit: "items", Min: registry.Bound(1), Max: registry.Bound(1 << 16), Doc: "points per frame"},
			displayRateParam(15),
		},
		New: func(p registry.Params) (block.Block, error) {
			s, err := NewConstellationSink(p.Int("points"))
			if err != nil {
				return nil, err
			}
			if err := s.Rate.Set(p.Float("rate")); err != nil {
				return nil, fmt.Errorf("constellation_sink: %w", err)
			}
			return s, nil
		},
	}
}
