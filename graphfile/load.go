package graphfile

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile/expr"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// Options configure Load.
type Options struct {
	// File names the source in error messages.
	File string
	// Set overrides graph variables (name → expression) and block
	// parameters (block.param → value), as flowrun run --set does.
	Set map[string]string
	// MaxFileSize is the largest file accepted, in bytes: 0 means
	// DefaultMaxFileSize (16 MiB), a negative value no limit. Parsed YAML
	// takes up to some 20 times the file's size (MaxNodes bounds the rest).
	MaxFileSize int64
	// Host, for a graph with a hosts section, runs only that host's
	// blocks, joined to the other hosts' by ZeroMQ (see DefaultHostPort);
	// "" runs the whole graph here.
	Host string
}

// Loaded is a graph read from YAML, ready to Run.
type Loaded struct {
	Graph *flowgraph.Graph
	Name  string
	// Vars are the variables' values, by name; SetVariable changes them
	// (read them through Variable while the graph runs).
	Vars        map[string]float64
	Variables   []Variable    // in file order, with their bounds
	Blocks      []LoadedBlock // in file order
	Connections [][4]string   // src, port, dst, port as written
	Hosts       []string      // the hosts section's names, in file order

	mu    sync.Mutex  // SetVariable
	exprs []paramExpr // block parameters written as expressions of variables
}

// LoadedBlock is one block of a loaded graph.
type LoadedBlock struct {
	Name, ID string
	Params   registry.Params // validated, defaults filled in
	Block    block.Block
	Host     string // the host it runs on, for a graph with hosts
}

// Error is one problem of a YAML graph, at a position of the file.
type Error struct {
	File      string
	Line, Col int
	Msg       string
	Err       error // the underlying error or sentinel, if any
}

// Error returns "file:line:col: message".
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is the problems found in a YAML graph, in file order: the
// first MaxErrors of them, then, if there were more, one saying how many
// more there were, at the position of the first not shown.
type ErrorList []*Error

// Error returns one line per problem.
func (es ErrorList) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (es ErrorList) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// ErrBadGraph is matched by every error of Load.
var ErrBadGraph = errors.New("graphfile: bad graph file")

// ErrFileTooLarge is matched, besides ErrBadGraph, by the error of Load for
// a file larger than Options.MaxFileSize.
var ErrFileTooLarge = errors.New("graphfile: graph file too large")

type loader struct {
	file string
	reg  *registry.Registry
	set  map[string]string
	// declared are the block names in the file, loaded or not; bufNodes
	// are the 5th elements of connections, by source block.
	declared map[string]bool
	bufNodes map[string]*yaml.Node
	done     map[string]bool // block.param overrides applied
	errs     ErrorList       // the first errors by position, at most 4·MaxErrors
	nerr     int             // errors reported, kept in errs or not
	dropped  *Error          // the first by position of those dropped from errs
	vars     map[string]float64
	lists    map[string]listVar // list variables, by name
	varList  []Variable         // in file order
	exprs    []paramExpr        // block parameters written as expressions
	conns    [][4]string
	ports    int           // of the blocks built so far
	needs    int64         // bytes the ports of the blocks built so far need at least
	hosts    *hostPlan     // nil without a hosts section
	built    []LoadedBlock // the blocks added to the graph
	crossed  []LoadedBlock // the ZeroMQ blocks standing for other hosts' ends
}

func (l *loader) errorf(n *yaml.Node, err error, format string, args ...any) {
	e := &Error{File: l.file, Msg: cutMessage(fmt.Sprintf(format, args...)), Err: errors.Join(ErrBadGraph, err)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	if e.Line == 0 {
		e.Line, e.Col = 1, 1
	}
	l.add(e)
}

// add records e, keeping only the errors that may be among the first
// MaxErrors by position, so that a file with millions of problems does not
// make millions of errors.
func (l *loader) add(e *Error) {
	l.nerr++
	l.errs = append(l.errs, e)
	if len(l.errs) >= 4*MaxErrors {
		sortErrors(l.errs)
		if d := l.errs[MaxErrors]; l.dropped == nil || before(d, l.dropped) {
			l.dropped = d
		}
		clear(l.errs[MaxErrors:])
		l.errs = l.errs[:MaxErrors]
	}
}

// quiet says whether enough errors were reported that costly hints ("did
// you mean") are no longer worth computing.
func (l *loader) quiet() bool { return l.nerr >= MaxErrors }

func before(a, b *Error) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}

