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
	State    State // what the block's goroutine was doing at the call

	MsgHandled  []uint64 // messages handled per message input, in port order
	MsgDropped  []uint64 // messages dropped by a full MsgDrop queue per message input
	MsgRejected []uint64 // setting changes refused per message input (the automatic "set" input)
	MsgPosted   []uint64 // messages posted per message output
}

// State is what a block is doing, as Stats samples it: a running block
// moves between StateRunning and the waiting states many times a second.
type State int

// States of a block.
const (
	StateIdle         State = iota // Run has not started the block
	StateRunning                   // in Init, Work, a message handler or a parameter change, or the scheduler between them
	StateWaitingInput              // asleep: an input has fewer items than it needs
	StateWaitingSpace              // asleep: an output has less room than it needs
	StateWaiting                   // asleep for another reason: a deadline (throttle), a message
	StateDone                      // finished without error
	StateFailed                    // ended by an error of its own (Init, Work, Deinit, a panic)
)

var stateNames = [...]string{"idle", "running", "waiting for input", "waiting for space", "waiting", "done", "failed"}

// String returns the state in words: "idle", "running", "waiting for
// input", "waiting for space", "waiting", "done" or "failed".
func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return "unknown"
	}
	return stateNames[s]
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
			WorkTime:  n.act.clock.Duration(n.stats.workTicks.Load()),
			WaitTime:  n.act.clock.Duration(n.stats.waitTicks.Load()),
			Finished:  n.stats.finished.Load(),
		}
		for _, p := range n.ports.In {
			s.Consumed = append(s.Consumed, p.Counted())
		}
		for i, p := range n.ports.Out {
			s.Produced = append(s.Produced, p.Counted())
			fill := 0
			if opened && !s.Finished && p.Opened() {
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
		s.State = g.state(n, opened, s.Finished)
		out = append(out, s)
	}
	return out
}

// state samples what n is doing.
func (g *Graph) state(n *node, opened, finished bool) State {
	switch {
	case n.stats.failed.Load():
		return StateFailed
	case finished:
		return StateDone
	case !g.ran.Load() || !opened:
		return StateIdle
	}
	switch n.act.phase() {
	case phaseParked, phaseTimed:
	default:
		return StateRunning
	}
	for _, p := range n.ports.In {
		if !p.Connected() {
			continue
		}
		if avail, done := p.Available(); avail < p.Need() && !done {
			return StateWaitingInput
		}
	}
	for _, p := range n.ports.Out {
		if p.Opened() && p.Capacity()-p.Fill() < p.Need() {
			return StateWaitingSpace
		}
	}
	return StateWaiting
}
