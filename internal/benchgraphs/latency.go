package benchgraphs

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/registry"
)

// The latency rows of flowrun bench (--latency) measure how long an item
// takes from its creation to a sink, through a chain of multiply_const
// blocks, when one end is paced in real time: a fast source feeding a sink
// that takes 48 kHz (an audio card), or a 48 kHz source feeding a sink
// that takes everything at once. The source tags the first item of each
// batch it produces with the time ("t", nanoseconds on the monotonic
// clock since the process started); the sink gives every item it takes the
// latest stamp at or before it, and records now - stamp. GNU Radio's twin
// (gr_latency.py) does the same with Python blocks. Pacing on both sides:
// items go in batches of about 1 ms worth (rate/1000), each when the time
// since the first call reaches what it would take at the rate.

// LatencyScenario is one latency row: a chain and which end is paced.
type LatencyScenario struct {
	Name       string  // latency_audio, ...
	Doc        string  // one line for the table
	Type       string  // float32 or complex64
	Stages     int     // multiply_const blocks between source and sink
	SourceRate float64 // items per second; 0: as fast as the chain takes them
	SinkRate   float64 // items per second; 0: everything that arrives
}

// LatencyScenarios lists the latency rows in the order flowrun bench runs them.
func LatencyScenarios() []LatencyScenario {
	return []LatencyScenario{
		{Name: "latency_audio", Doc: "fast source -> 10 x multiply_const -> sink paced at 48 kHz, float32",
			Type: "float32", Stages: 10, SinkRate: 48e3},
		{Name: "latency_paced_source", Doc: "source paced at 48 kHz -> 10 x multiply_const -> fast sink, float32",
			Type: "float32", Stages: 10, SourceRate: 48e3},
		{Name: "latency_sdr", Doc: "fast source -> 10 x multiply_const -> sink paced at 2.4 MS/s, complex64",
			Type: "complex64", Stages: 10, SinkRate: 2.4e6},
	}
}

// LatencyBuffers are the buffer settings each latency row runs with by
// default. Graph also takes "max_latency_" followed by any Go duration.
var LatencyBuffers = []string{"default", "small", "max_latency_20ms"}

// BudgetSetting is the buffer setting of a latency budget of d.
func BudgetSetting(d time.Duration) string { return "max_latency_" + d.String() }

// SmallBufferBytes is the "small" setting: one 4 KiB page per connection,
// the smallest buffer either framework maps.
const SmallBufferBytes = 4096

// Graph returns the scenario's graph file for a buffer setting (see
// LatencyBuffers and BudgetSetting); the sink runs for seconds.
func (s LatencyScenario) Graph(buffers string, seconds float64) ([]byte, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s, buffers: %s\n", s.Doc, buffers)
	fmt.Fprintf(&b, "metadata: {name: %s, file_format: 1}\n", strings.ReplaceAll(s.Name, "_", "-"))
	budget, isBudget := strings.CutPrefix(buffers, "max_latency_")
	d, err := time.ParseDuration(budget)
	switch {
	case buffers == "default":
	case buffers == "small":
		fmt.Fprintf(&b, "options: {buffer_size: %d}\n", SmallBufferBytes)
	case isBudget && err == nil && d > 0:
		fmt.Fprintf(&b, "options: {max_latency: %s}\n", d)
	default:
		return nil, fmt.Errorf("latency buffers %q: want default, small or max_latency_ and a duration (%s)", buffers, strings.Join(LatencyBuffers, ", "))
	}
	b.WriteString("blocks:\n")
	fmt.Fprintf(&b, "  - {name: src, id: stamp_source, parameters: {type: %s, sample_rate: %g}}\n", s.Type, s.SourceRate)
	prev := "src"
	var conns []string
	for i := range s.Stages {
		name := fmt.Sprintf("mul%d", i)
		fmt.Fprintf(&b, "  - {name: %s, id: multiply_const, parameters: {type: %s, k: 1}}\n", name, s.Type)
		conns = append(conns, fmt.Sprintf("  - [%s, out, %s, in]\n", prev, name))
		prev = name
	}
	fmt.Fprintf(&b, "  - {name: snk, id: latency_sink, parameters: {type: %s, sample_rate: %g, seconds: %g}}\n", s.Type, s.SinkRate, seconds)
	conns = append(conns, fmt.Sprintf("  - [%s, out, snk, in]\n", prev))
	b.WriteString("connections:\n")
	for _, c := range conns {
		b.WriteString(c)
	}
	return []byte(b.String()), nil
}

