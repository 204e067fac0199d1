package flowgraph

import (
	"context"
	"errors"
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
)

// Message ports (block.MsgIn, block.MsgOut) are connected like stream
// ports but carry pmt.Value messages through bounded queues instead of
// buffers. The rules the scheduler keeps:
//
//   - Handlers run on the receiving block's goroutine, before each Work
//     call, never concurrently with Work. Each pass handles at most one
//     queue's worth of messages per input, so a busy sender cannot starve
//     Work; a handled message counts as progress, so the block runs again.
//   - Posting wakes the receiver through its coalescing wake channel, the
//     one its buffers notify: a sleeping block runs as soon as a message
//     arrives, with no polling.
//   - A block with message ports only (no stream port) finishes when all its
//     message inputs are finished (every sender finished, queue empty); a
//     block with stream ports finishes by the stream rules and reads
//     MsgIn.Finished itself if it needs to. A block also stops when every
//     connected output, stream or message, has lost all its receivers.
//   - Message ports may stay unconnected (as in GNU Radio): posting to an
//     unconnected output does nothing, and an unconnected input has no
//     sender in the graph, so it is finished. An unconnected input still
//     takes messages sent from outside (MsgIn.Send, the control API), so a
//     block with message ports only whose inputs are all unconnected (a
//     message_debug waiting for posts) does not finish at once: it runs
//     until every block that does not depend on it has finished, or, in a
//     graph that has no such block, until ctx is done.
//   - Message edges are not part of the cycle check: feedback through
//     messages is allowed. With the MsgBlock policy, two blocks each waiting
//     for room in the other's full queue wait until the graph stops; use
//     MsgDrop on one side of a message loop.

// msgEdge is one message connection.
type msgEdge struct {
	src *node
	out int
	dst *node
	in  int
}

// ConnectMessage connects a message output to a message input of blocks
// already added. An output may feed many inputs and an input may be fed by
// many outputs; each pair connects once.
func ConnectMessage(g *Graph, src *block.MsgOut, dst *block.MsgIn) error {
	if err := g.fixed(); err != nil {
		return err
	}
	var sn, dn *node
	so, di := -1, -1
	srcPort, dstPort := port.Inner(src), port.Inner(dst) // the ports behind the fields
	for _, n := range g.nodes {
		for i, p := range n.ports.MsgOut {
			if any(p) == srcPort {
				sn, so = n, i
			}
		}
		for i, p := range n.ports.MsgIn {
			if any(p) == dstPort {
				dn, di = n, i
			}
		}
	}
	if sn == nil || dn == nil {
		return fmt.Errorf("%w: a message port of a block that was not added", ErrUnknownBlock)
	}
	return g.connectMsg(sn, so, dn, di)
}

func (g *Graph) connectMsg(sn *node, so int, dn *node, di int) error {
	if err := g.fixed(); err != nil {
		return err
	}
	for _, e := range g.msgEdges {
		if e.src == sn && e.out == so && e.dst == dn && e.in == di {
			return fmt.Errorf("%w: %s.%s feeds %s.%s already", port.ErrAlreadyConnected,
				sn.name, sn.ports.MsgOutName[so], dn.name, dn.ports.MsgInName[di])
		}
	}
	g.msgEdges = append(g.msgEdges, msgEdge{sn, so, dn, di})
	return nil
}

// checkKinds refuses a stream port connected to a message port; so and di
// are the stream port indices, -1 for a message port.
func checkKinds(src, srcPort, dst, dstPort string, so, di int) error {
	kind := func(stream bool) string {
		if stream {
			return "stream"
		}
		return "message"
	}
	if (so < 0) != (di < 0) {
		return fmt.Errorf("%w: %s output %s.%s cannot feed %s input %s.%s", ErrPortKind,
			kind(so >= 0), src, srcPort, kind(di >= 0), dst, dstPort)
	}
	return nil
}

func msgNames(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("; message: %v", names)
}

func checkHandlers(name string, ps port.Ports) error {
	var errs []error
	for i, p := range ps.MsgIn {
		if !p.HasHandler() {
			errs = append(errs, fmt.Errorf("%w: %s.%s (call SetHandler in the block's constructor)", ErrNoHandler, name, ps.MsgInName[i]))
		}
	}
	return errors.Join(errs...)
}

// openMsg makes every message queue and attaches every message edge.
func (g *Graph) openMsg() error {
	for _, n := range g.nodes {
		n.ctl.mu.Lock()
		spec := n.ctl.spec
		n.ctl.mu.Unlock()
		for _, p := range n.ports.MsgIn {
			if spec != nil {
				p.SetConvert(spec.CheckSettable) // a "set" input checks values as Set does
			}
			p.Open(n.wake)
		}
	}
	for _, e := range g.msgEdges {
		if err := e.src.ports.MsgOut[e.out].Attach(e.dst.ports.MsgIn[e.in], e.src.wake); err != nil {
			return &BlockError{Block: e.src.name, Err: fmt.Errorf("message output %s: %w", e.src.ports.MsgOutName[e.out], err)}
		}
	}
	return nil
}

