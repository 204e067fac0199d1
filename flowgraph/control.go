package flowgraph

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Runtime control: Set and Get reach a block's settings (its
// block.Setting fields) at any time. Before Run and after the block's goroutine
// has ended they apply directly; while it runs, the request is queued to
// the block's goroutine, which wakes and applies it between two Work calls,
// never concurrently with Work.

// SetTagPrefix starts the key of the tag that Set attaches, while the graph
// runs, to the next item of every output of the block: "set:frequency"
// with the new value marks where the change took effect in each stream.
// Messages to a block's "set" input, and Setting.Set, tag the same way.
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
	mu      sync.Mutex
	state   ctlState
	queue   []*ctlReq
	spec    *registry.Spec
	wake    wake        // the block's
	pending atomic.Bool // queue is not empty: serve has work // the registry spec, if known: validates and converts values
}

type ctlReq struct {
	f    func() error // runs on the block's goroutine, between Work calls
	err  error
	done chan struct{}
}

// SetSpec tells the graph the registry spec of block name, as Load does:
// Set then accepts only the parameters the spec declares Settable and
// converts and bounds-checks values as the spec says.
func (g *Graph) SetSpec(name string, s *registry.Spec) error {
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
func (g *Graph) Spec(name string) *registry.Spec {
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
// match ErrUnknownBlock, registry.ErrNotSettable, registry.ErrUnknownParam or
// block.ErrBadParam with errors.Is.
func (g *Graph) Set(name, param string, v any) error {
	return g.SetContext(context.Background(), name, param, v)
}

// SetContext is Set, giving up when ctx is done (the change may still be
// applied if the block had already taken it).
func (g *Graph) SetContext(ctx context.Context, name, param string, v any) error {
	n, i, err := g.setting(name, param)
	if err != nil {
		return err
	}
	if spec := g.Spec(name); spec != nil {
		if v, err = spec.CheckSettable(param, v); err != nil {
			return fmt.Errorf("flowgraph: block %q: %w", name, err)
		}
	}
	apply, err := n.ports.Setting[i].Prepare(v)
	if err != nil {
		return fmt.Errorf("flowgraph: block %q: %w", name, err)
	}
	err = n.ctl.do(ctx, n, func(running bool) error { apply(running); return nil })
	if err != nil {
		return fmt.Errorf("flowgraph: block %q: %w", name, err)
	}
	return nil
}

// Get returns the current value of parameter param of block name (a
// block.Setting's value, of its Go type).
func (g *Graph) Get(name, param string) (any, error) {
	n, i, err := g.setting(name, param)
	if err != nil {
		return nil, err
	}
	return n.ports.Setting[i].Value(), nil
}

// Settable returns the names of the settings of block name (its
// block.Setting fields), which Set accepts; nil for an unknown block.
func (g *Graph) Settable(name string) []string {
	n := g.byName[name]
	if n == nil {
		return nil
	}
	return slices.Clone(n.ports.SettingName)
}

// setting finds setting param of block name.
func (g *Graph) setting(name, param string) (*node, int, error) {
	n := g.byName[name]
	if n == nil {
		return nil, 0, fmt.Errorf("%w: %q", ErrUnknownBlock, name)
	}
	if i := n.ports.LookupSetting(param); i >= 0 {
		return n, i, nil
	}
	if len(n.ports.Setting) == 0 {
		return nil, 0, fmt.Errorf("flowgraph: block %q (%T) has no settable parameters: %w", name, n.b, registry.ErrNotSettable)
	}
	if spec := g.Spec(name); spec != nil {
		if _, err := spec.CheckSettable(param, nil); err != nil && !isBadParam(err) {
			return nil, 0, fmt.Errorf("flowgraph: block %q: %w", name, err)
		}
	}
	return nil, 0, fmt.Errorf("flowgraph: block %q: %w: %q (settable: %v)", name, registry.ErrUnknownParam, param, n.ports.SettingName)
}

func isBadParam(err error) bool {
	pe, ok := err.(*registry.ParamError)
	return ok && pe.Err == block.ErrBadParam
}

// post runs f on n's goroutine between Work calls while it runs, without
// waiting for it; directly otherwise (Setting.Set).
func (c *control) post(f func(running bool) error) {
	c.mu.Lock()
	switch c.state {
	case ctlAbandoned:
		c.mu.Unlock()
		return
	case ctlIdle, ctlDone:
		defer c.mu.Unlock()
		_ = safeCall(func() error { return f(false) })
		return
	}
	c.queue = append(c.queue, &ctlReq{f: func() error { return f(true) }})
	c.pending.Store(true)
	c.mu.Unlock()
	c.wake.Notify()
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
	c.pending.Store(true)
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
	if !c.pending.Load() {
		return // the common case: one atomic load per Work call
	}
	c.mu.Lock()
	q := c.queue
	c.queue = nil
	c.pending.Store(false)
	c.mu.Unlock()
	if len(q) > 0 {
		a.enter(phaseControl, a.now())
	}
	for _, r := range q {
		r.err = safeCall(r.f)
		if r.done != nil {
			close(r.done)
		}
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
		if r.done != nil {
			close(r.done)
		}
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
				if r.done != nil {
					close(r.done)
				}
			}
		}
		n.ctl.mu.Unlock()
	}
}
