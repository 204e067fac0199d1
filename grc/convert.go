package grc

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/graphfile/expr"
	"github.com/flowrun/flowrun/grc/internal/py"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// ErrBadFile is matched by every error of Convert and Load.
var ErrBadFile = errors.New("grc: cannot translate the GRC file")

// ErrUnsupported is matched, besides ErrBadFile, by the error naming the
// blocks that have no flowrun equivalent.
var ErrUnsupported = errors.New("grc: blocks without a flowrun equivalent")

// Options configure Convert and Load.
type Options struct {
	// File names the source in errors and warnings.
	File string
	// Set overrides variables and block parameters, as graphfile.Options.Set
	// (Load only).
	Set map[string]string
	// MaxFileSize is the largest file accepted, in bytes: 0 means
	// graphfile.DefaultMaxFileSize, a negative value no limit.
	MaxFileSize int64
}

// Converted is a GRC file translated to flowrun's graph format.
type Converted struct {
	// Doc is the flowrun graph document; its nodes carry the line and
	// column of what they come from in the GRC file.
	Doc *yaml.Node
	// Warnings are what the translation changed or left out (a GUI sink
	// replaced by a null sink), one "file:line: message" each.
	Warnings []string
}

// YAML returns the document as flowrun YAML text.
func (c *Converted) YAML() ([]byte, error) {
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(stripPositions(c.Doc)); err != nil {
		return nil, fmt.Errorf("grc: writing YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("grc: writing YAML: %w", err)
	}
	return []byte(b.String()), nil
}

// stripPositions copies a node tree without line numbers, so that the
// encoder lays it out itself.
func stripPositions(n *yaml.Node) *yaml.Node {
	c := *n
	c.Line, c.Column = 0, 0
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = stripPositions(k)
	}
	return &c
}

// Load translates a GRC file and loads the result with graphfile, so that
// it is checked and built as a flowrun graph file would be; errors of
// either step carry the GRC file's lines. It returns the translation's
// warnings too.
func Load(data []byte, reg *registry.Registry, o Options) (*graphfile.Loaded, []string, error) {
	c, err := Convert(data, o)
	if err != nil {
		return nil, nil, err
	}
	l, err := graphfile.LoadNode(c.Doc, reg, graphfile.Options{File: fileName(o), Set: o.Set})
	if err != nil {
		return nil, c.Warnings, err
	}
	return l, c.Warnings, nil
}

func fileName(o Options) string {
	if o.File == "" {
		return "graph.grc"
	}
	return o.File
}

// IsGRC reports whether a file is a GNU Radio Companion flowgraph: its
// name ends in .grc, or its text is a YAML mapping with the GRC version
// in its metadata ("grc_version:").
func IsGRC(name string, data []byte) bool {
	if strings.HasSuffix(strings.ToLower(name), ".grc") {
		return true
	}
	s := string(data)
	return strings.Contains(s, "grc_version:") && strings.Contains(s, "\nconnections:") || strings.HasPrefix(s, "options:\n  parameters:")
}

// block is one block of the GRC file.
type block struct {
	name, id string
	state    string // enabled, disabled, bypassed
	node     *yaml.Node
	params   map[string]*yaml.Node // the parameters' value nodes
}

func (b *block) line() int { return b.node.Line }

// param returns the text of a parameter, "" if missing.
func (b *block) param(name string) string {
	if n := b.params[name]; n != nil {
		return n.Value
	}
	return ""
}

// conv is one translation.
type conv struct {
	file     string
	errs     graphfile.ErrorList
	warnings []string
	blocks   []*block
	byName   map[string]*block
	vars     map[string]*variable
	imports  map[string]importName
	order    []string           // variables in the order their values were found
	numeric  map[string]float64 // the real-valued ones, for parameter expressions
	base     map[string]py.Value
}

// variable is a variable-like block: variable, parameter, a GUI variable.
type variable struct {
	b       *block
	text    string     // the expression
	at      *yaml.Node // where the expression is
	val     py.Value
	err     error
	busy    bool // being evaluated: a second visit is a cycle
	done    bool
	comment string                   // for the flowrun file: what the GUI widget allowed
	widget  bool                     // a GUI widget, whose connections are left out
	compute func() (py.Value, error) // the value, when it is not text's
}

