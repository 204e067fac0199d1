package flowgraph

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
)

// Latency: a buffer full of items delays every later item by its fill
// divided by the rate at which its reader consumes. Behind a rate-limited
// block (an audio sink, a device, a throttle) every buffer upstream fills,
// so the delay of a chain is the sum of its buffers' fills over their
// rates: seconds with default buffers at audio rates. A limit on the items
// in flight per connection (MaxItems) bounds it below the smallest buffer
// the OS can map; a budget (WithMaxLatency) turns into such limits from the
// rates the graph knows.

// QueueShare is the part of a latency budget (WithMaxLatency) given to the
// connections' queues. Queues full to their limits delayed items by the
// whole budget at the median behind a 48 kHz sink (flowrun bench
// --latency, 20 ms: p50 19.9 ms), so the tail of every run was above it
// (p99 21 to 27 ms): the sink's batches and the scheduling come on top.
const QueueShare = 0.75

// ErrNoRate means a latency budget was set but the rate of some
// connection is unknown, so no limit can be derived for it.
var ErrNoRate = errors.New("flowgraph: no sample rate known")

// WithMaxLatency sets a latency budget for every path of the graph: each
// connection gets a limit on its items in flight (see MaxItems) of its
// rate times QueueShare·d divided by the number of connections on the
// longest path through it, so that full buffers delay an item by at most
// QueueShare·d along any path from a source to a sink, and the rest of d
// is left to the blocks' processing and to their goroutines' wait for a
// CPU, which no limit bounds. Rates come from the blocks that declare
// one (block.Rated, DeclareRate), carried across the blocks that declare
// their rate change (block.RateChanger); Validate fails with ErrNoRate if
// a connection's rate stays unknown and no MaxItems limits it. A limit
// below what a connection's ports need is raised to the need, and
// Latency reports it. d <= 0 sets no budget.
func WithMaxLatency(d time.Duration) Option { return func(g *Graph) { g.maxLatency = max(d, 0) } }

// SetMaxLatency is WithMaxLatency for a graph already made (by a loader,
// say); call it before Run.
func (g *Graph) SetMaxLatency(d time.Duration) { g.maxLatency = max(d, 0) }

// MaxLatency returns the latency budget set with WithMaxLatency (0: none).
func (g *Graph) MaxLatency() time.Duration { return g.maxLatency }

// DeclareRate states that rate items per second pass the inputs of the
// block added under name (its outputs if it has no input). It overrides
// what the block says of itself through block.Rated. rate must be positive
// and finite. Call it before Run.
func (g *Graph) DeclareRate(name string, rate float64) error {
	if err := g.fixed(); err != nil {
		return err
	}
	n := g.byName[name]
	if n == nil {
		return fmt.Errorf("%w: %q", ErrUnknownBlock, name)
	}
	if !(rate > 0) || math.IsInf(rate, 0) {
		return fmt.Errorf("flowgraph: block %q: rate %g must be positive and finite", name, rate)
	}
	g.rates[n] = rate
	return nil
}

// edgePlan is how one connection's buffer is opened.
type edgePlan struct {
	items    int     // the capacity asked for (edgeItems); 0 with tooLarge
	tooLarge bool    // edgeItems refused the size
	capacity int     // the capacity mapped, page-rounded
	limit    int     // the most items in flight: capacity when not limited
	rate     float64 // items per second; 0: unknown
	path     int     // connections on the longest path through this one
}

