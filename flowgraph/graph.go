// Package flowgraph wires blocks into a graph and runs it: one goroutine
// per block, connected by double-mapped circular buffers (the generic
// flavour of package buffer), each block woken through the buffers'
// notifiers when a neighbour produces or consumes.
//
// A block that made no progress sleeps until woken (or until the deadline it
// asked for with block.IO.WakeAt), so an idle graph uses no CPU. A finished
// block closes its outputs, whose readers drain them and finish in turn, and
// closes its inputs, so that a writer whose readers have all gone stops too
// (a head downstream stops an infinite source). Run returns when every block
// has finished, when ctx is cancelled, or at the first error or panic of a
// block, after every goroutine has exited and every buffer is unmapped.
//
// The exception is a block that ignores cancellation. Once ctx is done, Run
// gives every block a grace period (DefaultGrace, WithGrace) to return from
// Init, Work, a message handler or Deinit; a block still inside one then is
// abandoned and reported (ErrStuck, StuckError). Go cannot kill a goroutine:
// the abandoned one is leaked, and the buffers of its ports stay mapped so
// that it cannot fault on them, until it returns, if ever, and cleans up
// after itself.
package flowgraph

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/internal/ticks"
)

// DefaultBufferBytes is the default size of the buffer of each connection.
//
// GNU Radio 3.10 gives each connection twice its 32 KiB fixed size (16384
// float32 items, measured behind a paced sink). Cheap blocks pay a per-call
// cost (waking, parking, bookkeeping: about half a microsecond) that larger
// buffers spread over more items: against 32 KiB, 48 KiB took the CPU time
// of copy_k10 from 1.09 to 0.86 s and of fir_k4 from 1.22 to 1.05 s (64 KiB:
// 0.69 and 1.02 s). Behind a rate-limited sink every buffer fills, so the
// size is also the default latency: 48 KiB keeps it a quarter below GNU
// Radio's; a latency budget (WithMaxLatency) bounds it for real.
const DefaultBufferBytes = 48 << 10

// MaxBufferBytes is the largest buffer of one connection, in bytes, whether
// given explicitly, as the graph's default, or made so by the needs of its
// ports (an FFT size, a decimation factor): Validate refuses a larger one
// rather than let Run fail to map it.
const MaxBufferBytes = 1 << 30

// MaxGraphBufferBytes is the most bytes the buffers of one graph may take
// together (an int64 count, for 32-bit platforms).
const MaxGraphBufferBytes int64 = 4 << 30

// Errors of graph construction and running, matched with errors.Is.
var (
	ErrDuplicateName  = errors.New("flowgraph: duplicate block name")
	ErrUnknownBlock   = errors.New("flowgraph: unknown block")
	ErrUnknownPort    = errors.New("flowgraph: unknown port")
	ErrNotConnected   = errors.New("flowgraph: port not connected")
	ErrCycle          = errors.New("flowgraph: cycle")
	ErrBufferTooSmall = errors.New("flowgraph: buffer too small for a port's needs")
	ErrBufferTooLarge = errors.New("flowgraph: buffer larger than the limit")
	ErrAlreadyRun     = errors.New("flowgraph: graph already run")
	ErrPortKind       = errors.New("flowgraph: stream and message ports do not connect")
	ErrNoHandler      = errors.New("flowgraph: message input without a handler")
	// ErrTypeMismatch means an output and an input carry different item types.
	ErrTypeMismatch = port.ErrTypeMismatch
	// ErrAlreadyConnected means an input already has a source (or a message
	// output feeds a message input already).
	ErrAlreadyConnected = port.ErrAlreadyConnected
)

// Graph is a set of named blocks and the connections between their ports.
// Build it from one goroutine; Stats may be called while Run runs.
type Graph struct {
	nodes       []*node
	byName      map[string]*node
	edges       []*edge
	msgEdges    []msgEdge
	bufferBytes int
	grace       time.Duration     // see WithGrace
	maxLatency  time.Duration     // see WithMaxLatency; 0: no budget
	rates       map[*node]float64 // DeclareRate

	independent     int          // blocks that do not depend on an external one (markExternal)
	independentLeft atomic.Int64 // of those, the ones still running
	ran             atomic.Bool  // Run was called: the graph no longer changes
	opened          atomic.Bool  // buffers mapped: Stats may read their fill
}

