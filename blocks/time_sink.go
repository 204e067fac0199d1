package blocks

import (
	"fmt"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/display"
	"github.com/flowrun/flowrun/registry"
)

// Trigger modes of a TimeSink.
const (
	TriggerNone  = "none"  // free running: a frame is the next length items
	TriggerLevel = "level" // the real part (I) crosses level, in the direction of slope
	TriggerAuto  = "auto"  // as level, but free running when no crossing comes within a frame period (1/rate)
	TriggerTag   = "tag"   // an item carries a tag with key tag_key
)

// TimeSink shows stretches of its input against time, like an oscilloscope
// (GNU Radio's QT GUI time sink), in the web UI (flowrun run --ui, package
// ui): complex items as two traces, I and Q; tags drawn at their items. A
// trigger on a level or on a tag holds a repeating signal still. It never
// slows the graph: Work consumes every item; once a frame is due at the
// display rate it keeps the items it needs until the trigger comes, then
// publishes length items with the trigger at item position·length.
//
// # Stream Inputs
//
//   - In: complex64 or float32 items, all consumed.
//
// # Parameters
//
//   - length (items per frame), sample_rate (Hz, settable: the time axis).
//   - trigger (settable): none, level, auto or tag; level and slope
//     (rising or falling, settable): a level trigger fires on the item
//     whose real part reaches level from the other side; auto does the
//     same, but shows the items free running when no crossing came within
//     a frame period (1/rate), so that the display never freezes; tag_key
//     (settable): a tag trigger fires on the item carrying a tag with that
//     key.
//   - position: where the trigger item is in the frame, as a fraction of length.
//   - rate (frames/s, settable).
//
// # Tags
//
// Shown at their items; a tag trigger uses them as above.
//
// # Usage
//
//	scope, err := blocks.NewTimeSink[complex64](1024, 0.25)
//	scope.Trigger.Set(blocks.TriggerLevel)
//	scope.Level.Set(0.5)
//	g.Add("scope", scope)
//	flowgraph.Connect(g, &src.Out, &scope.In)
type TimeSink[T displayItem] struct {
	In         block.In[T]
	SampleRate block.Setting[float64] `param:"sample_rate"` // Hz
	Trigger    block.Setting[string]  // TriggerNone, TriggerLevel, TriggerAuto or TriggerTag
	Level      block.Setting[float64]
	Slope      block.Setting[string]  // "rising" or "falling"
	TagKey     block.Setting[string]  `param:"tag_key"` // the key of a tag trigger
	Rate       block.Setting[float64] // frames per second at most

	length, pre int
	clock       displayClock
	latest      display.Latest

	armed bool        // a frame is due: gathering items until the trigger
	since time.Time   // when it was armed
	free  bool        // the frame runs free: no trigger (auto, without a crossing)
	buf   []complex64 // the items kept since arming (or their last pre)
	start uint64      // the offset of buf[0]
	tags  []buffer.Tag
	trig  int // the trigger's index in buf, or -1 if not found yet
	scan  int // buf[:scan] was searched for a level crossing
}

// NewTimeSink returns a scope of length items per frame (≥ 2) with its
// trigger at position·length (position in [0, 1)), free running until
// Trigger is set; errors wrap block.ErrBadParam.
func NewTimeSink[T displayItem](length int, position float64) (*TimeSink[T], error) {
	if length < 2 || length > maxRun {
		return nil, fmt.Errorf("time_sink: length %d not in [2, %d]: %w", length, maxRun, block.ErrBadParam)
	}
	if !(position >= 0 && position < 1) {
		return nil, fmt.Errorf("time_sink: position %v not in [0, 1): %w", position, block.ErrBadParam)
	}
	s := &TimeSink[T]{length: length, pre: int(position * float64(length)), clock: displayClock{now: time.Now}, trig: -1}
	s.SampleRate.SetCheck(func(r float64) error {
		if !(r > 0) {
			return fmt.Errorf("sample_rate %v: want > 0", r)
		}
		return nil
	})
	s.Trigger.SetCheck(func(m string) error {
		if m != TriggerNone && m != TriggerLevel && m != TriggerAuto && m != TriggerTag {
			return fmt.Errorf("trigger %q: want none, level, auto or tag", m)
		}
		return nil
	})
	s.Slope.SetCheck(func(m string) error {
		if m != "rising" && m != "falling" {
			return fmt.Errorf("slope %q: want rising or falling", m)
		}
		return nil
	})
	s.Rate.SetCheck(displayRateCheck)
	_ = s.SampleRate.Set(1)
	_ = s.Trigger.Set(TriggerNone)
	_ = s.Slope.Set("rising")
	_ = s.Rate.Set(15)
	s.In.SetMinItems(1)
	return s, nil
}