type importName struct {
	dotted string
	line   int
}

func (c *conv) errorf(n *yaml.Node, err error, format string, args ...any) {
	e := &graphfile.Error{File: c.file, Line: 1, Col: 1, Msg: fmt.Sprintf(format, args...), Err: errors.Join(ErrBadFile, err)}
	if n != nil && n.Line > 0 {
		e.Line, e.Col = n.Line, n.Column
	}
	c.errs = append(c.errs, e)
}

func (c *conv) warnf(line int, format string, args ...any) {
	c.warnings = append(c.warnings, fmt.Sprintf("%s:%d: %s", c.file, line, fmt.Sprintf(format, args...)))
}

// Convert translates a GNU Radio Companion 3.10 file (.grc, YAML) to
// flowrun's graph format: variables and parameters become variables,
// blocks are translated by the mapping table (see Mappings), disabled
// blocks are dropped with their connections, bypassed blocks and virtual
// sink/source pairs become direct connections. Parameters are Python
// expressions, evaluated by a bounded evaluator that runs no code.
//
// Every problem is returned at once as a graphfile.ErrorList, each error
// at its line of the GRC file; the blocks without a flowrun equivalent are
// named together in one error that matches ErrUnsupported.
func Convert(data []byte, o Options) (*Converted, error) {
	c := &conv{file: fileName(o), byName: map[string]*block{}, vars: map[string]*variable{}, imports: map[string]importName{}}
	maxSize := o.MaxFileSize
	if maxSize == 0 {
		maxSize = graphfile.DefaultMaxFileSize
	}
	if maxSize > 0 && int64(len(data)) > maxSize {
		c.errorf(nil, graphfile.ErrFileTooLarge, "GRC file of %d bytes is larger than the limit of %d bytes", len(data), maxSize)
		return nil, c.errs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		c.errorf(nil, err, "malformed YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, c.errs
	}
	if msg, n := checkNodes(&doc); msg != "" {
		c.errorf(n, nil, "%s", msg)
		return nil, c.errs
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		c.errorf(&doc, nil, "a GRC file is a YAML mapping with options, blocks and connections")
		return nil, c.errs
	}
	root := doc.Content[0]
	sections := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		sections[root.Content[i].Value] = root.Content[i+1]
	}
	name := "flowgraph"
	if op := sections["options"]; op != nil {
		if p := mapValue(op, "parameters"); p != nil {
			if id := mapValue(p, "id"); id != nil && id.Value != "" {
				name = id.Value
			}
		}
	}
	bs := sections["blocks"]
	if bs == nil || bs.Kind != yaml.SequenceNode {
		c.errorf(root, nil, "no blocks list")
		return nil, c.errs
	}
	for _, bn := range bs.Content {
		c.readBlock(bn)
	}
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	c.base = defaultModules()
	for k, v := range py.Builtins() {
		c.base[k] = v
	}
	c.readVariables()
	out := c.translate(name, sections["connections"])
	if len(c.errs) > 0 {
		sort.SliceStable(c.errs, func(i, j int) bool { return c.errs[i].Line < c.errs[j].Line })
		return nil, c.errs
	}
	return &Converted{Doc: out, Warnings: c.warnings}, nil
}

// checkNodes refuses what a GRC file never has and could make the
// translation costly: aliases (which could expand without bound), and more
// than graphfile.MaxNodes nodes.
func checkNodes(doc *yaml.Node) (string, *yaml.Node) {
	count := 0
	var walk func(n *yaml.Node) (string, *yaml.Node)
	walk = func(n *yaml.Node) (string, *yaml.Node) {
		if count++; count > graphfile.MaxNodes {
			return fmt.Sprintf("more than %d YAML values, the limit", graphfile.MaxNodes), n
		}
		if n.Kind == yaml.AliasNode {
			return "YAML aliases are not used by GRC files and not supported", n
		}
		for _, k := range n.Content {
			if msg, at := walk(k); msg != "" {
				return msg, at
			}
		}
		return "", nil
	}
	return walk(doc)
}