type node struct {
	name  string
	b     block.Block
	ports port.Ports
	wake  wake
	stats counters
	ctl   control  // Set and Get requests (control.go)
	act   activity // what the block's goroutine is doing, for the report of a stuck block (run.go)
	io    block.IO // what Work is handed; its Waker notifies wake

	external    bool // message ports only, none of its inputs connected (markExternal)
	independent bool // no path of connections from an external block reaches it
}

// edge is one output and every input it feeds.
type edge struct {
	src   *node
	out   int
	dsts  []*node
	ins   []int
	bytes int // 0: the graph's default
	// maxItems is the limit asked for with MaxItems (0: none); the
	// smallest wins when several connections of the output ask.
	maxItems int
	// The plan Run opened the buffer with (latency.go), for Stats.
	plan edgePlan
}

// GraphError is one problem found by Validate, about the named block.
type GraphError struct {
	Block string
	Err   error // ErrNotConnected, ErrCycle, ErrBufferTooSmall, ErrBufferTooLarge
	Msg   string
}

func (e *GraphError) Error() string { return e.Err.Error() + ": " + e.Msg }

// Unwrap returns the sentinel.
func (e *GraphError) Unwrap() error { return e.Err }

// Option configures a Graph.
type Option func(*Graph)

// WithBufferBytes sets the default buffer size of every connection, in
// bytes; each buffer is then rounded up to what both ends need and to the
// OS page size.
func WithBufferBytes(n int) Option { return func(g *Graph) { g.bufferBytes = n } }

// New returns an empty graph.
func New(opts ...Option) *Graph {
	g := &Graph{byName: map[string]*node{}, bufferBytes: DefaultBufferBytes, grace: DefaultGrace, rates: map[*node]float64{}}
	for _, o := range opts {
		o(g)
	}
	return g
}

// Add adds b under a unique name and discovers its ports. Port fields that
// are slices must have their length set before. Once Run was called the
// graph is fixed: Add (like Connect) returns an error matching ErrAlreadyRun.
func (g *Graph) Add(name string, b block.Block) error {
	if g.ran.Load() {
		return fmt.Errorf("%w: cannot add block %q", ErrAlreadyRun, name)
	}
	if _, dup := g.byName[name]; dup {
		return fmt.Errorf("%w: %q", ErrDuplicateName, name)
	}
	ps, err := port.Find(b)
	if err != nil {
		return fmt.Errorf("flowgraph: block %q: %w", name, err)
	}
	if err := checkHandlers(name, ps); err != nil {
		return err
	}
	n := &node{name: name, b: b, ports: ps, wake: make(wake, 1)}
	n.act.clock = ticks.Start()
	n.ctl.wake = n.wake
	port.IOOf(&n.io).SetWake(n.wake.Notify)
	for i, s := range ps.Setting {
		s.Bind(ps.SettingName[i], ps.Out, n.ctl.post)
	}
	g.nodes = append(g.nodes, n)
	g.byName[name] = n
	return nil
}

// Connect connects an output to an input of blocks already added; both
// must carry T, so a mismatch does not compile. An output may feed many
// inputs; an input takes one output. Options may set the buffer size.
func Connect[T any](g *Graph, src *block.Out[T], dst *block.In[T], opts ...ConnectOption) error {
	if err := g.fixed(); err != nil {
		return err
	}
	sn, so := g.findPort(src, true)
	dn, di := g.findPort(dst, false)
	if sn == nil || dn == nil {
		return fmt.Errorf("%w: a port of a block that was not added", ErrUnknownBlock)
	}
	var c connectConfig
	for _, o := range opts {
		o(&c)
	}
	return g.connect(sn, so, dn, di, c)
}

