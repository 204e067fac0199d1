package flowgraph

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/flowrun/flowrun/block"
)

// Runtime control: Set and Get reach a block's settable parameters (see
// block.Settable) at any time. Before Run and after the block's goroutine
// has ended they apply directly; while it runs, the request is queued to
// the block's goroutine, which wakes and applies it between two Work calls,
// never concurrently with Work.

// SetTagPrefix starts the key of the tag that Set attaches, while the graph
// runs, to the next item of every output of the block: "set:frequency"
// with the new value marks where the change took effect in each stream.
// Messages to a block.MsgIn.SetParamHandler input tag the same way.
const SetTagPrefix = block.SetTagPrefix

type ctlState int

const (
	ctlIdle      ctlState = iota // before Run: apply directly
	ctlRunning                   // queue to the block's goroutine
	ctlDone                      // the goroutine has ended: apply directly
	ctlAbandoned                 // Run gave up on the goroutine, which may still run Work: refuse
)

// control is a node's queue of parameter requests.
type control struct {
	mu    sync.Mutex
	state ctlState
	queue []*ctlReq
	spec  *block.Spec // the registry spec, if known: validates and converts values
}

type ctlReq struct {
	f    func() error // runs on the block's goroutine, between Work calls
	err  error
	done chan struct{}
}

// SetSpec tells the graph the registry spec of block name, as Load does:
// Set then accepts only the parameters the spec declares Settable and
// converts and bounds-checks values as the spec says.
func (g *Graph) SetSpec(name string, s *block.Spec) error {
	n := g.byName[name]
	if n == nil {
		return fmt.Errorf("%w: %q", ErrUnknownBlock, name)
	}
	n.ctl.mu.Lock()
	n.ctl.spec = s
	n.ctl.mu.Unlock()
	return nil
}

// Spec returns the registry spec of block name given by SetSpec (or Load), or nil.
func (g *Graph) Spec(name string) *block.Spec {
	n := g.byName[name]
	if n == nil {
		return nil
	}
	n.ctl.mu.Lock()
	defer n.ctl.mu.Unlock()
	return n.ctl.spec
}

// Set changes parameter param of block name to v, safely while the graph
// runs: between two Work calls of the block, which is woken for it. It
// returns once the change was applied, with the block's error; the block's
// own Work must not call it (it would wait for itself). Errors
// match ErrUnknownBlock, block.ErrNotSettable, block.ErrUnknownParam or
// block.ErrBadParam with errors.Is.
func (g *Graph) Set(name, param string, v any) error {
	return g.SetContext(context.Background(), name, param, v)
}

// SetContext is Set, giving up when ctx is done (the change may still be
// applied if the block had already taken it).
func (g *Graph) SetContext(ctx context.Context, name, param string, v any) error {
	n, s, err := g.settable(name)
	if err != nil {
		return err
	}
	if spec := g.Spec(name); spec != nil {
		if v, err = spec.CheckSettable(param, v); err != nil {
			return fmt.Errorf("flowgraph: block %q: %w", name, err)
		}
	}
	err = n.ctl.do(ctx, n, func(running bool) error {
		var outs []block.OutPort
		if running {
			outs = n.ports.Out // mark the change point: the next item of every output
		}
		return block.ApplyParam(s, outs, param, v)
	})
	if err != nil {
		return fmt.Errorf("flowgraph: block %q: %w", name, err)
	}
	return nil
}

// Get returns the current value of parameter param of block name, read
// between Work calls while the graph runs.
func (g *Graph) Get(name, param string) (any, error) {
	return g.GetContext(context.Background(), name, param)
}