// planEdges decides every connection's buffer: its capacity, its limit on
// items in flight and its rate. errs are what Validate reports (a MaxItems
// below the ports' needs, a budget with rates unknown); warnings are what
// Latency reports.
func (g *Graph) planEdges() (plans []edgePlan, warnings []string, errs []error) {
	rates, warnings := g.edgeRates()
	through := g.longestThrough()
	plans = make([]edgePlan, len(g.edges))
	var unknown []string
	var firstUnknown string // the block its error is about
	for i, e := range g.edges {
		p := &plans[i]
		p.rate, p.path = rates[i], through[i]
		need := g.edgeNeed(e)
		switch {
		case e.maxItems > 0:
			p.limit = e.maxItems
			if p.limit < need {
				errs = append(errs, &GraphError{Block: e.src.name, Err: ErrBufferTooSmall,
					Msg: fmt.Sprintf("%s may hold %d items in flight, its ports need %d", g.edgeName(e), p.limit, need)})
			}
		case g.maxLatency > 0 && p.rate > 0:
			l := math.Floor(p.rate * QueueShare * g.maxLatency.Seconds() / float64(max(p.path, 1)))
			if l < float64(need) {
				warnings = append(warnings, fmt.Sprintf("%s: the budget allows %.0f items in flight at %s, its ports need %d: it may add %v instead of %v",
					g.edgeName(e), l, formatRate(p.rate), need, itemsTime(need, p.rate), time.Duration(QueueShare*float64(g.maxLatency))/time.Duration(max(p.path, 1))))
				l = float64(need)
			}
			p.limit = int(min(l, MaxBufferBytes))
		case g.maxLatency > 0:
			if unknown == nil {
				firstUnknown = e.src.name
			}
			unknown = append(unknown, g.edgeName(e))
		}
		items, ok := g.edgeItems(e, p.limit)
		p.items, p.tooLarge = items, !ok
		if ok {
			p.capacity, _ = buffer.CapacityFor(items, uintptr(g.itemSize(e)))
		}
		if p.limit == 0 || p.limit > p.capacity {
			p.limit = p.capacity
		}
	}
	if len(unknown) > 0 {
		errs = append(errs, &GraphError{Block: firstUnknown, Err: ErrNoRate,
			Msg: fmt.Sprintf("a latency budget of %v needs the rate of every connection, and none is known for %s; declare one on a block connected to them through blocks of known rate change (a sample_rate parameter, a throttle, Graph.DeclareRate), or limit them with MaxItems (max_items in a graph file)",
				g.maxLatency, strings.Join(unknown, ", "))})
	}
	return plans, warnings, errs
}

// edgeName names a connection by its output and the inputs it feeds.
func (g *Graph) edgeName(e *edge) string {
	var to []string
	for k, d := range e.dsts {
		to = append(to, d.name+"."+d.ports.InName[e.ins[k]])
	}
	return e.src.name + "." + e.src.ports.OutName[e.out] + " -> " + strings.Join(to, ", ")
}

// declaredRate is what block n says of its rate: DeclareRate, then block.Rated.
func (g *Graph) declaredRate(n *node) float64 {
	if r, ok := g.rates[n]; ok {
		return r
	}
	if rb, ok := n.b.(block.Rated); ok {
		if r := rb.ItemRate(); r > 0 && !math.IsInf(r, 0) {
			return r
		}
	}
	return 0
}