func sortErrors(es ErrorList) {
	sort.SliceStable(es, func(i, j int) bool { return before(es[i], es[j]) })
}

// result returns the errors in file order, capped at MaxErrors.
func (l *loader) result() ErrorList {
	sortErrors(l.errs)
	if len(l.errs) > MaxErrors {
		if d := l.errs[MaxErrors]; l.dropped == nil || before(d, l.dropped) {
			l.dropped = d
		}
		l.errs = l.errs[:MaxErrors]
	}
	if more := l.nerr - len(l.errs); more > 0 {
		d := l.dropped
		l.errs = append(l.errs, &Error{File: l.file, Line: d.Line, Col: d.Col, Err: ErrBadGraph,
			Msg: fmt.Sprintf("and %d more errors from here on, not shown", more)})
	}
	return l.errs
}

// Load reads a graph in flowrun's YAML format (the GNU Radio Companion
// shape: metadata, options, variables, blocks, connections), builds every
// block through reg and connects them. All problems found are returned
// together as an ErrorList, each with file:line:column (the first MaxErrors
// of them).
//
// The file is untrusted: its size (Options.MaxFileSize), its YAML
// (MaxNodes, MaxNesting), its sections (MaxBlocks, MaxConnections,
// MaxVariables), names (MaxNameLen), lists (MaxListLen), ports (MaxPorts),
// expressions (expr.Eval) and buffers (flowgraph.MaxBufferBytes and
// MaxGraphBufferBytes) are
// bounded, and every number is checked before it sizes anything, so that
// no file makes Load panic or exhaust memory, and no size that Run would
// refuse passes.
//
//	metadata: {name: fir-chain, file_format: 1}
//	options: {buffer_size: 32768}
//	variables: {samp_rate: 2e6, cutoff: samp_rate/8}
//	blocks:
//	  - {name: src, id: signal_source, parameters: {type: complex64, frequency: 1e3, sample_rate: samp_rate}}
//	  - {name: snk, id: null_sink, parameters: {type: complex64}}
//	connections:
//	  - [src, out, snk, in]       # ports by name or index; optional 5th element: buffer bytes or {buffer_size: bytes, max_items: n}
func Load(data []byte, reg *registry.Registry, o Options) (*Loaded, error) {
	l := newLoader(reg, o)
	maxSize := o.MaxFileSize
	if maxSize == 0 {
		maxSize = DefaultMaxFileSize
	}
	if maxSize > 0 && int64(len(data)) > maxSize {
		l.errorf(nil, ErrFileTooLarge, "graph file of %d bytes is larger than the limit of %d bytes (Options.MaxFileSize)", len(data), maxSize)
		return nil, l.result()
	}
	if msg, line, col := scanFile(data); msg != "" {
		l.errorf(&yaml.Node{Line: line, Column: col}, nil, "%s", msg)
		return nil, l.result()
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, col := 0, 1
		var te *yaml.TypeError
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if !errors.As(err, &te) {
			fmt.Sscanf(msg, "line %d:", &line)
		}
		if line == 0 {
			line, col = yamlErrorPos(data, msg)
		}
		return nil, ErrorList{{File: l.file, Line: line, Col: col, Msg: cutMessage("malformed YAML: " + msg), Err: errors.Join(ErrBadGraph, err)}}
	}
	return l.load(&doc, o)
}

// LoadNode is Load for a document already parsed, or built in memory by a
// translator of another format (package grc builds one from a GNU Radio
// Companion file, with the positions of that file in its nodes, so that
// every error points into it). Options.File names the source; the limits
// of Load hold, MaxNodes counted on the nodes, aliases not followed, in
// place of the file's size.
func LoadNode(doc *yaml.Node, reg *registry.Registry, o Options) (*Loaded, error) {
	l := newLoader(reg, o)
	if doc == nil {
		doc = &yaml.Node{}
	}
	if n := countNodes(doc); n > MaxNodes {
		l.errorf(doc, nil, "too many YAML elements: %d values, keys and lists, more than the limit of %d", n, MaxNodes)
		return nil, l.result()
	}
	return l.load(doc, o)
}

func newLoader(reg *registry.Registry, o Options) *loader {
	l := &loader{file: o.File, reg: reg, vars: map[string]float64{}, lists: map[string]listVar{}, set: o.Set, done: map[string]bool{},
		declared: map[string]bool{}, bufNodes: map[string]*yaml.Node{}}
	if l.file == "" {
		l.file = "graph"
	}
	return l
}