// DisplayKind implements display.Sink: display.KindTime.
func (s *TimeSink[T]) DisplayKind() string { return display.KindTime }

// Frame implements display.Sink: the newest *display.Time.
func (s *TimeSink[T]) Frame(after uint64) *display.Frame { return s.latest.Frame(after) }

// Work implements block.Block.
func (s *TimeSink[T]) Work(*block.IO) error {
	in := s.In.Slice()
	if len(in) == 0 {
		return s.In.Idle()
	}
	if !s.armed && s.clock.due() {
		s.armed, s.buf, s.tags, s.trig, s.scan, s.free = true, s.buf[:0], s.tags[:0], -1, 0, false
		s.since = s.clock.now()
		s.start = s.In.Offset()
	}
	if s.armed {
		s.gather(in, s.In.Tags())
	}
	s.In.Consume(len(in))
	return nil
}

// gather appends in (with its tags) to the items kept, looks for the
// trigger, and publishes the frame once it is complete.
func (s *TimeSink[T]) gather(in []T, tags []buffer.Tag) {
	l := len(s.buf)
	s.buf = append(s.buf, make([]complex64, len(in))...)
	displayToComplex(s.buf[l:], in)
	s.tags = append(s.tags, tags...)
	if s.trig < 0 {
		s.trig = s.find()
	}
	if s.trig < 0 {
		// No trigger yet: keep only the items a later trigger can show.
		if drop := len(s.buf) - s.pre - 1; drop > 0 {
			s.buf = append(s.buf[:0], s.buf[drop:]...)
			s.start += uint64(drop)
			s.scan = max(s.scan-drop, 0)
			k := 0
			for k < len(s.tags) && s.tags[k].Offset < s.start {
				k++
			}
			s.tags = append(s.tags[:0], s.tags[k:]...)
		}
		return
	}
	first := s.trig - s.pre
	if len(s.buf) < first+s.length {
		return
	}
	s.latest.Publish(s.frame(first))
	s.armed = false
	s.clock.done(s.Rate.Get())
}

// find returns the index in buf of the first trigger item at index ≥ pre
// not searched yet, or -1.
func (s *TimeSink[T]) find() int {
	switch mode := s.Trigger.Get(); mode {
	case TriggerLevel, TriggerAuto:
		lvl, rising := float32(s.Level.Get()), s.Slope.Get() == "rising"
		for i := max(s.scan, s.pre, 1); i < len(s.buf); i++ {
			a, b := real(s.buf[i-1]), real(s.buf[i])
			if rising && a < lvl && b >= lvl || !rising && a > lvl && b <= lvl {
				return i
			}
		}
		s.scan = len(s.buf)
		if mode == TriggerAuto && len(s.buf) > s.pre && s.clock.now().Sub(s.since) >= time.Duration(float64(time.Second)/s.Rate.Get()) {
			s.free = true
			return s.pre
		}
		return -1
	case TriggerTag:
		key := s.TagKey.Get()
		for _, t := range s.tags {
			if i := int(t.Offset - s.start); t.Key == key && i >= s.pre {
				return i
			}
		}
		return -1
	}
	if len(s.buf) > s.pre {
		return s.pre
	}
	return -1
}

