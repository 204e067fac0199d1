package grc

import (
	"encoding/base64"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowrun/flowrun/pmt"
)

// ignored are the GRC blocks that are not part of the graph that runs.
var ignored = map[string]bool{"note": true, "import": true, "options": true, "virtual_sink": true, "virtual_source": true}

// built is a translated block: the flowrun block names its GRC input
// ports go to (one, or one per input), its rule.
type built struct {
	b     *block
	r     rule
	names []string // names[i]: the flowrun block of input i (perInput), names[0] otherwise
	out   string   // the flowrun block of the outputs: names[0], or the last of a chain
}

func (c *conv) translate(name string, conns *yaml.Node) *yaml.Node {
	table := rules()
	c.numeric = c.numericVars()
	var unmapped []string
	var firstUnmapped *yaml.Node
	out := map[string]*built{}
	var blockNodes []*yaml.Node
	var chainConns [][2]string
	var chainAt []*yaml.Node
	used := map[string]bool{}
	for _, b := range c.blocks {
		used[b.name] = true
	}
	for _, b := range c.blocks {
		if b.state == "disabled" || ignored[b.id] || c.vars[b.name] != nil || b.state == "bypassed" {
			continue
		}
		r, ok := table[b.id]
		if !ok {
			unmapped = append(unmapped, fmt.Sprintf("%s (%s, line %d)", b.name, b.id, b.line()))
			if firstUnmapped == nil {
				firstUnmapped = b.node
			}
			continue
		}
		t := &tr{c: c, b: b, id: r.id}
		if r.build != nil {
			r.build(t)
		}
		if t.fail {
			continue
		}
		note := strings.TrimSpace(strings.Join([]string{r.note, t.note}, " "))
		if note != "" {
			c.warnf(b.line(), "block %s (%s → %s): %s", b.name, b.id, t.id, note)
		}
		bt := &built{b: b, r: r, names: []string{b.name}}
		n := 1
		if r.perInput && t.id != "message_debug" {
			n = c.inputCount(b, conns)
		}
		for i := 1; i < n; i++ {
			nm := fmt.Sprintf("%s_in%d", b.name, i)
			for used[nm] {
				nm += "_"
			}
			used[nm] = true
			bt.names = append(bt.names, nm)
		}
		for _, nm := range bt.names {
			blockNodes = append(blockNodes, c.blockNode(nm, t))
		}
		// A GRC block that is a chain of flowrun blocks: the first takes
		// the inputs, each feeds the next, the last gives the outputs.
		bt.out = b.name
		for i, next := range t.chain {
			nm := fmt.Sprintf("%s_%d", b.name, i+1)
			for used[nm] {
				nm += "_"
			}
			used[nm] = true
			blockNodes = append(blockNodes, c.blockNode(nm, next))
			chainConns = append(chainConns, [2]string{bt.out, nm})
			chainAt = append(chainAt, b.node)
			bt.out = nm
		}
		bt.r.id = t.id
		out[b.name] = bt
	}
	if len(unmapped) > 0 {
		what := fmt.Sprintf("%d blocks have", len(unmapped))
		if len(unmapped) == 1 {
			what = "1 block has"
		}
		c.errorf(firstUnmapped, ErrUnsupported, "%s no flowrun equivalent: %s (run `flowrun blocks` for what flowrun has; docs/grc.md lists the mappings)",
			what, strings.Join(unmapped, ", "))
	}
	connNodes := c.connections(conns, out)
	for i, cc := range chainConns {
		line, col := chainAt[i].Line, chainAt[i].Column
		connNodes = append(connNodes, flowSeq(line, col, str(cc[0], line, col), scalar("0", "!!int", line, col),
			str(cc[1], line, col), scalar("0", "!!int", line, col)))
	}
	if len(c.errs) > 0 {
		return nil
	}
	doc := mapping(1, 1)
	md := mapping(1, 1)
	addKV(md, "name", str(name, 1, 1))
	addKV(md, "file_format", scalar("1", "!!int", 1, 1))
	addKV(doc, "metadata", md)
	if vs := c.variablesNode(); vs != nil {
		addKV(doc, "variables", vs)
	}
	bs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: 1, Column: 1, Content: blockNodes}
	addKV(doc, "blocks", bs)
	cs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: 1, Column: 1, Content: connNodes}
	addKV(doc, "connections", cs)
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{doc}}
}

