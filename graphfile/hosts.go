package graphfile

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile/expr"
	"github.com/flowrun/flowrun/internal/port"
)

// A graph file may place its blocks on named hosts:
//
//	hosts:
//	  rx: 127.0.0.1:5600          # address:port the other hosts reach it at
//	  dsp: {address: 127.0.0.1, port: 5700}
//	blocks:
//	  - {name: src, id: file_source, host: rx, parameters: {...}}
//	  - {name: demod, id: quadrature_demod, host: dsp}
//
// Loaded with Options.Host, only that host's blocks run; every connection
// between a block of this host and one of another becomes a ZeroMQ
// PUSH/PULL pair with tags and an end-of-stream mark (zmq_push_sink bound
// on the sending host, zmq_pull_source connecting to it, both with eos, so
// a stream that ends on one host ends on the other; zmq_push_msg_sink and
// zmq_pull_msg_source for message connections). The k-th connection, in
// file order, that leaves a host uses that host's port + k, so every host
// computes the same addresses from the same file. Without Options.Host the
// whole graph runs in one process and the hosts only need to be valid.

// DefaultHostPort is the first port of a host given without one.
const DefaultHostPort = 5600

// ErrHost is matched by the errors of a graph's host split: an unknown
// host, a block without one, a crossing the registry cannot carry.
var ErrHost = errors.New("graphfile: bad host split")

// hostAddr is where a host is reached.
type hostAddr struct {
	addr string
	port int
}

// hostPlan is the split of a graph over hosts.
type hostPlan struct {
	hosts map[string]hostAddr
	bad   map[string]bool   // named but refused (reported once)
	names []string          // in file order
	of    map[string]string // block name → host
	local string            // Options.Host; "" runs every block here
	sent  map[string]int    // host → connections leaving it so far
	cross int               // crossing connections so far, for names
}

// active reports whether the graph is split: only the local host's blocks run.
func (h *hostPlan) active() bool { return h != nil && h.local != "" }

// isRemote reports whether block name runs on another host.
func (h *hostPlan) isRemote(name string) bool {
	return h.active() && h.of[name] != h.local
}

// hostEdgeBytes is the buffer of a stream connection to or from a ZeroMQ
// block standing for another host: a message holds what the sink's input
// holds, and large messages are what make a hop fast (between two
// processes here, complex64 with tags: 300 MB/s with 32 KiB buffers,
// 790 MB/s with 1 MiB, on a loaded 2-core machine). The sink sends what it
// has at once, so a larger buffer adds no latency unless the network
// cannot keep up.
const hostEdgeBytes = 1 << 20

// hostsSection reads the hosts section.
func (l *loader) hostsSection(hs *yaml.Node, local string) {
	if hs == nil {
		if local != "" {
			l.errorf(nil, ErrHost, "--host %s: the graph has no hosts section", expr.Quote(local))
		}
		return
	}
	h := &hostPlan{hosts: map[string]hostAddr{}, bad: map[string]bool{}, of: map[string]string{}, sent: map[string]int{}}
	l.forEach(hs, nil, func(name string, k, v *yaml.Node) {
		h.bad[name] = true // until it is read
		if p := nameProblem(name); p != "" || name == "" {
			l.errorf(k, ErrHost, "host name %s: %s", expr.Quote(name), cmp.Or(p, "empty"))
			return
		}
		a := hostAddr{port: DefaultHostPort}
		switch v.Kind {
		case yaml.ScalarNode:
			a.addr = v.Value
			if host, p, err := net.SplitHostPort(v.Value); err == nil {
				n, err := strconv.Atoi(p)
				if err != nil {
					l.errorf(v, ErrHost, "host %s: port %s is not a number", name, expr.Quote(p))
					return
				}
				a.addr, a.port = host, n
			}
		case yaml.MappingNode:
			l.forEach(v, []string{"address", "port"}, func(key string, _, fv *yaml.Node) {
				switch key {
				case "address":
					a.addr = fv.Value
				case "port":
					n, err := strconv.Atoi(fv.Value)
					if err != nil {
						l.errorf(fv, ErrHost, "host %s: port %s is not a number", name, expr.Quote(fv.Value))
						return
					}
					a.port = n
				}
			})
		default:
			l.errorf(v, ErrHost, "host %s: an address (127.0.0.1:5600) or {address: ..., port: ...}", name)
			return
		}
		if a.addr == "" || strings.ContainsAny(a.addr, "/ \t") {
			l.errorf(v, ErrHost, "host %s: address %s is not a host name or IP address", name, expr.Quote(a.addr))
			return
		}
		if a.port < 1 || a.port > 65535 {
			l.errorf(v, ErrHost, "host %s: port %d is not in 1..65535", name, a.port)
			return
		}
		h.hosts[name] = a
		h.names = append(h.names, name)
		delete(h.bad, name)
	})
	if local != "" {
		if _, ok := h.hosts[local]; !ok {
			l.errorf(hs, ErrHost, "--host %s: no such host in the graph%s", expr.Quote(local), l.hint(local, h.names))
			return
		}
		h.local = local
	}
	l.hosts = h
}