// Footprint reports what the block added under name costs the graph at
// least: its stream and message ports, and the bytes of the buffers its
// stream ports need when the buffers are sized automatically (bufferNeeds
// times each port's need in items, the need capped at MaxBufferBytes, times
// the item size). A loader of untrusted graph files sums these as it builds
// blocks, to stop before the graph grows past what Validate would refuse.
// ok is false if no block has that name.
func (g *Graph) Footprint(name string) (ports int, bufferBytes int64, ok bool) {
	n := g.byName[name]
	if n == nil {
		return 0, 0, false
	}
	ps := n.ports
	for _, p := range ps.In {
		bufferBytes += bufferNeeds * int64(min(p.Need(), MaxBufferBytes)) * int64(max(p.ItemType().Size(), 1))
	}
	for _, p := range ps.Out {
		bufferBytes += bufferNeeds * int64(min(p.Need(), MaxBufferBytes)) * int64(max(p.ItemType().Size(), 1))
	}
	return len(ps.In) + len(ps.Out) + len(ps.MsgIn) + len(ps.MsgOut), bufferBytes, true
}

// ConnectOption configures one connection.
type ConnectOption func(*connectConfig)

type connectConfig struct{ bytes, maxItems int }

// BufferBytes sets the size of the connection's buffer in bytes (rounded up
// to the page size); Validate refuses a size below the ports' needs. For an
// output that feeds several inputs, the largest size asked for wins.
func BufferBytes(n int) ConnectOption { return func(c *connectConfig) { c.bytes = n } }

// MaxItems lets the output hold at most n items in the connection's buffer
// that its slowest reader has not consumed, however large the buffer: the
// writer waits instead of filling it. It bounds the latency the connection
// adds (n items at the stream's rate) where the buffer cannot be made that
// small (the OS maps at least a page). Validate refuses an n below the
// ports' needs; n <= 0 sets no limit. For an output that feeds several
// inputs, the smallest limit asked for wins. It overrides, on this output,
// the limit a latency budget (WithMaxLatency) would set.
func MaxItems(n int) ConnectOption { return func(c *connectConfig) { c.maxItems = max(n, 0) } }

// ConnectByName connects port srcPort of block src to port dstPort of block
// dst, ports given by name or index. bufferBytes > 0 sets this connection's
// buffer size; opts may set more (MaxItems). The item types are checked
// here, as the YAML loader needs.
func (g *Graph) ConnectByName(src, srcPort, dst, dstPort string, bufferBytes int, opts ...ConnectOption) error {
	if err := g.fixed(); err != nil {
		return err
	}
	sn, dn := g.byName[src], g.byName[dst]
	if sn == nil {
		return fmt.Errorf("%w: %q", ErrUnknownBlock, src)
	}
	if dn == nil {
		return fmt.Errorf("%w: %q", ErrUnknownBlock, dst)
	}
	so := sn.ports.Lookup(srcPort, true)
	mo := sn.ports.LookupMsg(srcPort, true)
	if so < 0 && mo < 0 {
		return fmt.Errorf("%w: block %q has no output %q (outputs: %v%s)", ErrUnknownPort, src, srcPort, sn.ports.OutName, msgNames(sn.ports.MsgOutName))
	}
	di := dn.ports.Lookup(dstPort, false)
	mi := dn.ports.LookupMsg(dstPort, false)
	if di < 0 && mi < 0 {
		return fmt.Errorf("%w: block %q has no input %q (inputs: %v%s)", ErrUnknownPort, dst, dstPort, dn.ports.InName, msgNames(dn.ports.MsgInName))
	}
	if err := checkKinds(src, srcPort, dst, dstPort, so, di); err != nil {
		return err
	}
	if mo >= 0 {
		return g.connectMsg(sn, mo, dn, mi)
	}
	if st, dt := sn.ports.Out[so].ItemType(), dn.ports.In[di].ItemType(); st != dt {
		return fmt.Errorf("%w: %s.%s carries %v, %s.%s takes %v", port.ErrTypeMismatch,
			src, sn.ports.OutName[so], st, dst, dn.ports.InName[di], dt)
	}
	c := connectConfig{bytes: bufferBytes}
	for _, o := range opts {
		o(&c)
	}
	return g.connect(sn, so, dn, di, c)
}