// edgeRates carries the declared rates across connections (an output's
// rate is its readers' input rate) and across blocks that declare their
// rate change, in both directions, breadth first from the declarations in
// the order blocks were added. Where two reach the same block side with
// different rates, the first stays and a warning says so (once per pair
// of rates).
func (g *Graph) edgeRates() ([]float64, []string) {
	type side struct {
		n   *node
		out bool
	}
	val := map[side]float64{}
	var queue []side
	var warnings []string
	seen := map[[2]float64]bool{} // rate pairs reported: each disagreement meets from both ends
	set := func(s side, r float64) {
		if old, ok := val[s]; ok {
			if pair := [2]float64{min(old, r), max(old, r)}; math.Abs(old-r) > 1e-9*max(old, r) && !seen[pair] {
				seen[pair] = true
				where := "inputs"
				if s.out {
					where = "outputs"
				}
				warnings = append(warnings, fmt.Sprintf("rates disagree at %s's %s: %s and %s; %s is used",
					s.n.name, where, formatRate(old), formatRate(r), formatRate(old)))
			}
			return
		}
		val[s] = r
		queue = append(queue, s)
	}
	ins, outs := g.edgesByNode()
	for _, n := range g.nodes {
		if r := g.declaredRate(n); r > 0 {
			set(side{n, len(n.ports.In) == 0}, r)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		r := val[s]
		if rc, ok := s.n.b.(block.RateChanger); ok && len(s.n.ports.In) > 0 && len(s.n.ports.Out) > 0 {
			if i, d := rc.RateChange(); i >= 1 && d >= 1 {
				if s.out {
					set(side{s.n, false}, r*float64(d)/float64(i))
				} else {
					set(side{s.n, true}, r*float64(i)/float64(d))
				}
			}
		}
		if s.out {
			for _, e := range outs[s.n] {
				for _, d := range e.dsts {
					set(side{d, false}, r)
				}
			}
		} else {
			for _, e := range ins[s.n] {
				set(side{e.src, true}, r)
			}
		}
	}
	rates := make([]float64, len(g.edges))
	for i, e := range g.edges {
		r, ok := val[side{e.src, true}]
		if !ok && len(e.dsts) > 0 {
			r = val[side{e.dsts[0], false}]
		}
		rates[i] = r
	}
	return rates, warnings
}

// edgesByNode returns the connections into and out of each block.
func (g *Graph) edgesByNode() (ins, outs map[*node][]*edge) {
	ins, outs = map[*node][]*edge{}, map[*node][]*edge{}
	for _, e := range g.edges {
		outs[e.src] = append(outs[e.src], e)
		for _, d := range e.dsts {
			if !slices.Contains(ins[d], e) {
				ins[d] = append(ins[d], e)
			}
		}
	}
	return ins, outs
}

// topoOrder returns the blocks with every block after those that feed it;
// blocks on a cycle (which Validate refuses) are left out.
func (g *Graph) topoOrder() []*node {
	ins, outs := g.edgesByNode()
	left := map[*node]int{}
	var order []*node
	for _, n := range g.nodes {
		left[n] = len(ins[n])
		if left[n] == 0 {
			order = append(order, n)
		}
	}
	for i := 0; i < len(order); i++ {
		for _, e := range outs[order[i]] {
			for _, d := range e.dsts {
				if left[d]--; left[d] == 0 {
					order = append(order, d)
				}
			}
		}
	}
	return order
}

// longestThrough returns, per connection, the number of connections on
// the longest path from a source to a sink that goes through it.
func (g *Graph) longestThrough() []int {
	order := g.topoOrder()
	_, outs := g.edgesByNode()
	before, after := map[*node]int{}, map[*node]int{}
	for _, n := range order {
		for _, e := range outs[n] {
			for _, d := range e.dsts {
				before[d] = max(before[d], before[n]+1)
			}
		}
	}
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		for _, e := range outs[n] {
			for _, d := range e.dsts {
				after[n] = max(after[n], after[d]+1)
			}
		}
	}
	through := make([]int, len(g.edges))
	for i, e := range g.edges {
		down := 0
		for _, d := range e.dsts {
			down = max(down, after[d])
		}
		through[i] = before[e.src] + 1 + down
	}
	return through
}

// EdgeLatency is one output's buffer as the latency planning sees it.
type EdgeLatency struct {
	From string   // "block.port" of the output
	To   []string // "block.port" of each input it feeds
	// Rate is the items per second through the buffer, as declared or
	// carried from a declaration; 0 if unknown.
	Rate float64
	// Capacity is the buffer's size in items; Limit the most items the
	// output may have in it, unread: Capacity unless limited (MaxItems, a
	// budget).
	Capacity, Limit int
	// Worst is Limit/Rate: the longest a full buffer delays an item; 0 if
	// the rate is unknown.
	Worst time.Duration
	// Path is the number of connections on the longest source-to-sink path
	// through this one; a budget gives each connection 1/Path of its
	// queues' share (QueueShare).
	Path int
}