// blockHost checks the host of block name (hn its node, nil if none given).
func (l *loader) blockHost(name string, hn, bn *yaml.Node) bool {
	h := l.hosts
	if h == nil {
		if hn != nil {
			l.errorf(hn, ErrHost, "block %q: host %s, but the graph has no hosts section", name, expr.Quote(hn.Value))
			return false
		}
		return true
	}
	if hn == nil {
		l.errorf(bn, ErrHost, "block %q has no host (hosts: %s)", name, strings.Join(h.names, ", "))
		return false
	}
	if _, ok := h.hosts[hn.Value]; !ok {
		if h.bad[hn.Value] {
			return false // its entry was reported
		}
		l.errorf(hn, ErrHost, "block %q: unknown host %s%s", name, expr.Quote(hn.Value), l.hint(hn.Value, h.names))
		return false
	}
	h.of[name] = hn.Value
	return true
}

// crossing handles a connection whose ends run on different hosts, the
// local graph holding one of them (or neither): it adds the ZeroMQ block
// that stands for the other end. It reports whether it handled c.
func (l *loader) crossing(cn *yaml.Node, c []*yaml.Node, g *flowgraph.Graph) bool {
	h := l.hosts
	if h == nil || len(h.of) == 0 {
		return false
	}
	src, dst := c[0].Value, c[2].Value
	sh, dh := h.of[src], h.of[dst]
	if sh == dh {
		return h.active() && sh != h.local // both remote: nothing here
	}
	k := h.sent[sh]
	h.sent[sh]++
	h.cross++
	if !h.active() {
		return false // one process: an ordinary connection
	}
	a := h.hosts[sh]
	addr := "tcp://" + net.JoinHostPort(a.addr, strconv.Itoa(a.port+k))
	var local block.Block
	var ref string
	out := sh == h.local
	switch {
	case out:
		local, ref = l.localBlock(src, g), c[1].Value
	case dh == h.local:
		local, ref = l.localBlock(dst, g), c[3].Value
	default:
		return true // neither end here
	}
	if local == nil {
		return true
	}
	ps, err := port.Find(local)
	if err != nil {
		l.errorf(cn, err, "%v", err)
		return true
	}
	name := fmt.Sprintf("%s_%s_%d", map[bool]string{true: "to", false: "from"}[out], map[bool]string{true: dh, false: sh}[out], h.cross)
	var id string
	params := map[string]any{"address": addr, "pass_tags": true, "bind": out, "eos": true}
	var newPort string
	if i := ps.Lookup(ref, out); i >= 0 {
		var t reflect.Type
		if out {
			t = ps.Out[i].ItemType()
			id, newPort = "zmq_push_sink", "in"
		} else {
			t = ps.In[i].ItemType()
			id, newPort = "zmq_pull_source", "out"
		}
		params["type"] = t.String()
	} else if i := ps.LookupMsg(ref, out); i >= 0 {
		delete(params, "pass_tags")
		delete(params, "eos")
		if out {
			id, newPort = "zmq_push_msg_sink", "in"
		} else {
			id, newPort = "zmq_pull_msg_source", "out"
		}
	} else {
		what := map[bool]string{true: "output", false: "input"}[out]
		l.errorf(cn, flowgraph.ErrUnknownPort, "block %q has no %s %q", map[bool]string{true: src, false: dst}[out], what, ref)
		return true
	}
	b, err := l.reg.Build(id, params)
	if err != nil {
		l.errorf(cn, errors.Join(ErrHost, err), "connection from host %s to host %s: %v (the registry must have %s)", sh, dh, err, id)
		return true
	}
	if err := g.Add(name, b); err != nil {
		l.errorf(cn, errors.Join(ErrHost, err), "connection from host %s to host %s: %v", sh, dh, err)
		return true
	}
	bytes := hostEdgeBytes
	if id == "zmq_push_msg_sink" || id == "zmq_pull_msg_source" {
		bytes = 0 // a message connection has no buffer
	}
	if out {
		err = g.ConnectByName(src, ref, name, newPort, bytes)
		l.conns = append(l.conns, [4]string{src, ref, name, newPort})
	} else {
		err = g.ConnectByName(name, newPort, dst, ref, bytes)
		l.conns = append(l.conns, [4]string{name, newPort, dst, ref})
	}
	if err != nil {
		l.errorf(cn, err, "%v", err)
	}
	l.crossed = append(l.crossed, LoadedBlock{Name: name, ID: id, Block: b})
	return true
}

// localBlock returns the block added to g under name, or nil.
func (l *loader) localBlock(name string, g *flowgraph.Graph) block.Block {
	for _, lb := range l.built {
		if lb.Name == name {
			return lb.Block
		}
	}
	return nil
}