// load builds the graph of a parsed document.
func (l *loader) load(doc *yaml.Node, o Options) (*Loaded, error) {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		l.errorf(doc, nil, "a graph file is a mapping with blocks and connections")
		return nil, l.result()
	}
	root := doc
	sections := map[string]*yaml.Node{}
	known := []string{"metadata", "options", "variables", "hosts", "blocks", "connections"}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !contains(known, k.Value) {
			l.errorf(k, nil, "unknown section %s%s", expr.Quote(k.Value), l.hint(k.Value, known))
			continue
		}
		if sections[k.Value] != nil {
			l.errorf(k, nil, "duplicate section %q", k.Value)
			continue
		}
		sections[k.Value] = v
	}
	for _, limit := range []struct {
		section string
		max     int
	}{{"blocks", MaxBlocks}, {"connections", MaxConnections}, {"variables", MaxVariables}} {
		s := sections[limit.section]
		if s == nil {
			continue
		}
		n := len(s.Content)
		if s.Kind == yaml.MappingNode {
			n /= 2
		}
		if n > limit.max {
			l.errorf(s, nil, "%d %s, more than the limit of %d", n, limit.section, limit.max)
			return nil, l.result()
		}
	}
	res := &Loaded{}
	if md := sections["metadata"]; md != nil {
		l.forEach(md, nil, func(key string, _, v *yaml.Node) {
			if key != "name" {
				return
			}
			if p := nameProblem(v.Value); v.Kind != yaml.ScalarNode || p != "" {
				l.errorf(v, nil, "graph name %s: %s", expr.Quote(v.Value), cmp.Or(p, "not a string"))
				return
			}
			res.Name = v.Value
		})
	}
	l.variables(sections["variables"], o.Set)
	l.hostsSection(sections["hosts"], o.Host)
	var gopts []flowgraph.Option
	if op := sections["options"]; op != nil {
		l.forEach(op, []string{"buffer_size", "max_latency"}, func(k string, kn, v *yaml.Node) {
			switch k {
			case "buffer_size":
				if n, ok := l.bufferBytes(v, "buffer_size"); ok {
					gopts = append(gopts, flowgraph.WithBufferBytes(n))
				}
			case "max_latency":
				if d, ok := l.duration(v, "max_latency"); ok {
					gopts = append(gopts, flowgraph.WithMaxLatency(d))
				}
			}
		})
	}
	g := flowgraph.New(gopts...)
	res.Graph, res.Vars = g, l.vars
	positions := map[string]*yaml.Node{}
	blocksOK := false
	if bs := sections["blocks"]; bs == nil {
		l.errorf(root, nil, "no blocks section")
	} else if bs.Kind != yaml.SequenceNode {
		l.errorf(bs, nil, "blocks must be a list")
	} else {
		blocksOK = true
		for _, bn := range bs.Content {
			lb, ok := l.block(bn, g)
			if ok && l.hosts.isRemote(lb.Name) {
				positions[lb.Name] = bn // checked and built, run by another host
				continue
			}
			if ok {
				res.Blocks = append(res.Blocks, lb)
				l.built = append(l.built, lb)
				positions[lb.Name] = bn
			}
			if !l.budget(g, lb, bn, ok) {
				return nil, l.result()
			}
		}
	}
	var stray []string
	for key := range o.Set {
		if strings.Contains(key, ".") && !l.done[key] {
			stray = append(stray, key)
		}
	}
	sort.Strings(stray)
	for _, key := range stray {
		l.errorf(&yaml.Node{Line: 1, Column: 1}, nil, "--set %s: the graph has no block %q", key, strings.SplitN(key, ".", 2)[0])
	}
	if cs := sections["connections"]; cs != nil && blocksOK {
		if cs.Kind != yaml.SequenceNode {
			l.errorf(cs, nil, "connections must be a list")
		} else {
			for _, cn := range cs.Content {
				l.connection(cn, g, positions)
			}
		}
	}
	if len(l.errs) == 0 {
		if err := g.Validate(); err != nil {
			var ge *flowgraph.GraphError
			for _, e := range unjoin(err) {
				n := root
				if errors.As(e, &ge) && positions[ge.Block] != nil {
					n = positions[ge.Block]
					if (errors.Is(e, flowgraph.ErrBufferTooSmall) || errors.Is(e, flowgraph.ErrBufferTooLarge)) && l.bufNodes[ge.Block] != nil {
						n = l.bufNodes[ge.Block]
					}
				}
				l.errorf(n, e, "%v%s", e, graphHint(e))
			}
		}
	}
	if l.nerr > 0 {
		return nil, l.result()
	}
	res.Connections = l.conns
	res.Variables = l.varList
	local := map[string]bool{}
	for _, b := range l.built {
		local[b.Name] = true
	}
	for _, e := range l.exprs {
		if local[e.block] {
			res.exprs = append(res.exprs, e)
		}
	}
	res.Blocks = append(res.Blocks, l.crossed...)
	if l.hosts != nil {
		res.Hosts = l.hosts.names
	}
	return res, nil
}

