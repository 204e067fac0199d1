package block

import (
	"errors"
	"fmt"
	"slices"

	"github.com/flowrun/flowrun/buffer"
)

// SetTagPrefix starts the key of the tag a parameter change made while the
// graph runs attaches to the next item of every output of the block:
// "set:frequency" with the new value marks where the change took effect in
// each stream. flowgraph.Graph.Set and SetParamHandler messages both tag.
const SetTagPrefix = "set:"

// ApplyParam sets parameter name of s to v and, when it succeeds, tags the
// next item of every opened output in outs with SetTagPrefix+name and the
// new value (as Param returns it). Call it between Work calls, on the
// block's goroutine, with outs nil when the graph is not running.
func ApplyParam(s Settable, outs []OutPort, name string, v any) error {
	if err := s.SetParam(name, v); err != nil {
		return err
	}
	if len(outs) == 0 {
		return nil
	}
	nv, _ := s.Param(name)
	for _, p := range outs {
		if p.Opened() {
			p.AddTag(buffer.Tag{Offset: p.Offset(), Key: SetTagPrefix + name, Value: nv})
		}
	}
	return nil
}

// ErrBadMessage is wrapped by the error a parameter message input records
// for a message it cannot apply (see SetParamHandler).
var ErrBadMessage = errors.New("block: bad parameter message")

// SetParamHandler makes p a parameter input of block b (GNU Radio's
// message ports that set a block's variables): each message changes
// settable parameters of b between Work calls, exactly as
// flowgraph.Graph.Set does, tagging the change point of every stream
// output with SetTagPrefix+name. A message is either a map
// {"param": value, ...}, applied in sorted key order, or a list
// [param, value]. b must be a Block implementing Settable; call
// SetParamHandler in its constructor:
//
//	b.Set.SetParamHandler(b) // Set block.MsgIn: the "set" port
//
// A message that cannot be applied (not a map or pair, an unknown or
// unsettable parameter, a bad value) does not stop the graph: each refused
// change is counted (Rejected) and the last error kept (LastError), and
// the message's other changes still apply. Values are converted and bounds
// checked by the registry spec the scheduler gives the port (SetSpec), as
// Graph.Set checks them, then by the block's SetParam.
func (p *MsgIn) SetParamHandler(b Settable) {
	var outs []OutPort
	found := false
	p.SetHandler(func(v Value) error {
		if !found {
			if blk, ok := b.(Block); ok {
				if ps, err := FindPorts(blk); err == nil {
					outs = ps.Out
				}
			}
			found = true
		}
		for _, c := range paramChanges(v) {
			if c.err == nil {
				c.err = p.applyParam(b, outs, c.name, c.value)
			}
			if c.err != nil {
				p.reject(c.err)
			}
		}
		return nil
	})
}

func (p *MsgIn) applyParam(b Settable, outs []OutPort, name string, v any) error {
	if s := p.spec.Load(); s != nil {
		var err error
		if v, err = s.CheckSettable(name, v); err != nil {
			return fmt.Errorf("%w: %w", ErrBadMessage, err)
		}
	}
	if err := ApplyParam(b, outs, name, v); err != nil {
		return fmt.Errorf("%w: %w", ErrBadMessage, err)
	}
	return nil
}

type paramChange struct {
	name  string
	value any
	err   error
}

// paramChanges splits a parameter message into its changes.
func paramChanges(v Value) []paramChange {
	if m, ok := v.Map(); ok {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		out := make([]paramChange, 0, len(keys))
		for _, k := range keys {
			out = append(out, paramChange{name: k, value: plainValue(m[k])})
		}
		return out
	}
	if l, ok := v.List(); ok && len(l) == 2 {
		if name, ok := l[0].Str(); ok {
			return []paramChange{{name: name, value: plainValue(l[1])}}
		}
	}
	return []paramChange{{err: fmt.Errorf("%w: want a map {param: value} or a pair [param, value], got %v", ErrBadMessage, v)}}
}

// plainValue returns the Go value of v as ParamAs takes it: lists become
// []any (a [re, im] pair is a complex number), vectors lists of numbers.
func plainValue(v Value) any {
	switch x := v.Any().(type) {
	case []Value:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainValue(e)
		}
		return out
	case []float32:
		out := make([]float64, len(x))
		for i, e := range x {
			out[i] = float64(e)
		}
		return out
	case []complex64:
		out := make([]complex128, len(x))
		for i, e := range x {
			out[i] = complex128(e)
		}
		return out
	case int64:
		return int(x)
	default:
		return x
	}
}

func (p *MsgIn) reject(err error) {
	p.rejected.Add(1)
	p.lastErr.Store(&err)
}

// Rejected returns the parameter changes refused by a SetParamHandler
// input; safe from any goroutine.
func (p *MsgIn) Rejected() uint64 { return p.rejected.Load() }

// LastError returns the error of the last refused parameter change, or
// nil; safe from any goroutine.
func (p *MsgIn) LastError() error {
	if e := p.lastErr.Load(); e != nil {
		return *e
	}
	return nil
}

// SetSpec gives a parameter input the registry spec of its block, to check
// and convert values as Spec.CheckSettable does. Schedulers call it before
// the graph runs; nil leaves the checks to the block's SetParam.
func (p *MsgIn) SetSpec(s *Spec) { p.spec.Store(s) }