// mapValue returns the value of key in mapping m, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func (c *conv) readBlock(bn *yaml.Node) {
	if bn.Kind != yaml.MappingNode {
		c.errorf(bn, nil, "a block is a mapping with name, id and parameters")
		return
	}
	b := &block{node: bn, params: map[string]*yaml.Node{}, state: "enabled"}
	if n := mapValue(bn, "name"); n != nil {
		b.name = n.Value
	}
	if n := mapValue(bn, "id"); n != nil {
		b.id = n.Value
	}
	if b.name == "" || b.id == "" {
		c.errorf(bn, nil, "a block without a name or an id")
		return
	}
	if len(b.name) > graphfile.MaxNameLen {
		c.errorf(bn, nil, "block name longer than %d bytes", graphfile.MaxNameLen)
		return
	}
	if st := mapValue(mapValue(bn, "states"), "state"); st != nil {
		switch st.Value {
		case "enabled", "disabled", "bypassed":
			b.state = st.Value
		case "true", "True":
		case "false", "False":
			b.state = "disabled"
		default:
			c.errorf(st, nil, "block %s: state %q is not enabled, disabled or bypassed", b.name, st.Value)
			return
		}
	}
	if p := mapValue(bn, "parameters"); p != nil && p.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(p.Content); i += 2 {
			v := p.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				continue // bus structures and the like, which no mapping reads
			}
			b.params[p.Content[i].Value] = v
		}
	}
	for k, v := range defaults {
		if id, p, _ := strings.Cut(k, "."); id == b.id && b.params[p] == nil {
			b.params[p] = &yaml.Node{Kind: yaml.ScalarNode, Value: v, Line: bn.Line, Column: bn.Column}
		}
	}
	if b.id == "options" {
		return
	}
	if c.byName[b.name] != nil {
		c.errorf(bn, nil, "two blocks named %s", b.name)
		return
	}
	c.byName[b.name] = b
	c.blocks = append(c.blocks, b)
}

// guiVariables are the GUI widgets that hold a variable (value), and how
// their bounds are described.
var guiVariables = map[string]func(b *block) string{
	"variable_qtgui_range": func(b *block) string {
		return fmt.Sprintf("GUI range %s to %s, step %s", b.param("start"), b.param("stop"), b.param("step"))
	},
	"variable_qtgui_chooser": func(b *block) string {
		return "GUI chooser of " + b.param("options")
	},
	"variable_qtgui_check_box": func(b *block) string {
		return fmt.Sprintf("GUI check box: %s or %s", b.param("true"), b.param("false"))
	},
	"variable_qtgui_entry": func(b *block) string { return "GUI entry" },
	"variable_qtgui_label": func(b *block) string { return "GUI label" },
	"variable_qtgui_push_button": func(b *block) string {
		return fmt.Sprintf("GUI push button: %s pressed, %s released", b.param("pressed"), b.param("released"))
	},
	"variable_qtgui_msg_push_button":   func(b *block) string { return "GUI message push button" },
	"variable_qtgui_toggle_button_msg": func(b *block) string { return "GUI toggle button" },
	"variable_qtgui_toggle_switch":     func(b *block) string { return "GUI toggle switch" },
	"variable_qtgui_msgcheckbox":       func(b *block) string { return "GUI message check box" },
	"variable_qtgui_dial_control": func(b *block) string {
		return fmt.Sprintf("GUI dial %s to %s", b.param("minimum"), b.param("maximum"))
	},
}