func graphHint(err error) string {
	switch {
	case errors.Is(err, flowgraph.ErrNotConnected):
		return " (add a connection for it)"
	case errors.Is(err, flowgraph.ErrCycle):
		return " (flowrun graphs must be acyclic)"
	case errors.Is(err, flowgraph.ErrBufferTooSmall):
		return " (raise the connection's 5th element or drop it to size the buffer automatically)"
	case errors.Is(err, flowgraph.ErrBufferTooLarge):
		return " (lower the sizes that make the ports' needs: FFT size, decimation, vector length, taps)"
	}
	return ""
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hint suggests the nearest of candidates, or lists them; after MaxErrors
// errors it says nothing, since the message will not be shown.
func (l *loader) hint(s string, candidates []string) string {
	if l.quiet() {
		return ""
	}
	return hint(s, candidates)
}

// hint suggests the nearest of candidates, or lists them.
func hint(s string, candidates []string) string {
	if near := registry.Nearest(s, candidates, 1); len(near) > 0 {
		return " (did you mean " + near[0] + "?)"
	}
	return " (expected one of: " + strings.Join(candidates, ", ") + ")"
}

// forEach walks a mapping, reporting keys not in known.
func (l *loader) forEach(m *yaml.Node, known []string, f func(key string, k, v *yaml.Node)) {
	if m.Kind != yaml.MappingNode {
		l.errorf(m, nil, "expected a mapping")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			l.errorf(k, nil, "a key must be a plain scalar, not a list or a map")
			continue
		}
		if len(k.Value) > MaxNameLen {
			l.errorf(k, nil, "key %s longer than %d bytes", expr.Quote(k.Value), MaxNameLen)
			continue
		}
		if seen[k.Value] {
			l.errorf(k, nil, "duplicate key %q", k.Value)
			continue
		}
		seen[k.Value] = true
		if known != nil && !contains(known, k.Value) {
			l.errorf(k, nil, "unknown key %q%s", k.Value, l.hint(k.Value, known))
			continue
		}
		f(k.Value, k, v)
	}
}

// number evaluates a scalar that is a number or an expression of variables.
func (l *loader) number(v *yaml.Node) (float64, bool) {
	if v.Kind != yaml.ScalarNode {
		l.errorf(v, nil, "expected a number or an expression")
		return 0, false
	}
	if f := 0.0; v.Tag == "!!float" && v.Decode(&f) == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
		l.errorf(v, nil, "%s is not a finite number", expr.Quote(v.Value)) // .nan, .inf
		return 0, false
	}
	if f, err := strconv.ParseFloat(v.Value, 64); err == nil && v.Tag != "!!str" {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			l.errorf(v, nil, "%s is not a finite number", expr.Quote(v.Value))
			return 0, false
		}
		return f, true
	}
	f, err := expr.Eval(v.Value, l.vars)
	if err != nil {
		l.errorf(v, err, "%v", err)
		return 0, false
	}
	return f, true
}

// bufferBytes evaluates a buffer size: a whole number of bytes in
// [1, MaxBufferBytes].
func (l *loader) bufferBytes(v *yaml.Node, what string) (int, bool) { return l.whole(v, what, "bytes") }

// whole evaluates a whole number of units in [1, MaxBufferBytes].
func (l *loader) whole(v *yaml.Node, what, units string) (int, bool) {
	f, ok := l.number(v)
	if !ok {
		return 0, false
	}
	if !(f >= 1 && f <= flowgraph.MaxBufferBytes) || f != math.Trunc(f) {
		l.errorf(v, nil, "%s must be a whole number of %s in [1, %d], not %v", what, units, flowgraph.MaxBufferBytes, f)
		return 0, false
	}
	return int(f), true
}