// frame makes the frame of buf[first:first+length].
func (s *TimeSink[T]) frame(first int) *display.Time {
	items := s.buf[first : first+s.length]
	f := &display.Time{Rate: s.SampleRate.Get(), Re: make([]float32, s.length), Trigger: s.trig - first}
	if s.free || s.Trigger.Get() == TriggerNone {
		f.Trigger = -1
	}
	var zero T
	if _, ok := any(zero).(complex64); ok {
		f.Im = make([]float32, s.length)
	}
	for i, c := range items {
		f.Re[i] = real(c)
		if f.Im != nil {
			f.Im[i] = imag(c)
		}
	}
	at := s.start + uint64(first)
	for _, t := range s.tags {
		if t.Offset >= at && t.Offset < at+uint64(s.length) {
			f.Tags = append(f.Tags, display.Tag{Index: int(t.Offset - at), Key: t.Key, Value: fmt.Sprint(t.Value)})
		}
	}
	return f
}

// timeSinkSpec is the registry entry of time_sink.
func timeSinkSpec() registry.Spec {
	return registry.Spec{
		ID:  "time_sink",
		Doc: "oscilloscope display (I/Q, trigger on level or tag, tags shown) for the web UI (flowrun run --ui); never slows the graph",
		Params: []registry.Param{
			typeParam(TypeComplex64, TypeComplex64, TypeFloat32),
			{Name: "length", Type: registry.ParamInt, Default: 1024, Unit: "items", Min: registry.Bound(2), Max: registry.Bound(1 << 16), Doc: "items per frame"},
			{Name: "sample_rate", Type: registry.ParamFloat, Default: 1.0, Unit: "Hz", Min: registry.Bound(1e-9), Max: registry.Bound(1e12), Settable: true,
				Doc: "items per second: the time axis"},
			{Name: "trigger", Type: registry.ParamString, Default: TriggerNone, Allowed: []string{TriggerNone, TriggerLevel, TriggerAuto, TriggerTag}, Settable: true,
				Doc: "none (free running), level, auto (level, free running without a crossing) or tag"},
			{Name: "level", Type: registry.ParamFloat, Default: 0.0, Min: registry.Bound(-1e12), Max: registry.Bound(1e12), Settable: true,
				Doc: "level trigger: the level the real part crosses"},
			{Name: "slope", Type: registry.ParamString, Default: "rising", Allowed: []string{"rising", "falling"}, Settable: true,
				Doc: "level trigger: the direction of the crossing"},
			{Name: "tag_key", Type: registry.ParamString, Default: "", Settable: true, Doc: "tag trigger: the key of the tag"},
			{Name: "position", Type: registry.ParamFloat, Default: 0.25, Min: registry.Bound(0), Max: registry.Bound(0.999), Doc: "the trigger's place in the frame, a fraction of length"},
			displayRateParam(15),
		},
		New: func(p registry.Params) (block.Block, error) {
			if p.String("type") == TypeFloat32 {
				return timeSinkFrom[float32](p)
			}
			return timeSinkFrom[complex64](p)
		},
	}
}

// timeSinkFrom builds a time_sink from its parameters.
func timeSinkFrom[T displayItem](p registry.Params) (block.Block, error) {
	s, err := NewTimeSink[T](p.Int("length"), p.Float("position"))
	if err != nil {
		return nil, err
	}
	if err := s.setAll(p); err != nil {
		return nil, err
	}
	return s, nil
}

// setAll applies the settable parameters of p.
func (s *TimeSink[T]) setAll(p registry.Params) error {
	for _, err := range []error{s.SampleRate.Set(p.Float("sample_rate")), s.Trigger.Set(p.String("trigger")),
		s.Level.Set(p.Float("level")), s.Slope.Set(p.String("slope")), s.TagKey.Set(p.String("tag_key")), s.Rate.Set(p.Float("rate"))} {
		if err != nil {
			return fmt.Errorf("time_sink: %w", err)
		}
	}
	return nil
}