// tapsVariables are the variable blocks whose value is a firdes design of
// their parameters.
var tapsVariables = map[string]string{
	"variable_low_pass_filter_taps":    "firdes.low_pass(({gain}), ({samp_rate}), ({cutoff_freq}), ({width}), ({win}), ({beta}))",
	"variable_high_pass_filter_taps":   "firdes.high_pass(({gain}), ({samp_rate}), ({cutoff_freq}), ({width}), ({win}), ({beta}))",
	"variable_band_pass_filter_taps":   "firdes.{type}(({gain}), ({samp_rate}), ({low_cutoff_freq}), ({high_cutoff_freq}), ({width}), ({win}), ({beta}))",
	"variable_band_reject_filter_taps": "firdes.{type}(({gain}), ({samp_rate}), ({low_cutoff_freq}), ({high_cutoff_freq}), ({width}), ({win}), ({beta}))",
	"variable_rrc_filter_taps":         "firdes.root_raised_cosine(({gain}), ({samp_rate}), ({sym_rate}), ({alpha}), ({ntaps}))",
}

// readVariables collects the variables, parameters and imports.
func (c *conv) readVariables() {
	for _, b := range c.blocks {
		if b.state == "disabled" {
			continue
		}
		switch {
		case b.id == "import":
			names, err := parseImport(b.param("imports"))
			if err != nil {
				c.errorf(b.params["imports"], err, "import block %s: %v", b.name, err)
				continue
			}
			for n, d := range names {
				c.imports[n] = importName{dotted: d, line: b.line()}
			}
		case b.id == "variable" || b.id == "parameter" || guiVariables[b.id] != nil:
			v := &variable{b: b, text: b.param("value"), at: b.params["value"]}
			if v.at == nil {
				v.at = b.node
			}
			if f := guiVariables[b.id]; f != nil {
				v.comment, v.widget = f(b), true
			}
			if b.id == "parameter" {
				v.comment = "parameter"
			}
			if b.id == "parameter" && b.param("type") == "str" {
				// A GRC parameter of type str holds text, not Python.
				v.val, v.done = b.param("value"), true
				c.order = append(c.order, b.name)
			}
			c.vars[b.name] = v
		case b.id == "variable_tag_object":
			b := b
			c.vars[b.name] = &variable{b: b, at: b.node, compute: func() (py.Value, error) { return c.tagObject(b) }}
		case strings.HasPrefix(b.id, "variable") && tapsVariables[b.id] == "":
			c.vars[b.name] = &variable{b: b, at: b.node, done: true,
				err: fmt.Errorf("%w: variable block %s (%s, line %d) has no flowrun equivalent", py.ErrEval, b.name, b.id, b.line())}
		case tapsVariables[b.id] != "":
			text := tapsVariables[b.id]
			for k := range b.params {
				text = strings.ReplaceAll(text, "{"+k+"}", b.param(k))
			}
			c.vars[b.name] = &variable{b: b, text: text, at: b.node}
		}
	}
	// Evaluate every variable, so that the flowrun file lists them in an
	// order where each comes after those it uses; a variable that cannot
	// be evaluated is an error only if a block uses it.
	names := make([]string, 0, len(c.vars))
	for _, b := range c.blocks {
		if c.vars[b.name] != nil {
			names = append(names, b.name)
		}
	}
	for _, n := range names {
		_, _, _ = c.Lookup(n)
	}
}

// Lookup resolves a name of an expression: a variable (evaluated on first
// use), an imported module, a module GRC always imports, or a builtin.
func (c *conv) Lookup(name string) (py.Value, bool, error) {
	if v := c.vars[name]; v != nil {
		if v.done {
			return v.val, true, v.err
		}
		if v.busy {
			return nil, false, fmt.Errorf("%w: variable %s is defined in terms of itself (line %d)", py.ErrEval, name, v.b.line())
		}
		v.busy = true
		var err error
		if v.compute != nil {
			v.val, err = v.compute()
		} else {
			var n *py.Node
			if n, err = py.Parse(v.text); err == nil {
				v.val, err = py.Eval(n, c)
			}
		}
		v.busy, v.done = false, true
		if err != nil {
			var ve *varError
			if !errors.As(err, &ve) {
				err = &varError{name: name, line: v.at.Line, err: err}
			}
			v.err = err
			return nil, false, err
		}
		c.order = append(c.order, name)
		return v.val, true, nil
	}
	if im, ok := c.imports[name]; ok {
		if v, ok := resolveImport(im.dotted); ok {
			return v, true, nil
		}
		return nil, false, fmt.Errorf("%w: %s (imported at line %d) is not a module flowrun can evaluate (math, cmath, numpy, pmt and gnuradio's filter, fft and analog are)", py.ErrEval, im.dotted, im.line)
	}
	if v, ok := c.base[name]; ok {
		return v, true, nil
	}
	return nil, false, nil
}

