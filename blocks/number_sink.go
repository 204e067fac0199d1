package blocks

import (
	"fmt"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/display"
	"github.com/flowrun/flowrun/registry"
)

// NumberSink shows one number, the mean of the items it received since its
// last frame, with a bar between min and max (GNU Radio's QT GUI number
// sink), in the web UI (flowrun run --ui, package ui). It never slows the
// graph: Work only sums the items it consumes.
//
// # Stream Inputs
//
//   - In: float32 items, all consumed.
//
// # Parameters
//
//   - unit: shown after the number.
//   - min, max (settable): the range of the bar.
//   - rate (frames/s, settable).
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	n, err := blocks.NewNumberSink("dB", -100, 0)
//	g.Add("level", n)
//	flowgraph.Connect(g, &power.Out, &n.In)
type NumberSink struct {
	In   block.In[float32]
	Min  block.Setting[float64]
	Max  block.Setting[float64]
	Rate block.Setting[float64] // frames per second at most

	unit   string
	sum    float64
	count  int
	clock  displayClock
	latest display.Latest
}

// NewNumberSink returns a number display with a bar from lo to hi (lo <
// hi); errors wrap block.ErrBadParam.
func NewNumberSink(unit string, lo, hi float64) (*NumberSink, error) {
	if !(lo < hi) {
		return nil, fmt.Errorf("number_sink: min %v not below max %v: %w", lo, hi, block.ErrBadParam)
	}
	s := &NumberSink{unit: unit, clock: displayClock{now: time.Now}}
	s.Rate.SetCheck(displayRateCheck)
	_ = s.Rate.Set(10)
	_ = s.Min.Set(lo)
	_ = s.Max.Set(hi)
	s.In.SetMinItems(1)
	return s, nil
}

// DisplayKind implements display.Sink: display.KindNumber.
func (s *NumberSink) DisplayKind() string { return display.KindNumber }

// Frame implements display.Sink: the newest *display.Number.
func (s *NumberSink) Frame(after uint64) *display.Frame { return s.latest.Frame(after) }

// Work implements block.Block.
func (s *NumberSink) Work(*block.IO) error {
	in := s.In.Slice()
	if len(in) == 0 {
		return s.In.Idle()
	}
	var sum float64
	for _, v := range in {
		sum += float64(v)
	}
	s.sum += sum
	s.count += len(in)
	if s.clock.due() {
		s.latest.Publish(&display.Number{Value: s.sum / float64(s.count), Unit: s.unit, Min: s.Min.Get(), Max: s.Max.Get()})
		s.sum, s.count = 0, 0
		s.clock.done(s.Rate.Get())
	}
	s.In.Consume(len(in))
	return nil
}

// numberSinkSpec is the registry entry of number_sink.
func numberSinkSpec() registry.Spec {
	return registry.Spec{
		ID:  "number_sink",
		Doc: "number display (the mean since the last frame, with a bar) for the web UI (flowrun run --ui); never slows the graph",
		Params: []registry.Param{
			{Name: "unit", Type: registry.ParamString, Default: "", Doc: "unit shown after the number"},
			{Name: "min", Type: registry.ParamFloat, Default: 0.0, Min: registry.Bound(-1e12), Max: registry.Bound(1e12), Settable: true, Doc: "left end of the bar"},
			{Name: "max", Type: registry.ParamFloat, Default: 1.0, Min: registry.Bound(-1e12), Max: registry.Bound(1e12), Settable: true, Doc: "right end of the bar"},
			displayRateParam(10),
		},
		New: func(p registry.Params) (block.Block, error) {
			s, err := NewNumberSink(p.String("unit"), p.Float("min"), p.Float("max"))
			if err != nil {
				return nil, err
			}
			if err := s.Rate.Set(p.Float("rate")); err != nil {
				return nil, fmt.Errorf("number_sink: %w", err)
			}
			return s, nil
		},
	}
}