// duration evaluates a time span: a Go duration ("20ms", "1.5s") or a
// number of seconds (an expression of variables), positive and at most an
// hour.
func (l *loader) duration(v *yaml.Node, what string) (time.Duration, bool) {
	d, err := time.ParseDuration(v.Value)
	if v.Kind != yaml.ScalarNode || err != nil || v.Tag != "!!str" {
		// Not a Go duration (those are strings: "20ms"): seconds.
		f, ok := l.number(v)
		if !ok {
			return 0, false
		}
		d = -1 // out of range, refused below, before a conversion that could overflow
		if f > 0 && f <= time.Hour.Seconds() {
			d = time.Duration(f * float64(time.Second))
		}
	}
	if d <= 0 || d > time.Hour {
		l.errorf(v, nil, "%s must be a duration in (0, 1h] (\"20ms\", or a number of seconds), not %s", what, expr.Quote(v.Value))
		return 0, false
	}
	return d, true
}

// budget counts the ports of a block just built and the bytes they need
// at least, and reports when the graph's blocks pass MaxPorts or would
// need more than MaxGraphBufferBytes of buffers: it returns false then,
// and loading stops, since a large block's state is allocated when it is
// built.
func (l *loader) budget(g *flowgraph.Graph, lb LoadedBlock, bn *yaml.Node, built bool) bool {
	if !built {
		return true
	}
	ports, bytes, _ := g.Footprint(lb.Name)
	l.ports += ports
	if l.ports > MaxPorts {
		l.errorf(bn, nil, "block %q: the graph has more than %d ports, the limit", lb.Name, MaxPorts)
		return false
	}
	l.needs += bytes
	if l.needs > flowgraph.MaxGraphBufferBytes {
		l.errorf(bn, nil, "block %q: the graph's blocks would need more than %d bytes of buffers, the limit", lb.Name, int64(flowgraph.MaxGraphBufferBytes))
		return false
	}
	return true
}