// varError is a problem in a variable's definition, found where a block
// uses it.
type varError struct {
	name string
	line int
	err  error
}

// Error names the variable, its line and the problem.
func (e *varError) Error() string {
	return fmt.Sprintf("variable %s (line %d): %v", e.name, e.line, e.err)
}

// Unwrap returns the problem.
func (e *varError) Unwrap() error { return e.err }

// eval evaluates a parameter of b as Python.
func (c *conv) eval(b *block, param string) (py.Value, error) {
	n := b.params[param]
	if n == nil {
		return nil, fmt.Errorf("block %s has no parameter %s", b.name, param)
	}
	text := strings.TrimSpace(n.Value)
	if text == "" {
		return nil, fmt.Errorf("parameter %s is empty", param)
	}
	return py.EvalString(text, c)
}

// numericVars are the variables whose values are real numbers, for the
// flowrun file's variables section and its expressions.
func (c *conv) numericVars() map[string]float64 {
	out := map[string]float64{}
	for _, n := range c.order {
		if f, ok := realNumber(c.vars[n].val); ok {
			out[n] = f
		}
	}
	return out
}

func realNumber(v py.Value) (float64, bool) {
	switch v.(type) {
	case bool, int64, float64:
		return py.AsFloat(v)
	}
	return 0, false
}

// number is a real parameter value: its expression, if flowrun's own
// expressions give it the same value (so that --set of a variable still
// changes it), and the value.
type number struct {
	text string
	val  float64
}

// formatNumber writes a float64 so that it reads back the same.
func formatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// exprText returns text when graphfile's expressions evaluate it to val
// with the numeric variables, else val written out. Texts with % or
// round, which Python and graphfile's expressions compute differently for
// some values (negative operands, halves), are written out as values, so
// that a variable changed later cannot give a parameter a value GNU Radio
// would not.
func exprText(text string, val float64, vars map[string]float64) string {
	text = strings.TrimSpace(text)
	if strings.Contains(text, "%") || strings.Contains(text, "round") {
		return formatNumber(val)
	}
	if f, err := expr.Eval(text, vars); err == nil && (f == val || math.Abs(f-val) <= 1e-12*math.Abs(val)) {
		if _, err := strconv.ParseFloat(text, 64); err != nil || f == val {
			return text
		}
	}
	return formatNumber(val)
}

// tagKind marks a py.Opaque that holds a stream tag, as the pmt.Value map
// {offset, key, value} that vector_source's tags take.
const tagKind = "tag"

// tagObject evaluates a variable_tag_object block: a stream tag (GNU
// Radio's gr.tag_utils.python_to_tag of offset, key, value and source;
// flowrun's tags have no source).
func (c *conv) tagObject(b *block) (py.Value, error) {
	get := func(p string) (py.Value, error) {
		v, err := c.eval(b, p)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", p, err)
		}
		return v, nil
	}
	off, err := get("offset")
	if err != nil {
		return nil, err
	}
	n, ok := py.AsInt(off)
	if !ok || n < 0 {
		return nil, fmt.Errorf("%w: parameter offset: a whole number >= 0 is required, not %s", py.ErrEval, py.Str(off))
	}
	k, err := get("key")
	if err != nil {
		return nil, err
	}
	key, err := toPMT(k)
	if err != nil {
		return nil, err
	}
	if _, ok := key.Str(); !ok {
		return nil, fmt.Errorf("%w: parameter key: a symbol (pmt.intern(...)) is required", py.ErrEval)
	}
	v, err := get("value")
	if err != nil {
		return nil, err
	}
	val, err := toPMT(v)
	if err != nil {
		return nil, err
	}
	return py.Opaque{Kind: tagKind, V: pmt.Map(map[string]pmt.Value{"offset": pmt.Int(n), "key": key, "value": val})}, nil
}