// inputCount counts the stream input ports of block b that connections use.
func (c *conv) inputCount(b *block, conns *yaml.Node) int {
	n := 1
	if conns == nil {
		return n
	}
	for _, cn := range conns.Content {
		if cn.Kind == yaml.SequenceNode && len(cn.Content) == 4 && cn.Content[2].Value == b.name {
			if i, err := strconv.Atoi(cn.Content[3].Value); err == nil && i+1 > n && i < 1024 {
				n = i + 1
			}
		}
	}
	return n
}

func (c *conv) blockNode(name string, t *tr) *yaml.Node {
	line, col := t.b.node.Line, t.b.node.Column
	bn := mapping(line, col)
	addKV(bn, "name", str(name, line, col))
	addKV(bn, "id", str(t.id, line, col))
	if len(t.params) > 0 {
		pn := mapping(line, col)
		vars := c.numeric
		for _, p := range t.params {
			addKV(pn, p.name, valueNode(p.val, p.line, p.col, vars))
		}
		addKV(bn, "parameters", pn)
	}
	return bn
}

// variablesNode lists the variables whose values are real numbers, each
// after those it uses.
func (c *conv) variablesNode() *yaml.Node {
	vs := mapping(1, 1)
	known := map[string]float64{}
	for _, n := range c.order {
		v := c.vars[n]
		f, ok := realNumber(v.val)
		if !ok {
			continue
		}
		line, col := v.at.Line, v.at.Column
		k := str(n, v.b.node.Line, v.b.node.Column)
		if v.comment != "" {
			k.HeadComment = v.comment + ": --set " + n + "=... when the graph starts, PUT /variables/" + n + " of the control API while it runs"
		}
		val := scalar(exprText(v.text, f, known), "", line, col)
		setNumberTag(val)
		if b := c.boundsNode(v, f, val, known); b != nil {
			vs.Content = append(vs.Content, k, b)
		} else {
			vs.Content = append(vs.Content, k, val)
		}
		known[n] = f
	}
	if len(vs.Content) == 0 {
		return nil
	}
	return vs
}

// guiBounds are the parameters that bound a GUI variable: minimum,
// maximum and step ("" for none).
var guiBounds = map[string][3]string{
	"variable_qtgui_range":        {"start", "stop", "step"},
	"variable_qtgui_dial_control": {"minimum", "maximum", ""},
}

// boundsNode writes a GUI variable with bounds as {value, min, max, step},
// or returns nil for one without (or whose bounds do not hold its value:
// a warning says so).
func (c *conv) boundsNode(v *variable, f float64, val *yaml.Node, known map[string]float64) *yaml.Node {
	params, ok := guiBounds[v.b.id]
	if !ok {
		return nil
	}
	m := mapping(val.Line, val.Column)
	m.Style = yaml.FlowStyle
	m.Content = append(m.Content, str("value", val.Line, val.Column), val)
	var lo, hi *float64
	for i, key := range []string{"min", "max", "step"} {
		p := params[i]
		if p == "" || v.b.params[p] == nil {
			continue
		}
		x, err := c.eval(v.b, p)
		b, isNum := realNumber(x)
		if err != nil || !isNum || key == "step" && b <= 0 {
			c.warnf(v.b.line(), "variable %s: its GUI %s %q is left out: not a number flowrun can use", v.b.name, p, v.b.param(p))
			continue
		}
		switch key {
		case "min":
			lo = &b
		case "max":
			hi = &b
		}
		n := v.b.params[p]
		bn := scalar(exprText(n.Value, b, known), "", n.Line, n.Column)
		setNumberTag(bn)
		m.Content = append(m.Content, str(key, n.Line, n.Column), bn)
	}
	if lo != nil && f < *lo || hi != nil && f > *hi || lo != nil && hi != nil && *lo > *hi {
		c.warnf(v.b.line(), "variable %s: its value %v is outside its GUI bounds, which are left out", v.b.name, f)
		return nil
	}
	return m
}

func setNumberTag(n *yaml.Node) {
	if _, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
		n.Tag = "!!int"
	} else if _, err := strconv.ParseFloat(n.Value, 64); err == nil {
		n.Tag = "!!float"
	} else {
		n.Tag = "!!str"
	}
}

// endpoint is one end of a connection: a GRC block and port.
type endpoint struct {
	block, port string
}