func (l *loader) variables(vs *yaml.Node, set map[string]string) {
	used := map[string]bool{}
	if vs != nil {
		l.forEach(vs, nil, func(name string, k, v *yaml.Node) {
			if p := nameProblem(name); p != "" {
				l.errorf(k, nil, "variable name %s: %s", expr.Quote(name), p)
				return
			}
			if v.Kind == yaml.AliasNode && v.Alias != nil {
				v = v.Alias
			}
			if v.Kind == yaml.SequenceNode {
				// A list variable: the value of a list parameter (taps).
				if text, ok := set[name]; ok {
					used[name] = true
					var doc yaml.Node
					if err := yaml.Unmarshal([]byte(text), &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.SequenceNode {
						l.errorf(k, err, "--set %s=%s: the variable is a list: give a YAML list such as [0.5, 0.25]", name, text)
						return
					}
					v = doc.Content[0]
					v.Line, v.Column = k.Line, k.Column
				}
				if lv, ok := l.listVariable(v); ok {
					l.lists[name] = lv
				}
				return
			}
			vr := Variable{Name: name, Expr: v.Value}
			if v.Kind == yaml.MappingNode {
				var ok bool
				if v, ok = l.boundedVariable(v, &vr); !ok {
					return
				}
			}
			if text, ok := set[name]; ok {
				used[name] = true
				f, err := expr.Eval(text, l.vars)
				if err != nil {
					l.errorf(k, err, "--set %s=%s: %v", name, text, err)
					return
				}
				if msg := vr.outOfBounds(f); msg != "" {
					l.errorf(k, ErrBadVariable, "--set %s=%s: %s", name, text, msg)
					return
				}
				l.vars[name] = f
				vr.Value, vr.Expr, vr.pinned = f, text, true
				l.varList = append(l.varList, vr)
				return
			}
			if f, ok := l.number(v); ok {
				if msg := vr.outOfBounds(f); msg != "" {
					l.errorf(v, ErrBadVariable, "variable %s: %s", name, msg)
					return
				}
				l.vars[name] = f
				vr.Value = f
				l.varList = append(l.varList, vr)
			}
		})
	}
	var unknown []string
	for name := range set {
		if !used[name] && !strings.Contains(name, ".") {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		n := vs
		if n == nil {
			n = &yaml.Node{Line: 1, Column: 1}
		}
		l.errorf(n, nil, "--set %s: the graph has no variable %q", name, name)
	}
}

func (l *loader) block(bn *yaml.Node, g *flowgraph.Graph) (LoadedBlock, bool) {
	var lb LoadedBlock
	var params, nameNode, idNode, hostNode *yaml.Node
	if bn.Kind != yaml.MappingNode {
		l.errorf(bn, nil, "a block is a mapping {name: ..., id: ..., parameters: {...}}")
		return lb, false
	}
	l.forEach(bn, []string{"name", "id", "host", "parameters"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			lb.Name, nameNode = v.Value, v
		case "id":
			lb.ID, idNode = v.Value, v
		case "host":
			hostNode = v
		case "parameters":
			params = v
		}
	})
	if nameNode != nil && nameNode.Kind != yaml.ScalarNode {
		l.errorf(nameNode, nil, "a block name is a string, not a list or a map")
		return lb, false
	}
	if nameNode == nil || lb.Name == "" {
		l.errorf(bn, nil, "block without a name")
		return lb, false
	}
	if p := nameProblem(lb.Name); p != "" {
		l.errorf(nameNode, nil, "block name %s: %s", expr.Quote(lb.Name), p)
		return lb, false
	}
	l.declared[lb.Name] = true // connections to it are checked only if it loads
	if !l.blockHost(lb.Name, hostNode, bn) {
		return lb, false
	}
	if hostNode != nil {
		lb.Host = hostNode.Value
	}
	if idNode != nil && (idNode.Kind != yaml.ScalarNode || len(lb.ID) > MaxNameLen) {
		l.errorf(idNode, registry.ErrUnknownID, "block %q: a block id is a short string (run `flowrun blocks` for the list)", lb.Name)
		return lb, false
	}
	if idNode == nil || lb.ID == "" {
		l.errorf(bn, nil, "block %q without an id (run `flowrun blocks` for the list)", lb.Name)
		return lb, false
	}
	spec, ok := l.reg.Lookup(lb.ID)
	if !ok {
		l.errorf(idNode, registry.ErrUnknownID, "unknown block id %q%s", lb.ID, l.hint(lb.ID, l.reg.IDs()))
		return lb, false
	}
	raw := map[string]any{}
	keyPos, valPos := map[string]*yaml.Node{}, map[string]*yaml.Node{}
	failed := map[string]bool{} // already reported while converting
	nerr := len(l.errs)
	if params != nil {
		l.forEach(params, nil, func(key string, k, v *yaml.Node) {
			keyPos[key], valPos[key] = k, v
			p, known := paramByName(spec, key)
			if !known {
				raw[key] = v.Value // reported by Check with a hint
				return
			}
			if v.Kind == yaml.ScalarNode && (v.Tag == "!!bool" || v.Tag == "!!null") && p.Type != registry.ParamBool && p.Type != registry.ParamValue {
				var x any
				_ = v.Decode(&x)
				raw[key] = x // a literal of the wrong type: Check names what is allowed
				return
			}
			if val, ok := l.value(v, p.Type); ok {
				raw[key] = val
				l.noteExpr(lb.Name, key, p.Type, v)
			} else {
				failed[key] = true
			}
		})
	}
	for key, text := range l.set {
		bname, pname, ok := strings.Cut(key, ".")
		if !ok || bname != lb.Name {
			continue
		}
		l.done[key] = true
		l.dropExpr(lb.Name, pname)
		p, known := paramByName(spec, pname)
		if !known {
			raw[pname] = text // reported by Check with a hint
			continue
		}
		if p.Type == registry.ParamValue {
			// A value in YAML syntax: --set 'strobe.message={frequency: 1500}'.
			val, ok := l.setValue(key, text, nameNode)
			if ok {
				raw[pname] = val
			}
			failed[pname] = !ok
			continue
		}
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: text, Line: nameNode.Line, Column: nameNode.Column}
		if p.Type == registry.ParamString || p.Type == registry.ParamFloat || p.Type == registry.ParamInt || p.Type == registry.ParamComplex {
			n.Tag = "!!str"
		}
		if val, ok := l.value(n, p.Type); ok {
			raw[pname] = val
			failed[pname] = false
		} else {
			failed[pname] = true
		}
	}
	vals, err := spec.Check(raw)
	if err != nil {
		for _, e := range unjoin(err) {
			n := bn
			var pe *registry.ParamError
			if errors.As(e, &pe) {
				if failed[pe.Param] {
					continue
				}
				if errors.Is(e, block.ErrBadParam) && valPos[pe.Param] != nil {
					n = valPos[pe.Param]
				} else if keyPos[pe.Param] != nil {
					n = keyPos[pe.Param]
				}
			}
			l.errorf(n, e, "block %q: %v", lb.Name, e)
		}
		return lb, false
	}
	if len(l.errs) > nerr {
		return lb, false
	}
	if l.hosts.isRemote(lb.Name) {
		// Checked, not built: its constructor may need what only its host
		// has (a recording whose metadata gives the item type).
		lb.Params = vals
		return lb, true
	}
	b, err := spec.New(vals)
	if err != nil {
		l.errorf(bn, err, "block %q (%s): %v", lb.Name, lb.ID, err)
		return lb, false
	}
	if err := g.Add(lb.Name, b); err != nil {
		l.errorf(nameNode, err, "%v", err)
		return lb, false
	}
	_ = g.SetSpec(lb.Name, spec) // Set validates against the spec (control.go)
	if p, ok := paramByName(spec, "sample_rate"); ok && p.Type == registry.ParamFloat && raw["sample_rate"] != nil {
		// A sample rate given in the file (not a default) is the rate of
		// the block's inputs (of its outputs for a source): what a latency
		// budget needs. The spec checked it; a rate DeclareRate refuses
		// (0) only leaves it unknown.
		_ = g.DeclareRate(lb.Name, vals.Float("sample_rate"))
	}
	lb.Block, lb.Params = b, vals
	return lb, true
}