// fixed returns an error once Run was called: the graph no longer changes.
func (g *Graph) fixed() error {
	if g.ran.Load() {
		return fmt.Errorf("%w: cannot connect blocks once Run was called", ErrAlreadyRun)
	}
	return nil
}

func (g *Graph) findPort(wrapper any, out bool) (*node, int) {
	p := port.Inner(wrapper) // the port behind a *block.In or *block.Out
	for _, n := range g.nodes {
		if out {
			for i, q := range n.ports.Out {
				if any(q) == p {
					return n, i
				}
			}
		} else {
			for i, q := range n.ports.In {
				if any(q) == p {
					return n, i
				}
			}
		}
	}
	return nil, -1
}

func (g *Graph) connect(sn *node, so int, dn *node, di int, c connectConfig) error {
	if err := g.fixed(); err != nil {
		return err
	}
	for _, e := range g.edges {
		for k, d := range e.dsts {
			if d == dn && e.ins[k] == di {
				return fmt.Errorf("%w: %s.%s is fed by %s.%s already", port.ErrAlreadyConnected,
					dn.name, dn.ports.InName[di], e.src.name, e.src.ports.OutName[e.out])
			}
		}
	}
	for _, e := range g.edges {
		if e.src == sn && e.out == so {
			e.dsts, e.ins = append(e.dsts, dn), append(e.ins, di)
			e.bytes = max(e.bytes, c.bytes)
			if c.maxItems > 0 && (e.maxItems == 0 || c.maxItems < e.maxItems) {
				e.maxItems = c.maxItems
			}
			return nil
		}
	}
	g.edges = append(g.edges, &edge{src: sn, out: so, dsts: []*node{dn}, ins: []int{di}, bytes: c.bytes, maxItems: c.maxItems})
	return nil
}

// Validate checks that every required input and every output is connected,
// that the graph has no cycle, that every explicit buffer size and limit on
// items in flight (MaxItems) meets the needs of its ports, that a latency
// budget (WithMaxLatency) knows the rate of every connection it limits,
// and that no buffer would exceed MaxBufferBytes, nor all of them together
// MaxGraphBufferBytes. The error names blocks and
// ports; several problems are joined.
func (g *Graph) Validate() error {
	var errs []error
	var total, largestBytes int64 // of the buffers of the edges so far
	var largest *edge
	fed := map[*node][]bool{}
	used := map[*node][]bool{}
	for _, n := range g.nodes {
		fed[n] = make([]bool, len(n.ports.In))
		used[n] = make([]bool, len(n.ports.Out))
	}
	plans, _, planErrs := g.planEdges()
	errs = append(errs, planErrs...)
	for i, e := range g.edges {
		used[e.src][e.out] = true
		for k, d := range e.dsts {
			fed[d][e.ins[k]] = true
		}
		if e.bytes > 0 {
			if need, cap := g.edgeNeed(e), e.bytes/g.itemSize(e); cap < need {
				errs = append(errs, &GraphError{Block: e.src.name, Err: ErrBufferTooSmall,
					Msg: fmt.Sprintf("%s.%s has room for %d items, its ports need %d", e.src.name, e.src.ports.OutName[e.out], cap, need)})
				continue
			}
		}
		if plans[i].tooLarge {
			errs = append(errs, &GraphError{Block: e.src.name, Err: ErrBufferTooLarge,
				Msg: fmt.Sprintf("%s.%s would need a buffer of more than %d bytes (its ports need %d items of %d bytes)",
					e.src.name, e.src.ports.OutName[e.out], MaxBufferBytes, g.edgeNeed(e), g.itemSize(e))})
			continue
		}
		bytes := int64(plans[i].items) * int64(g.itemSize(e))
		if total += bytes; bytes > largestBytes {
			largest, largestBytes = e, bytes
		}
	}
	if total > MaxGraphBufferBytes {
		errs = append(errs, &GraphError{Block: largest.src.name, Err: ErrBufferTooLarge,
			Msg: fmt.Sprintf("the buffers would take %d bytes in all, more than %d (the largest is %s.%s's)",
				total, MaxGraphBufferBytes, largest.src.name, largest.src.ports.OutName[largest.out])})
	}
	for _, n := range g.nodes {
		for i, ok := range fed[n] {
			if !ok && !n.ports.In[i].Optional() {
				errs = append(errs, &GraphError{Block: n.name, Err: ErrNotConnected, Msg: "input " + n.name + "." + n.ports.InName[i]})
			}
		}
		for i, ok := range used[n] {
			if !ok {
				errs = append(errs, &GraphError{Block: n.name, Err: ErrNotConnected, Msg: "output " + n.name + "." + n.ports.OutName[i]})
			}
		}
	}
	if cycle := g.findCycle(); cycle != nil {
		errs = append(errs, &GraphError{Block: cycle[0], Err: ErrCycle, Msg: strings.Join(cycle, " -> ")})
	}
	return errors.Join(errs...)
}