// connections translates the connections: those of disabled blocks are
// dropped, bypassed blocks and virtual sink/source pairs joined through.
func (c *conv) connections(conns *yaml.Node, out map[string]*built) []*yaml.Node {
	if conns == nil {
		return nil
	}
	type conn struct {
		src, dst endpoint
		node     *yaml.Node
	}
	var all []conn
	for _, cn := range conns.Content {
		if cn.Kind != yaml.SequenceNode || len(cn.Content) != 4 {
			c.errorf(cn, nil, "a connection is [source, port, sink, port]")
			continue
		}
		all = append(all, conn{endpoint{cn.Content[0].Value, cn.Content[1].Value}, endpoint{cn.Content[2].Value, cn.Content[3].Value}, cn})
	}
	live := func(name string) *block {
		b := c.byName[name]
		if b == nil || b.state == "disabled" {
			return nil
		}
		return b
	}
	// upstream finds the real sources feeding a pass-through block.
	var upstream func(e endpoint, depth int) []endpoint
	upstream = func(e endpoint, depth int) []endpoint {
		b := live(e.block)
		if b == nil || depth > 64 {
			return nil
		}
		var feeds []endpoint
		switch {
		case b.id == "virtual_source":
			id := b.param("stream_id")
			for _, x := range all {
				if s := live(x.dst.block); s != nil && s.id == "virtual_sink" && s.param("stream_id") == id {
					feeds = append(feeds, x.src)
				}
			}
		case b.state == "bypassed":
			for _, x := range all {
				if x.dst.block == b.name && x.dst.port == "0" {
					feeds = append(feeds, x.src)
				}
			}
		default:
			return []endpoint{e}
		}
		var res []endpoint
		for _, f := range feeds {
			res = append(res, upstream(f, depth+1)...)
		}
		return res
	}
	var nodes []*yaml.Node
	seen := map[string]bool{}
	for _, x := range all {
		if c.byName[x.dst.block] == nil {
			c.errorf(x.node, nil, "connection to %s: there is no block of that name", x.dst.block)
			continue
		}
		d := live(x.dst.block)
		if d == nil || d.id == "virtual_sink" || d.state == "bypassed" {
			continue
		}
		if c.byName[x.src.block] == nil {
			c.errorf(x.node, nil, "connection from %s: there is no block of that name", x.src.block)
			continue
		}
		for _, s := range upstream(x.src, 0) {
			sb, db := out[s.block], out[x.dst.block]
			if v := c.vars[s.block]; v != nil && v.widget {
				c.warnf(x.node.Line, "the connection from GUI widget %s (%s) is left out: flowrun has no GUI", s.block, v.b.id)
				continue
			}
			if v := c.vars[x.dst.block]; v != nil && v.widget {
				c.warnf(x.node.Line, "the connection to GUI widget %s (%s) is left out: flowrun has no GUI", x.dst.block, v.b.id)
				continue
			}
			if sb == nil || db == nil {
				continue // a block that failed or has no equivalent: reported
			}
			sName, sPort, ok1 := c.port(sb, s.port, false, x.node)
			dName, dPort, ok2 := c.port(db, x.dst.port, true, x.node)
			if !ok1 || !ok2 {
				continue
			}
			key := strings.Join([]string{sName, sPort, dName, dPort}, "\x00")
			if seen[key] {
				continue
			}
			seen[key] = true
			line, col := x.node.Line, x.node.Column
			cn := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col}
			for _, s := range []string{sName, sPort, dName, dPort} {
				n := str(s, line, col)
				if _, err := strconv.Atoi(s); err == nil {
					n.Tag = "!!int" // a port index
				}
				cn.Content = append(cn.Content, n)
			}
			nodes = append(nodes, cn)
		}
	}
	return nodes
}

// port maps a GRC port of a translated block to a flowrun block and port;
// ok=false when the connection is dropped (with a warning) or refused.
func (c *conv) port(bt *built, p string, in bool, at *yaml.Node) (name, port string, ok bool) {
	if i, err := strconv.Atoi(p); err == nil && i >= 0 {
		if in && bt.r.perInput {
			if i < len(bt.names) {
				return bt.names[i], "0", true
			}
			return "", "", false
		}
		if !in {
			return bt.out, p, true
		}
		return bt.names[0], p, true
	}
	ports := bt.r.msgOut
	if in {
		ports = bt.r.msgIn
	}
	ours, known := ports[p]
	switch {
	case ours == "-":
		c.warnf(at.Line, "the connection to message port %s of %s (%s) is left out: flowrun's %s has no such port", p, bt.b.name, bt.b.id, bt.r.id)
		return "", "", false
	case !known:
		dir := "output"
		if in {
			dir = "input"
		}
		c.errorf(at, nil, "message %s %s of block %s (%s) has no flowrun equivalent", dir, p, bt.b.name, bt.b.id)
		return "", "", false
	}
	return bt.names[0], ours, true
}