func paramByName(s *registry.Spec, name string) (registry.Param, bool) {
	for _, p := range s.Params {
		if p.Name == name {
			return p, true
		}
	}
	return registry.Param{}, false
}

// value converts a YAML node to the Go value a parameter of type t takes,
// evaluating expressions where numbers are expected.
func (l *loader) value(v *yaml.Node, t registry.ParamType) (any, bool) {
	switch t {
	case registry.ParamFloat, registry.ParamInt:
		return l.number(v)
	case registry.ParamBool:
		var b bool
		if v.Kind != yaml.ScalarNode {
			l.errorf(v, nil, "expected true or false, not a list or a map")
			return nil, false
		}
		if v.Decode(&b) != nil {
			l.errorf(v, nil, "expected true or false, not %q", v.Value)
			return nil, false
		}
		return b, true
	case registry.ParamString:
		if v.Kind != yaml.ScalarNode {
			l.errorf(v, nil, "expected a string")
			return nil, false
		}
		return v.Value, true
	case registry.ParamComplex:
		return l.complexValue(v)
	case registry.ParamValue:
		return l.messageValue(v, nil, "")
	case registry.ParamFloats, registry.ParamComplexes:
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if lv, ok := l.lists[v.Value]; ok && v.Kind == yaml.ScalarNode {
			return lv.as(l, v, t)
		}
		if v.Kind != yaml.SequenceNode {
			l.errorf(v, nil, "expected a list, or the name of a list variable")
			return nil, false
		}
		if len(v.Content) > MaxListLen {
			l.errorf(v, nil, "a list of %d elements, more than the limit of %d", len(v.Content), MaxListLen)
			return nil, false
		}
		out := make([]any, 0, len(v.Content))
		for _, e := range v.Content {
			var x any
			var ok bool
			if t == registry.ParamFloats {
				x, ok = l.number(e)
			} else {
				x, ok = l.complexValue(e)
			}
			if !ok {
				return nil, false
			}
			out = append(out, x)
		}
		return out, true
	}
	return nil, false
}

// listVar is a list variable, its elements evaluated where it is declared.
type listVar struct {
	elems []complex128
	real  bool // no element was a [re, im] pair
}

// listVariable evaluates the elements of a list variable: numbers or
// expressions of the variables declared before it, or [re, im] pairs.
func (l *loader) listVariable(v *yaml.Node) (listVar, bool) {
	if len(v.Content) > MaxListLen {
		l.errorf(v, nil, "a list of %d elements, more than the limit of %d", len(v.Content), MaxListLen)
		return listVar{}, false
	}
	lv := listVar{real: true}
	for _, e := range v.Content {
		if e.Kind == yaml.SequenceNode {
			lv.real = false
		}
		c, ok := l.complexValue(e)
		if !ok {
			return listVar{}, false
		}
		lv.elems = append(lv.elems, c.(complex128))
	}
	return lv, true
}