// epoch is the origin of the stamps.
var epoch = time.Now()

// stamp is the time now, in nanoseconds since epoch (monotonic).
func stamp() int64 { return int64(time.Since(epoch)) }

// pacer lets items through at rate per second in batches of about 1 ms.
type pacer struct {
	rate  float64
	batch uint64
	start time.Time
	done  uint64
}

func newPacer(rate float64) pacer { return pacer{rate: rate, batch: max(1, uint64(rate/1000))} }

// allow returns how many of avail items may go now, or 0 and the time the
// next batch is due.
func (p *pacer) allow(avail int) (int, time.Time) {
	now := time.Now()
	if p.start.IsZero() {
		p.start = now
	}
	allowed := uint64(now.Sub(p.start).Seconds() * p.rate)
	want := min(p.batch, uint64(avail))
	if allowed < p.done+want {
		return 0, p.start.Add(time.Duration(float64(p.done+want) / p.rate * float64(time.Second)))
	}
	return int(min(uint64(avail), allowed-p.done)), time.Time{}
}

// StampSource produces zeros for ever, at rate items per second (as fast
// as its output takes them if rate is 0), and tags the first item of every
// batch with the time it made the batch: key "t", an int64 of nanoseconds.
//
// # Stream Outputs
//
//   - Out: zeros of type T, each batch's first item tagged.
type StampSource[T any] struct {
	Out   block.Out[T]
	pace  pacer
	paced bool
}

// NewStampSource returns a StampSource paced at rate (0: not paced).
func NewStampSource[T any](rate float64) *StampSource[T] {
	return &StampSource[T]{pace: newPacer(rate), paced: rate > 0}
}

// Work implements block.Block.
func (s *StampSource[T]) Work(io *block.IO) error {
	out := s.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	n := len(out)
	if s.paced {
		var due time.Time
		if n, due = s.pace.allow(n); n == 0 {
			io.WakeAt(due)
			return nil
		}
		s.pace.done += uint64(n)
	}
	clear(out[:n])
	s.Out.Produce(n, buffer.Tag{Offset: s.Out.Offset(), Key: "t", Value: stamp()})
	return nil
}

// LatencySink takes items at rate per second (all that arrive if rate is
// 0) for a given time, then finishes. Each item's latency is the time it
// is taken less the stamp of the last tag "t" at or before it; those of
// the items taken in the second half of the run are kept (the first half
// lets the buffers fill).
//
// # Stream Inputs
//
//   - In: items of type T, tagged by a StampSource.
type LatencySink[T any] struct {
	In      block.In[T]
	pace    pacer
	paced   bool
	seconds time.Duration
	start   time.Time
	last    int64 // the latest stamp; -1 before the first
	Latency Histogram
}

// NewLatencySink returns a LatencySink paced at rate (0: not paced) that
// runs for d.
func NewLatencySink[T any](rate float64, d time.Duration) *LatencySink[T] {
	return &LatencySink[T]{pace: newPacer(rate), paced: rate > 0, seconds: d, last: -1}
}

