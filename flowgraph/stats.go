package flowgraph

import "time"

// BlockStats are one block's counters, as of the call to Stats.
type BlockStats struct {
	Name      string
	WorkCalls uint64
	WorkTime  time.Duration // time spent inside Work
	WaitTime  time.Duration // time asleep waiting for a neighbour or a deadline
	Consumed  []uint64      // items consumed per input port, in port order
	Produced  []uint64      // items produced per output port
	Fill      []int         // items buffered on each output, unread by its slowest reader
	// Per output, as Run opened its buffer (zero before): Capacity is the
	// buffer's size in items; Limit the most items the output may have in
	// it, unread (Capacity unless limited by MaxItems or a latency budget);
	// Rate the items per second the graph knows for the connection (0:
	// unknown); Latency is Fill/Rate, how long the items buffered now delay
	// the next one (0 when the rate is unknown).
	Capacity []int
	Limit    []int
	Rate     []float64
	Latency  []time.Duration
	Finished bool

	MsgHandled  []uint64 // messages handled per message input, in port order
	MsgDropped  []uint64 // messages dropped by a full MsgDrop queue per message input
	MsgRejected []uint64 // setting changes refused per message input (the automatic "set" input)
	MsgPosted   []uint64 // messages posted per message output
}

// Stats returns every block's counters, in the order blocks were added. It
// may be called while Run runs.
func (g *Graph) Stats() []BlockStats {
	opened := g.opened.Load()
	plans := map[*node][]*edgePlan{}
	if opened {
		for _, e := range g.edges {
			p := plans[e.src]
			if p == nil {
				p = make([]*edgePlan, len(e.src.ports.Out))
				plans[e.src] = p
			}
			p[e.out] = &e.plan
		}
	}
	out := make([]BlockStats, 0, len(g.nodes))
	for _, n := range g.nodes {
		s := BlockStats{
			Name:      n.name,
			WorkCalls: n.stats.workCalls.Load(),
			WorkTime:  time.Duration(n.stats.workNanos.Load()),
			WaitTime:  time.Duration(n.stats.waitNanos.Load()),
			Finished:  n.stats.finished.Load(),
		}
		for _, p := range n.ports.In {
			s.Consumed = append(s.Consumed, p.Counted())
		}
		for i, p := range n.ports.Out {
			s.Produced = append(s.Produced, p.Counted())
			fill := 0
			if opened && !s.Finished {
				fill = p.Fill()
			}
			s.Fill = append(s.Fill, fill)
			var plan edgePlan
			if pl := plans[n]; pl != nil && pl[i] != nil {
				plan = *pl[i]
			}
			var lat time.Duration
			if plan.rate > 0 {
				lat = itemsTime(fill, plan.rate)
			}
			s.Capacity = append(s.Capacity, plan.capacity)
			s.Limit = append(s.Limit, plan.limit)
			s.Rate = append(s.Rate, plan.rate)
			s.Latency = append(s.Latency, lat)
		}
		for _, p := range n.ports.MsgIn {
			s.MsgHandled = append(s.MsgHandled, p.Handled())
			s.MsgDropped = append(s.MsgDropped, p.Dropped())
			s.MsgRejected = append(s.MsgRejected, p.Rejected())
		}
		for _, p := range n.ports.MsgOut {
			s.MsgPosted = append(s.MsgPosted, p.Posted())
		}
		out = append(out, s)
	}
	return out
}
