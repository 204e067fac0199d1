package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/flowrun/flowrun/flowgraph"
)

// outBuffer is one output's buffer in the stats: what the writer may fill
// and, with a known rate, how long its items delay the next one.
type outBuffer struct {
	Capacity       int     `json:"capacity"`        // items mapped
	Limit          int     `json:"limit"`           // most items in flight (the capacity unless limited)
	Fill           int     `json:"fill"`            // items unread now
	Rate           float64 `json:"rate,omitempty"`  // items per second, if known
	LatencySeconds float64 `json:"latency_seconds"` // fill / rate; 0 if the rate is unknown
}

func outBuffers(s flowgraph.BlockStats) []outBuffer {
	out := make([]outBuffer, len(s.Produced))
	for i := range out {
		out[i] = outBuffer{Capacity: s.Capacity[i], Limit: s.Limit[i], Fill: s.Fill[i], Rate: s.Rate[i],
			LatencySeconds: s.Latency[i].Seconds()}
	}
	return out
}

// limits writes each output's limit/capacity; "-" for a block without outputs.
func limits(bs []outBuffer) string {
	if len(bs) == 0 {
		return "-"
	}
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = fmt.Sprintf("%d/%d", b.Limit, b.Capacity)
	}
	return strings.Join(parts, ",")
}

// printLatency writes what flowrun validate says of a graph's latency,
// when it knows the rate of a connection at least: the budget, each
// connection's rate, limit and worst delay, and each sink's worst path.
func printLatency(w io.Writer, g *flowgraph.Graph) {
	r := g.Latency()
	known := false
	for _, e := range r.Edges {
		known = known || e.Rate > 0
	}
	if !known {
		return // nothing to say: no rate is declared (see docs/latency.md)
	}
	if r.Budget > 0 {
		fmt.Fprintf(w, "  latency budget %v: the queues get %v of it, the rest is left to processing and scheduling\n", r.Budget, time.Duration(flowgraph.QueueShare*float64(r.Budget)))
	}
	for _, e := range r.Edges {
		to := termSafe(strings.Join(e.To, ", "), false)
		if e.Rate == 0 {
			fmt.Fprintf(w, "  %s -> %s: rate unknown, %d of %d items\n", termSafe(e.From, false), to, e.Limit, e.Capacity)
			continue
		}
		fmt.Fprintf(w, "  %s -> %s: %s, %d of %d items, up to %v\n", termSafe(e.From, false), to, rate(e.Rate), e.Limit, e.Capacity, round(e.Worst))
	}
	for _, p := range r.Paths {
		path := termSafe(strings.Join(p.Blocks, " -> "), false)
		if len(p.Unknown) > 0 {
			fmt.Fprintf(w, "  path %s: at least %v queued when full; unknown rate on %s\n", path, round(p.Worst), termSafe(strings.Join(p.Unknown, "; "), false))
			continue
		}
		fmt.Fprintf(w, "  path %s: up to %v queued when full\n", path, round(p.Worst))
	}
	for _, x := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", termSafe(x, false))
	}
}

// rate writes items per second with an SI prefix.
func rate(r float64) string { return si(r) + " items/s" }

// round keeps a latency readable: microseconds below a millisecond, else
// tenths of a millisecond.
func round(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(100 * time.Microsecond)
}