func (g *Graph) itemSize(e *edge) int {
	return max(int(e.src.ports.Out[e.out].ItemType().Size()), 1)
}

// bufferNeeds is how many times the largest need of its ports an
// automatically sized buffer holds, so that the writer can fill chunks
// while the readers work on earlier ones: with only two 2048-item FFT
// vectors per buffer the FFT chain used 1.15 CPUs of 2; with eight, 1.45
// and 30 % more throughput (flowrun bench --only fft).
const bufferNeeds = 8

// edgeItems is the capacity in items of e's buffer: the larger of the
// configured bytes and bufferNeeds times the largest need of its ports,
// or an explicit size as given. With a limit on items in flight (limit >
// 0) and no explicit size, it is no larger than the limit (or the need, if
// larger): the writer never fills more, and the smaller ring stays in
// cache (the OS still rounds it up to a page). ok is false if the size
// is more than MaxBufferBytes (computed without overflow).
func (g *Graph) edgeItems(e *edge, limit int) (items int, ok bool) {
	size := g.itemSize(e)
	bytes := e.bytes
	if bytes == 0 {
		bytes = g.bufferBytes
	}
	if bytes > MaxBufferBytes {
		return 0, false
	}
	items = max(bytes/size, 1)
	if e.bytes == 0 {
		need := g.edgeNeed(e)
		if need > MaxBufferBytes/size/bufferNeeds {
			return 0, false
		}
		items = max(items, bufferNeeds*need)
		if limit > 0 {
			items = min(items, max(limit, need))
		}
	}
	return items, items <= MaxBufferBytes/size
}

// edgeNeed is the least capacity in items that lets both ends progress.
func (g *Graph) edgeNeed(e *edge) int {
	need := e.src.ports.Out[e.out].Need()
	for k, d := range e.dsts {
		need = max(need, d.ports.In[e.ins[k]].Need())
	}
	return need
}

// findCycle returns the names of the blocks on a cycle, or nil.
func (g *Graph) findCycle() []string {
	next := map[*node][]*node{}
	for _, e := range g.edges {
		next[e.src] = append(next[e.src], e.dsts...)
	}
	const (
		unseen = iota
		onPath
		done
	)
	state := map[*node]int{}
	var path []*node
	var visit func(n *node) []string
	visit = func(n *node) []string {
		state[n] = onPath
		path = append(path, n)
		for _, m := range next[n] {
			switch state[m] {
			case onPath:
				i := slices.Index(path, m)
				var names []string
				for _, p := range path[i:] {
					names = append(names, p.name)
				}
				return append(names, m.name)
			case unseen:
				if c := visit(m); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[n] = done
		return nil
	}
	for _, n := range g.nodes {
		if state[n] == unseen {
			if c := visit(n); c != nil {
				return c
			}
		}
	}
	return nil
}