func mapping(line, col int) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: col}
}

func addKV(m *yaml.Node, k string, v *yaml.Node) {
	m.Content = append(m.Content, str(k, v.Line, v.Column), v)
}

func scalar(v, tag string, line, col int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v, Line: line, Column: col}
}

func str(v string, line, col int) *yaml.Node { return scalar(v, "!!str", line, col) }

// valueNode writes a parameter value as YAML.
func valueNode(v any, line, col int, vars map[string]float64) *yaml.Node {
	switch x := v.(type) {
	case number:
		n := scalar(formatNumber(x.val), "", line, col)
		if x.text != "" {
			n.Value = exprText(x.text, x.val, vars)
		}
		setNumberTag(n)
		return n
	case string:
		return str(x, line, col)
	case bool:
		return scalar(strconv.FormatBool(x), "!!bool", line, col)
	case complex128:
		if imag(x) == 0 {
			return numberNode(real(x), line, col)
		}
		return flowSeq(line, col, numberNode(real(x), line, col), numberNode(imag(x), line, col))
	case []float64:
		s := flowSeq(line, col)
		for _, f := range x {
			s.Content = append(s.Content, numberNode(f, line, col))
		}
		return s
	case []complex128:
		s := flowSeq(line, col)
		for _, c := range x {
			s.Content = append(s.Content, valueNode(c, line, col, nil))
		}
		return s
	case pmt.Value:
		return pmtNode(x, line, col)
	}
	panic(fmt.Sprintf("grc: no YAML for %T", v)) // every rule sets one of the types above
}

func numberNode(f float64, line, col int) *yaml.Node {
	n := scalar(formatNumber(f), "", line, col)
	setNumberTag(n)
	return n
}

func flowSeq(line, col int, items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col, Content: items}
}

// pmtNode writes a message value in the YAML a graph file's value
// parameters take (see graphfile's message values).
func pmtNode(v pmt.Value, line, col int) *yaml.Node {
	if v.IsNull() {
		return scalar("null", "!!null", line, col)
	}
	if b, ok := v.Bool(); ok {
		return scalar(strconv.FormatBool(b), "!!bool", line, col)
	}
	if i, ok := v.Int(); ok {
		return scalar(strconv.FormatInt(i, 10), "!!int", line, col)
	}
	if f, ok := v.Float(); ok {
		s := strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			s = map[bool]string{true: ".inf", false: "-.inf"}[f > 0]
			if math.IsNaN(f) {
				s = ".nan"
			}
		}
		return scalar(s, "!!float", line, col)
	}
	if s, ok := v.Str(); ok {
		return str(s, line, col)
	}
	if b, ok := v.Bytes(); ok {
		return scalar(base64.StdEncoding.EncodeToString(b), "!!binary", line, col)
	}
	if m, ok := v.Map(); ok {
		out := mapping(line, col)
		out.Style = yaml.FlowStyle
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out.Content = append(out.Content, str(k, line, col), pmtNode(m[k], line, col))
		}
		return out
	}
	if l, ok := v.List(); ok {
		s := flowSeq(line, col)
		for _, x := range l {
			s.Content = append(s.Content, pmtNode(x, line, col))
		}
		return s
	}
	if c, ok := v.Complex(); ok {
		return flowSeq(line, col, numberNode(real(c), line, col), numberNode(imag(c), line, col))
	}
	if f, ok := v.Floats(); ok {
		s := flowSeq(line, col)
		for _, x := range f {
			s.Content = append(s.Content, numberNode(float64(x), line, col))
		}
		return s
	}
	if cs, ok := v.Complexes(); ok {
		s := flowSeq(line, col)
		for _, x := range cs {
			s.Content = append(s.Content, valueNode(complex128(x), line, col, nil))
		}
		return s
	}
	return str(v.String(), line, col)
}
