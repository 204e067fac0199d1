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
	Finished  bool

	MsgHandled  []uint64 // messages handled per message input, in port order
	MsgDropped  []uint64 // messages dropped by a full MsgDrop queue per message input
	MsgRejected []uint64 // setting changes refused per message input (the automatic "set" input)
	MsgPosted   []uint64 // messages posted per message output
}

// Stats returns every block's counters, in the order blocks were added. It
// may be called while Run runs.
func (g *Graph) Stats() []BlockStats {
	opened := g.opened.Load()
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
		for _, p := range n.ports.Out {
			s.Produced = append(s.Produced, p.Counted())
			fill := 0
			if opened && !s.Finished {
				fill = p.Fill()
			}
			s.Fill = append(s.Fill, fill)
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