// PathLatency is the path into one sink whose full buffers delay an item
// the most.
type PathLatency struct {
	Blocks []string      // from a source to the sink
	Worst  time.Duration // the sum of its connections' Worst
	// Unknown lists the connections into the sink, on any path, whose rate
	// is unknown: Worst leaves them out, so it is no bound unless Unknown
	// is empty.
	Unknown []string
}

// LatencyReport is what Latency finds.
type LatencyReport struct {
	Budget   time.Duration // WithMaxLatency; 0: none
	Edges    []EdgeLatency // in the order outputs were first connected
	Paths    []PathLatency // one per sink, in the order blocks were added
	Warnings []string      // rates that disagree, budgets a connection cannot meet
}

// RatesKnown reports whether every connection's rate is known.
func (r LatencyReport) RatesKnown() bool {
	for _, e := range r.Edges {
		if e.Rate == 0 {
			return false
		}
	}
	return len(r.Edges) > 0
}

// Latency reports, for the buffers Run would open, each connection's rate,
// capacity and limit and the delay it adds when full, and the worst path
// into each sink (a block with inputs and no connected output): an upper
// bound on the time items wait in buffers along it once every buffer is
// full, as behind a rate-limited sink, not counting the time blocks take
// to process them. It asks blocks for their rate (block.Rated): call it
// while building the graph or after Run, not during (Stats gives the
// buffers' figures while the graph runs).
func (g *Graph) Latency() LatencyReport {
	plans, warnings, _ := g.planEdges()
	rep := LatencyReport{Budget: g.maxLatency, Warnings: warnings}
	for i, e := range g.edges {
		p := plans[i]
		el := EdgeLatency{From: e.src.name + "." + e.src.ports.OutName[e.out], Rate: p.rate,
			Capacity: p.capacity, Limit: p.limit, Path: p.path}
		for k, d := range e.dsts {
			el.To = append(el.To, d.name+"."+d.ports.InName[e.ins[k]])
		}
		if p.rate > 0 {
			el.Worst = itemsTime(p.limit, p.rate)
		}
		rep.Edges = append(rep.Edges, el)
	}
	index := map[*edge]int{}
	for i, e := range g.edges {
		index[e] = i
	}
	worst := map[*node]time.Duration{}
	prev := map[*node]*node{}
	unknown := map[*node][]string{}
	ins, outs := g.edgesByNode()
	for _, n := range g.topoOrder() {
		for _, e := range ins[n] {
			el := rep.Edges[index[e]]
			u := unknown[e.src]
			if el.Rate == 0 {
				u = append(slices.Clip(u), g.edgeName(e))
			}
			for _, x := range u {
				if !slices.Contains(unknown[n], x) {
					unknown[n] = append(unknown[n], x)
				}
			}
			if w := worst[e.src] + el.Worst; prev[n] == nil || w > worst[n] {
				worst[n], prev[n] = w, e.src
			}
		}
	}
	for _, n := range g.nodes {
		if len(outs[n]) > 0 || len(ins[n]) == 0 {
			continue
		}
		var path []string
		for m := n; m != nil; m = prev[m] {
			path = append(path, m.name)
		}
		slices.Reverse(path)
		rep.Paths = append(rep.Paths, PathLatency{Blocks: path, Worst: worst[n], Unknown: unknown[n]})
	}
	return rep
}

// itemsTime is how long n items take at rate items per second.
func itemsTime(n int, rate float64) time.Duration {
	return time.Duration(float64(n) / rate * float64(time.Second))
}

// formatRate writes a rate in items per second with an SI prefix.
func formatRate(r float64) string {
	switch {
	case r >= 1e9:
		return fmt.Sprintf("%.4g G/s", r/1e9)
	case r >= 1e6:
		return fmt.Sprintf("%.4g M/s", r/1e6)
	case r >= 1e3:
		return fmt.Sprintf("%.4g k/s", r/1e3)
	}
	return fmt.Sprintf("%.4g /s", r)
}