// GetContext is Get, giving up when ctx is done.
func (g *Graph) GetContext(ctx context.Context, name, param string) (any, error) {
	n, s, err := g.settable(name)
	if err != nil {
		return nil, err
	}
	if spec := g.Spec(name); spec != nil {
		if _, err := spec.CheckSettable(param, nil); err != nil && !isBadParam(err) {
			return nil, fmt.Errorf("flowgraph: block %q: %w", name, err)
		}
	}
	var v any
	err = n.ctl.do(ctx, n, func(bool) error {
		var err error
		v, err = s.Param(param)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("flowgraph: block %q: %w", name, err)
	}
	return v, nil
}

// Settable returns the names of the parameters of block name that Set
// accepts, as its spec declares them (nil if the spec is unknown).
func (g *Graph) Settable(name string) []string {
	if s := g.Spec(name); s != nil {
		if _, ok := g.byName[name].b.(block.Settable); ok {
			return s.SettableParams()
		}
	}
	return nil
}

func isBadParam(err error) bool {
	pe, ok := err.(*block.ParamError)
	return ok && pe.Err == block.ErrBadParam
}

func (g *Graph) settable(name string) (*node, block.Settable, error) {
	n := g.byName[name]
	if n == nil {
		return nil, nil, fmt.Errorf("%w: %q", ErrUnknownBlock, name)
	}
	s, ok := n.b.(block.Settable)
	if !ok {
		return nil, nil, fmt.Errorf("flowgraph: block %q (%T) has no settable parameters: %w", name, n.b, block.ErrNotSettable)
	}
	return n, s, nil
}

// do runs f on n's goroutine between Work calls while it runs, directly otherwise.
func (c *control) do(ctx context.Context, n *node, f func(running bool) error) error {
	c.mu.Lock()
	switch c.state {
	case ctlAbandoned:
		c.mu.Unlock()
		return fmt.Errorf("%w: Run gave up on the block", ErrStuck)
	case ctlIdle, ctlDone:
		defer c.mu.Unlock()
		return safeCall(func() error { return f(false) })
	}
	r := &ctlReq{f: func() error { return f(true) }, done: make(chan struct{})}
	c.queue = append(c.queue, r)
	c.mu.Unlock()
	n.wake.Notify()
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
	}
	c.mu.Lock()
	for i, q := range c.queue {
		if q == r {
			c.queue = append(c.queue[:i], c.queue[i+1:]...)
			c.mu.Unlock()
			return ctx.Err()
		}
	}
	c.mu.Unlock()
	<-r.done // being applied now
	return r.err
}

// serve applies the queued requests; the block's goroutine calls it before
// each Work call.
func (c *control) serve(a *activity) {
	c.mu.Lock()
	q := c.queue
	c.queue = nil
	c.mu.Unlock()
	if len(q) > 0 {
		a.enter(phaseControl, time.Now())
	}
	for _, r := range q {
		r.err = safeCall(r.f)
		close(r.done)
	}
}

// finish ends the queueing: the block's goroutine has stopped calling Work.
func (c *control) finish() {
	c.mu.Lock()
	c.state = ctlDone
	q := c.queue
	c.queue = nil
	c.mu.Unlock()
	for _, r := range q {
		r.err = safeCall(r.f)
		close(r.done)
	}
}

// controlRun switches every block to queued requests; Run calls it before Init.
func (g *Graph) controlRun() {
	for _, n := range g.nodes {
		n.ctl.mu.Lock()
		n.ctl.state = ctlRunning
		n.ctl.mu.Unlock()
	}
}

// controlEnd ends the queueing when Run returns: requests apply directly
// from then on, except to the abandoned blocks, which refuse them until
// their goroutine ends.
func (g *Graph) controlEnd(abandoned []*node) {
	for _, n := range g.nodes {
		if !slices.Contains(abandoned, n) {
			n.ctl.finish()
			continue
		}
		n.ctl.mu.Lock()
		if n.ctl.state == ctlRunning {
			n.ctl.state = ctlAbandoned
			q := n.ctl.queue
			n.ctl.queue = nil
			for _, r := range q {
				r.err = fmt.Errorf("%w: Run gave up on the block", ErrStuck)
				close(r.done)
			}
		}
		n.ctl.mu.Unlock()
	}
}