// Work implements block.Block.
func (s *LatencySink[T]) Work(io *block.IO) error {
	now := time.Now()
	if s.start.IsZero() {
		s.start = now
	}
	if now.Sub(s.start) >= s.seconds {
		return block.ErrDone
	}
	in := s.In.Slice()
	n := len(in)
	if n == 0 {
		io.WakeAt(s.start.Add(s.seconds))
		return s.In.Idle()
	}
	if s.paced {
		var due time.Time
		if n, due = s.pace.allow(n); n == 0 {
			io.WakeAt(due)
			return nil
		}
		s.pace.done += uint64(n)
	}
	t := stamp()
	keep := now.Sub(s.start) >= s.seconds/2
	off := s.In.Offset()
	i := 0
	for _, tg := range s.In.Tags() {
		rel := int(tg.Offset - off)
		if rel >= n {
			break
		}
		if tg.Key != "t" {
			continue
		}
		if keep && rel > i && s.last >= 0 {
			s.Latency.Add(time.Duration(t-s.last), rel-i)
		}
		s.last, _ = tg.Value.(int64)
		i = rel
	}
	if keep && n > i && s.last >= 0 {
		s.Latency.Add(time.Duration(t-s.last), n-i)
	}
	s.In.Consume(n)
	return nil
}

// Histogram counts items per latency, exactly (a list of runs of items
// with the same latency: one per batch and stamp).
type Histogram struct {
	runs []run
	n    uint64
}

type run struct {
	d time.Duration
	n uint64
}

// Add counts n items of latency d.
func (h *Histogram) Add(d time.Duration, n int) {
	h.runs = append(h.runs, run{d, uint64(n)})
	h.n += uint64(n)
}

// Count returns the items counted.
func (h *Histogram) Count() uint64 { return h.n }

// Quantile returns the smallest latency that at least q (in [0, 1]) of
// the items counted do not exceed; 0 for an empty histogram. Quantile(1)
// is the largest. It sorts the histogram.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	slices.SortFunc(h.runs, func(a, b run) int { return cmp.Compare(a.d, b.d) })
	want := uint64(math.Ceil(q * float64(h.n)))
	var cum uint64
	for _, r := range h.runs {
		if cum += r.n; cum >= want {
			return r.d
		}
	}
	return h.runs[len(h.runs)-1].d
}

// LatencyRegistry returns a registry with what reg has and the two blocks
// of the latency graphs: stamp_source and latency_sink.
func LatencyRegistry(reg *registry.Registry) (*registry.Registry, error) {
	r := registry.New()
	for _, id := range reg.IDs() {
		s, _ := reg.Lookup(id)
		if err := r.Register(*s); err != nil {
			return nil, err
		}
	}
	typ := registry.Param{Name: "type", Type: registry.ParamString, Default: "float32", Allowed: []string{"float32", "complex64"}, Doc: "item type"}
	rate := registry.Param{Name: "sample_rate", Type: registry.ParamFloat, Default: 0.0, Min: registry.Bound(0), Unit: "Hz", Doc: "pace in items per second; 0: not paced"}
	if err := r.Register(registry.Spec{ID: "stamp_source", Doc: "zeros, each batch's first item tagged with its time (latency benchmark)",
		Params: []registry.Param{typ, rate},
		New: func(p registry.Params) (block.Block, error) {
			if p.String("type") == "complex64" {
				return NewStampSource[complex64](p.Float("sample_rate")), nil
			}
			return NewStampSource[float32](p.Float("sample_rate")), nil
		}}); err != nil {
		return nil, err
	}
	secs := registry.Param{Name: "seconds", Type: registry.ParamFloat, Default: 10.0, Min: registry.Bound(0), Unit: "s", Doc: "how long to run"}
	if err := r.Register(registry.Spec{ID: "latency_sink", Doc: "takes items, paced or not, and records now - stamp (latency benchmark)",
		Params: []registry.Param{typ, rate, secs},
		New: func(p registry.Params) (block.Block, error) {
			d := time.Duration(p.Float("seconds") * float64(time.Second))
			if p.String("type") == "complex64" {
				return NewLatencySink[complex64](p.Float("sample_rate"), d), nil
			}
			return NewLatencySink[float32](p.Float("sample_rate"), d), nil
		}}); err != nil {
		return nil, err
	}
	return r, nil
}

// SinkLatency returns the histogram of the latency_sink b, or nil if b is
// none.
func SinkLatency(b block.Block) *Histogram {
	switch s := b.(type) {
	case *LatencySink[float32]:
		return &s.Latency
	case *LatencySink[complex64]:
		return &s.Latency
	}
	return nil
}