// as returns the list as a value of a list parameter of type t, used at v.
func (lv listVar) as(l *loader, v *yaml.Node, t registry.ParamType) (any, bool) {
	out := make([]any, len(lv.elems))
	for i, c := range lv.elems {
		if t == registry.ParamComplexes {
			out[i] = c
			continue
		}
		if !lv.real {
			l.errorf(v, nil, "list variable %s holds complex [re, im] pairs; this parameter takes real numbers", v.Value)
			return nil, false
		}
		out[i] = real(c)
	}
	return out, true
}

// setValue parses the YAML text of a --set override of a ParamValue
// parameter, reporting problems at the block's name.
func (l *loader) setValue(key, text string, at *yaml.Node) (pmt.Value, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		l.errorf(at, err, "--set %s: malformed YAML value: %s", key, strings.TrimPrefix(err.Error(), "yaml: "))
		return pmt.Value{}, false
	}
	return l.messageValue(&doc, at, "--set "+key+": ")
}

// complexValue takes a number, an expression, or a [re, im] pair.
func (l *loader) complexValue(v *yaml.Node) (any, bool) {
	if v.Kind == yaml.SequenceNode && len(v.Content) == 2 {
		re, ok1 := l.number(v.Content[0])
		im, ok2 := l.number(v.Content[1])
		return complex(re, im), ok1 && ok2
	}
	f, ok := l.number(v)
	return complex(f, 0), ok
}

func (l *loader) connection(cn *yaml.Node, g *flowgraph.Graph, positions map[string]*yaml.Node) {
	if cn.Kind != yaml.SequenceNode || len(cn.Content) < 4 || len(cn.Content) > 5 {
		l.errorf(cn, nil, "a connection is [src, port, dst, port], [src, port, dst, port, buffer_bytes] or [src, port, dst, port, {buffer_size: bytes, max_items: n}]")
		return
	}
	c := cn.Content
	for i, what := range []string{"block", "port", "block", "port"} {
		if c[i].Kind != yaml.ScalarNode || len(c[i].Value) > MaxNameLen {
			l.errorf(c[i], nil, "a connection's %s is a name of at most %d bytes", what, MaxNameLen)
			return
		}
	}
	for _, i := range []int{0, 2} {
		if positions[c[i].Value] == nil {
			if !l.declared[c[i].Value] {
				h := ""
				if !l.quiet() {
					names := make([]string, 0, len(positions))
					for n := range positions {
						names = append(names, n)
					}
					sort.Strings(names)
					h = hint(c[i].Value, names)
				}
				l.errorf(c[i], flowgraph.ErrUnknownBlock, "no block named %q%s", c[i].Value, h)
			}
			return
		}
	}
	bytes := 0
	var opts []flowgraph.ConnectOption
	if len(c) == 5 && c[4].Kind == yaml.MappingNode {
		ok := true
		l.forEach(c[4], []string{"buffer_size", "max_items"}, func(k string, _, v *yaml.Node) {
			if k == "buffer_size" {
				n, good := l.bufferBytes(v, k)
				ok, bytes = ok && good, n
				return
			}
			n, good := l.whole(v, k, "items")
			ok = ok && good
			opts = append(opts, flowgraph.MaxItems(n))
		})
		if !ok {
			return
		}
		l.bufNodes[c[0].Value] = c[4]
	} else if len(c) == 5 {
		n, ok := l.bufferBytes(c[4], "buffer size")
		if !ok {
			return
		}
		bytes = n
		l.bufNodes[c[0].Value] = c[4]
	}
	if l.crossing(cn, c, g) {
		return
	}
	l.conns = append(l.conns, [4]string{c[0].Value, c[1].Value, c[2].Value, c[3].Value})
	if err := g.ConnectByName(c[0].Value, c[1].Value, c[2].Value, c[3].Value, bytes, opts...); err != nil {
		n := cn
		switch {
		case errors.Is(err, flowgraph.ErrUnknownPort) && strings.Contains(err.Error(), "no output"):
			n = c[1]
		case errors.Is(err, flowgraph.ErrUnknownPort):
			n = c[3]
		}
		l.errorf(n, err, "%v", err)
	}
}