// startMsg lets senders waiting on a full queue give up when stop closes.
func (g *Graph) startMsg(stop <-chan struct{}) {
	for _, n := range g.nodes {
		for _, p := range n.ports.MsgOut {
			p.Start(stop)
		}
	}
}

// handleMessages runs n's handlers on the messages queued now, at most one
// queue's worth per input, skipping paused inputs.
func handleMessages(n *node) error {
	for i, p := range n.ports.MsgIn {
		for k := p.Capacity(); k > 0 && !p.Paused(); k-- {
			v, ok := p.Take()
			if !ok {
				break
			}
			n.act.enter(phaseHandler, n.act.now())
			if err := p.Handle(v); err != nil {
				if errors.Is(err, block.ErrDone) {
					return err
				}
				return fmt.Errorf("message input %s: %w", n.ports.MsgInName[i], err)
			}
		}
	}
	return nil
}

// msgProgress counts the messages n handled and posted.
func msgProgress(n *node) (c uint64) {
	for _, p := range n.ports.MsgIn {
		c += p.Handled()
	}
	for _, p := range n.ports.MsgOut {
		c += p.Posted()
	}
	return c
}

// msgFinished reports whether n has message ports only, some inputs, and
// every input is finished; for an external block (see markExternal), also
// that the blocks independent of the external ones have all finished.
func (g *Graph) msgFinished(n *node) bool {
	if len(n.ports.In) > 0 || len(n.ports.Out) > 0 || len(n.ports.MsgIn) == 0 {
		return false
	}
	for _, p := range n.ports.MsgIn {
		if !p.Finished() {
			return false
		}
	}
	return !n.external || g.independent > 0 && g.independentLeft.Load() == 0
}

// markExternal finds the external blocks: message ports only, and no
// message input connected, so that they live on what is sent from outside
// the graph. They finish once every independent block (one no path of
// connections from an external block reaches) has finished; Run counts
// those down in independentLeft.
func (g *Graph) markExternal() {
	next := map[*node][]*node{}
	for _, e := range g.edges {
		next[e.src] = append(next[e.src], e.dsts...)
	}
	fed := map[*node]bool{}
	for _, e := range g.msgEdges {
		next[e.src] = append(next[e.src], e.dst)
		fed[e.dst] = true
	}
	reached := map[*node]bool{}
	var visit func(n *node)
	visit = func(n *node) {
		if reached[n] {
			return
		}
		reached[n] = true
		for _, m := range next[n] {
			visit(m)
		}
	}
	for _, n := range g.nodes {
		n.external = len(n.ports.In) == 0 && len(n.ports.Out) == 0 && len(n.ports.MsgIn) > 0 && !fed[n]
		if n.external {
			visit(n)
		}
	}
	g.independent = 0
	for _, n := range g.nodes {
		n.independent = !reached[n]
		if n.independent {
			g.independent++
		}
	}
	g.independentLeft.Store(int64(g.independent))
}

// independentDone counts down a finished independent block; the last one
// wakes the external blocks, which can finish now.
func (g *Graph) independentDone(n *node) {
	if !n.independent || g.independentLeft.Add(-1) != 0 {
		return
	}
	for _, m := range g.nodes {
		if m.external {
			m.wake.Notify()
		}
	}
}

// msgAbandoned reports, for a block whose stream outputs (if any: streams)
// have all lost their readers, whether its connected message outputs have
// all lost their receivers too, and it has at least one output of either kind.
func msgAbandoned(n *node, streams bool) bool {
	some := streams
	for _, p := range n.ports.MsgOut {
		if p.Connections() == 0 {
			continue
		}
		if !p.Abandoned() {
			return false
		}
		some = true
	}
	return some
}

func closeMsgPorts(n *node) {
	for _, p := range n.ports.MsgOut {
		p.Close()
	}
	for _, p := range n.ports.MsgIn {
		p.Close()
	}
}

// Send delivers v to message input port of block name from outside the
// graph (Go code, a control API), as block.MsgIn.Send does; it reaches
// every message input, the automatic "set" input of a block with settings
// included. Errors match ErrUnknownBlock, ErrUnknownPort,
// block.ErrMsgNotRunning (the graph is not running, or the block has
// finished) and block.ErrMsgDropped.
func (g *Graph) Send(ctx context.Context, name, port string, v pmt.Value) error {
	n := g.byName[name]
	if n == nil {
		return fmt.Errorf("%w: %q", ErrUnknownBlock, name)
	}
	i := n.ports.LookupMsg(port, false)
	if i < 0 {
		return fmt.Errorf("%w: block %q has no message input %q (message inputs: %v)", ErrUnknownPort, name, port, n.ports.MsgInName)
	}
	return n.ports.MsgIn[i].Send(ctx, v)
}
