package grc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/flowrun/flowrun/blocks/window"
	"github.com/flowrun/flowrun/grc/internal/py"
	"github.com/flowrun/flowrun/pmt"
)

// defaults are the defaults of GNU Radio 3.10's block definitions for the
// parameters the mapping reads ("block id.parameter"; an enum without one
// defaults to its first option): files saved by older versions of GNU
// Radio Companion leave out those added since.
var defaults = map[string]string{
	"analog_sig_source_x.phase":             "0",
	"analog_sig_source_x.offset":            "0",
	"analog_noise_source_x.seed":            "0",
	"analog_fastnoise_source_x.seed":        "0",
	"blocks_vector_source_x.tags":           "[]",
	"blocks_vector_source_x.repeat":         "True",
	"blocks_file_source.offset":             "0",
	"blocks_file_source.length":             "0",
	"blocks_file_source.begin_tag":          "pmt.PMT_NIL",
	"blocks_file_sink.append":               "False",
	"blocks_selector.enabled":               "True",
	"blocks_selector.input_index":           "0",
	"blocks_selector.output_index":          "0",
	"blocks_tag_debug.filter":               `""`,
	"fft_vxx.shift":                         "True",
	"fft_vxx.window":                        "window.blackmanharris(1024)",
	"fir_filter_xxx.samp_delay":             "0",
	"fft_filter_xxx.samp_delay":             "0",
	"rational_resampler_xxx.taps":           "[]",
	"rational_resampler_xxx.fbw":            "0",
	"network_udp_sink.header":               "0",
	"network_udp_sink.send_eof":             "False",
	"network_udp_sink.payloadsize":          "1472",
	"network_udp_source.header":             "0",
	"network_udp_source.payloadsize":        "1472",
	"network_udp_source.src_zeros":          "False",
	"network_udp_source.ipv6":               "False",
	"network_tcp_sink.mode":                 "1",
	"network_tcp_source.server":             "True",
	"zeromq_pub_sink.timeout":               "100",
	"zeromq_pub_sink.hwm":                   "-1",
	"zeromq_pub_sink.pass_tags":             "False",
	"zeromq_pub_sink.key":                   "''",
	"zeromq_pub_sink.drop_on_hwm":           "True",
	"zeromq_sub_source.key":                 "''",
	"variable_band_pass_filter_taps.type":   "band_pass",
	"variable_band_reject_filter_taps.type": "band_reject",
}

// rule translates the blocks of one GNU Radio block id.
type rule struct {
	// id is the flowrun block id.
	id string
	// build sets the flowrun parameters from the GRC ones (nil: none).
	build func(t *tr)
	// msgIn and msgOut rename message ports (GRC name → flowrun name);
	// a GRC message port not listed is refused, "-" drops its connections
	// with a warning.
	msgIn, msgOut map[string]string
	// perInput makes one flowrun block per GRC input port (a GUI sink of
	// several inputs becomes several null sinks).
	perInput bool
	// note is what the translation changes, said in a warning.
	note string
}

// tr is the translation of one block.
type tr struct {
	c      *conv
	b      *block
	id     string
	params []param
	note   string
	fail   bool
	chain  []*tr // blocks that follow this one, for a GRC block that is a chain
}

// then appends a flowrun block after t's, for a GRC block that is a chain
// of flowrun blocks (stream ports 0 to 0).
func (t *tr) then(id string) *tr {
	n := &tr{c: t.c, b: t.b, id: id}
	t.chain = append(t.chain, n)
	return n
}

// param is one flowrun parameter: its name, value and the GRC node it
// comes from (for positions).
type param struct {
	name string
	val  any
	line int
	col  int
}

func (t *tr) failf(p string, format string, args ...any) {
	t.fail = true
	n := t.b.params[p]
	if n == nil {
		n = t.b.node
	}
	msg := fmt.Sprintf(format, args...)
	if p != "" {
		msg = fmt.Sprintf("parameter %s: %s", p, msg)
	}
	t.c.errorf(n, nil, "block %s (%s): %s", t.b.name, t.b.id, msg)
}

func (t *tr) set(name string, grc string, v any) {
	line, col := t.b.node.Line, t.b.node.Column
	if n := t.b.params[grc]; n != nil {
		line, col = n.Line, n.Column
	}
	for i := range t.params {
		if t.params[i].name == name {
			t.params[i].val = v
			return
		}
	}
	t.params = append(t.params, param{name: name, val: v, line: line, col: col})
}

// value evaluates a GRC parameter as Python.
func (t *tr) value(grc string) (py.Value, bool) {
	v, err := t.c.eval(t.b, grc)
	if err != nil {
		t.failf(grc, "%v", err)
		return nil, false
	}
	return v, true
}

// real reads a real-valued GRC parameter; times scales it (vector
// lengths, units).
func (t *tr) realScaled(grc string, times float64) (number, bool) {
	v, ok := t.value(grc)
	if !ok {
		return number{}, false
	}
	f, ok := realNumber(v)
	if !ok {
		t.failf(grc, "a real number is required, not %s", py.TypeName(v))
		return number{}, false
	}
	n := number{val: f * times}
	if times == 1 {
		n.text = strings.TrimSpace(t.b.param(grc))
	}
	return n, true
}

// num sets flowrun parameter name from the real GRC parameter grc.
func (t *tr) num(name, grc string) {
	if n, ok := t.realScaled(grc, 1); ok {
		t.set(name, grc, n)
	}
}

// integer reads a whole-number GRC parameter.
func (t *tr) integer(grc string) (int64, bool) {
	v, ok := t.value(grc)
	if !ok {
		return 0, false
	}
	f, ok := realNumber(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		t.failf(grc, "a whole number is required, not %s", py.Str(v))
		return 0, false
	}
	return int64(f), true
}

// str reads a GRC string parameter: a Python string expression, or,
// as GRC takes it, the text itself when it is not one.
func (t *tr) str(grc string) string {
	text := strings.TrimSpace(t.b.param(grc))
	if v, err := py.EvalString(text, t.c); err == nil {
		if s, ok := v.(string); ok {
			return s
		}
	}
	return text
}

// boolean reads a GRC bool parameter.
func (t *tr) boolean(grc string) (bool, bool) {
	v, ok := t.value(grc)
	if !ok {
		return false, false
	}
	return py.Truth(v), true
}

func (t *tr) flag(name, grc string) {
	if b, ok := t.boolean(grc); ok {
		t.set(name, grc, b)
	}
}

// itemTypes are GRC's stream types and flowrun's.
var itemTypes = map[string]string{
	"complex": "complex64", "float": "float32", "short": "int16", "byte": "uint8", "int": "int32",
	"fc32": "complex64", "f32": "float32", "s16": "int16", "u8": "uint8", "s8": "int8",
}

// typ sets flowrun's "type" from a GRC type parameter, keeping to the
// types allowed (nil: any flowrun has).
func (t *tr) typ(grc string, allowed ...string) string {
	raw := strings.TrimSpace(t.b.param(grc))
	ours, ok := itemTypes[raw]
	if !ok {
		t.failf(grc, "item type %q has no flowrun equivalent (complex, float, int, short and byte do)", raw)
		return ""
	}
	if len(allowed) > 0 && !contains(allowed, ours) {
		t.failf(grc, "item type %q is not supported by flowrun's %s (it takes %s)", raw, t.id, strings.Join(allowed, ", "))
		return ""
	}
	t.set("type", grc, ours)
	return ours
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// vlen reads the GRC vector length (1 when the block has none): flowrun's
// streams are flat, so a block that counts items counts vlen times more.
func (t *tr) vlen() int64 {
	if t.b.params["vlen"] == nil {
		return 1
	}
	n, ok := t.integer("vlen")
	if !ok {
		return 1
	}
	if n < 1 {
		t.failf("vlen", "must be at least 1")
		return 1
	}
	return n
}

// scalarOnly refuses vlen > 1 for a block whose parameters would have to
// be vectors.
func (t *tr) scalarOnly() {
	if t.vlen() != 1 {
		t.failf("vlen", "vectors (vlen %d) are not supported for %s", t.vlen(), t.b.id)
	}
}

// count sets an item count, scaled by the vector length.
func (t *tr) count(name, grc string) {
	if n, ok := t.integer(grc); ok {
		if v := t.vlen(); v != 1 {
			t.set(name, grc, number{val: float64(n * v)})
		} else {
			t.set(name, grc, number{text: strings.TrimSpace(t.b.param(grc)), val: float64(n)})
		}
	}
}

// floatList reads a list of real numbers (taps, vectors).
func (t *tr) floatList(grc string) ([]float64, bool) {
	v, ok := t.value(grc)
	if !ok {
		return nil, false
	}
	if f, ok := realNumber(v); ok {
		return []float64{f}, true
	}
	items, err := py.Iterate(v)
	if _, isStr := v.(string); err != nil || isStr {
		t.failf(grc, "a list of numbers is required, not %s", py.TypeName(v))
		return nil, false
	}
	out := make([]float64, len(items))
	for i, it := range items {
		f, ok := realNumber(it)
		if !ok {
			t.failf(grc, "item %d is %s, not a real number", i, py.TypeName(it))
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

// complexList reads a list of complex numbers.
func (t *tr) complexList(grc string) ([]complex128, bool) {
	v, ok := t.value(grc)
	if !ok {
		return nil, false
	}
	if c, ok := py.AsComplex(v); ok {
		return []complex128{c}, true
	}
	items, err := py.Iterate(v)
	if _, isStr := v.(string); err != nil || isStr {
		t.failf(grc, "a list of numbers is required, not %s", py.TypeName(v))
		return nil, false
	}
	out := make([]complex128, len(items))
	for i, it := range items {
		c, ok := py.AsComplex(it)
		if !ok {
			t.failf(grc, "item %d is %s, not a number", i, py.TypeName(it))
			return nil, false
		}
		out[i] = c
	}
	return out, true
}

// cplx sets a complex parameter (real for real streams).
func (t *tr) cplx(name, grc string) {
	v, ok := t.value(grc)
	if !ok {
		return
	}
	if f, ok := realNumber(v); ok {
		t.set(name, grc, number{text: strings.TrimSpace(t.b.param(grc)), val: f})
		return
	}
	c, ok := py.AsComplex(v)
	if !ok {
		t.failf(grc, "a number is required, not %s", py.TypeName(v))
		return
	}
	t.set(name, grc, c)
}

// taps sets a filter's taps: real taps to "taps", complex ones (only for
// complexOK) to "complex_taps".
func (t *tr) taps(grc string, complexOK bool) {
	cs, ok := t.complexList(grc)
	if !ok {
		return
	}
	isReal := true
	for _, c := range cs {
		isReal = isReal && imag(c) == 0
	}
	if len(cs) == 0 {
		t.failf(grc, "no taps")
		return
	}
	if isReal {
		f := make([]float64, len(cs))
		for i, c := range cs {
			f[i] = real(c)
		}
		t.set("taps", grc, f)
		return
	}
	if !complexOK {
		t.failf(grc, "complex taps are not supported by flowrun's %s", t.id)
		return
	}
	t.set("complex_taps", grc, cs)
}

// filterType splits a GRC filter type such as "ccf" (input, output, taps)
// and sets flowrun's item type; accepted lists the supported ones.
func (t *tr) filterType(accepted ...string) string {
	return t.filterTypeOf(strings.TrimSpace(t.b.param("type")), accepted...)
}

// filterTypeOf is filterType of the type raw (the "fff" of "fir_filter_fff").
func (t *tr) filterTypeOf(raw string, accepted ...string) string {
	if !contains(accepted, raw) {
		t.failf("type", "filter type %q is not supported by flowrun's %s (%s are)", raw, t.id, strings.Join(accepted, ", "))
		return ""
	}
	if raw[0] == 'f' {
		t.set("type", "type", "float32")
	} else {
		t.set("type", "type", "complex64")
	}
	return raw
}

// enum maps a GRC enum parameter (its text, or its value as Python) to a
// flowrun value.
func (t *tr) enum(name, grc string, m map[string]string) {
	raw := strings.TrimSpace(t.b.param(grc))
	if v, ok := m[raw]; ok {
		t.set(name, grc, v)
		return
	}
	v, ok := t.value(grc)
	if !ok {
		return
	}
	key := py.Str(v)
	if e, ok := v.(py.Enum); ok {
		key = e.Name
	}
	if out, ok := m[key]; ok {
		t.set(name, grc, out)
		return
	}
	known := make([]string, 0, len(m))
	for k := range m {
		known = append(known, k)
	}
	sort.Strings(known)
	t.failf(grc, "%s has no flowrun equivalent (%s do)", raw, strings.Join(known, ", "))
}

// message sets a message value from a PMT expression.
func (t *tr) message(name, grc string) {
	v, ok := t.value(grc)
	if !ok {
		return
	}
	p, err := toPMT(v)
	if err != nil {
		t.failf(grc, "%v", err)
		return
	}
	t.set(name, grc, p)
}

// pmtKey sets flowrun parameter name from the GRC parameter grc, a PMT
// symbol (pmt.intern("key")) or a string.
func (t *tr) pmtKey(name, grc string) {
	v, ok := t.value(grc)
	if !ok {
		return
	}
	k, err := toPMT(v)
	s, isStr := k.Str()
	if err != nil || !isStr {
		t.failf(grc, "a key (pmt.intern) is required, not %s", py.Str(v))
		return
	}
	t.set(name, grc, s)
}

func (t *tr) requireOne(grc string) {
	if t.b.params[grc] == nil {
		return
	}
	if n, ok := t.integer(grc); ok && n != 1 {
		t.failf(grc, "%d ports: flowrun's %s has one", n, t.id)
	}
}

var waveforms = map[string]string{
	"analog.GR_SIN_WAVE": "sine", "analog.GR_COS_WAVE": "cosine", "analog.GR_SQR_WAVE": "square",
	"analog.GR_TRI_WAVE": "triangle", "analog.GR_SAW_WAVE": "sawtooth", "analog.GR_CONST_WAVE": "const",
}

var noiseTypes = map[string]string{"analog.GR_GAUSSIAN": "gaussian", "analog.GR_UNIFORM": "uniform"}

// guiSink is a Qt GUI sink: a null sink per stream input (a message sink
// for the message types) until flowrun has display sinks.
var guiSink = rule{
	id:       "null_sink",
	perInput: true,
	msgIn:    map[string]string{"in": "in", "freq": "-", "bw": "-"},
	msgOut:   map[string]string{"freq": "-"},
	note:     "a Qt GUI sink: flowrun has no GUI yet, its inputs are consumed by null sinks (messages by a quiet message_debug)",
	build: func(t *tr) {
		raw := strings.TrimSpace(t.b.param("type"))
		if strings.HasPrefix(raw, "msg_") {
			t.id = "message_debug"
			t.set("print", "type", false)
			return
		}
		switch raw {
		case "", "float":
			if t.b.id == "qtgui_vector_sink_f" {
				t.set("type", "", "float32")
				return
			}
		}
		if raw == "int" {
			t.failf("type", "int items have no flowrun equivalent")
			return
		}
		if _, ok := itemTypes[raw]; ok {
			t.typ("type")
			return
		}
		t.set("type", "", "float32")
	},
}

// Mappings lists the GNU Radio block ids Convert translates, each with
// the flowrun block id it becomes, sorted.
func Mappings() [][2]string {
	var out [][2]string
	for k, r := range rules() {
		out = append(out, [2]string{k, r.id})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// rules is the mapping table: GNU Radio block id → translation.
func rules() map[string]rule {
	flat := func(id string) rule { return rule{id: id} } // vectors are flat streams: nothing to change
	scaled := func(id string) rule {
		return rule{id: id, build: func(t *tr) { t.num("scale", "scale") }}
	}
	r := map[string]rule{
		// Sources.
		"analog_sig_source_x": {id: "signal_source", build: func(t *tr) {
			t.typ("type", "complex64", "float32")
			t.enum("waveform", "waveform", waveforms)
			if len(t.params) > 0 && t.params[len(t.params)-1].val == "const" {
				// GR_CONST_WAVE outputs amplitude + offset.
				t.params = t.params[:len(t.params)-1]
				t.id = "constant_source"
				a, ok1 := t.realScaled("amp", 1)
				o, ok2 := t.value("offset")
				if oc, ok := py.AsComplex(o); ok1 && ok2 && ok {
					t.set("value", "amp", complex(a.val, 0)+oc)
				}
				return
			}
			t.num("sample_rate", "samp_rate")
			t.num("frequency", "freq")
			t.num("amplitude", "amp")
			t.cplx("offset", "offset")
			t.num("phase", "phase")
		}, msgIn: map[string]string{"cmd": "-"}},
		"analog_noise_source_x": {id: "noise_source", build: noiseSource,
			note: "noise: flowrun's generator is not GNU Radio's, so the samples differ (same distribution)"},
		"analog_fastnoise_source_x": {id: "noise_source", build: noiseSource,
			note: "noise: flowrun's generator is not GNU Radio's, so the samples differ (same distribution)"},
		"blocks_null_source": {id: "null_source", build: func(t *tr) {
			t.typ("type")
			t.requireOne("num_outputs")
		}},
		"blocks_vector_source_x": {id: "vector_source", build: func(t *tr) {
			t.typ("type")
			if vals, ok := t.complexList("vector"); ok {
				t.set("values", "vector", vals)
			}
			t.flag("repeat", "repeat")
			if v, ok := t.value("tags"); ok {
				items, err := py.Iterate(v)
				if err != nil {
					t.failf("tags", "a list of tags (variable_tag_object) is required, not %s", py.TypeName(v))
					return
				}
				var tags []pmt.Value
				for i, it := range items {
					o, ok := it.(py.Opaque)
					if !ok || o.Kind != tagKind {
						t.failf("tags", "item %d is %s, not a tag (variable_tag_object)", i, py.TypeName(it))
						return
					}
					tags = append(tags, o.V.(pmt.Value))
				}
				if len(tags) > 0 {
					t.set("tags", "tags", pmt.List(tags...))
				}
			}
		}},
		"blocks_file_source": {id: "file_source", build: func(t *tr) {
			t.typ("type")
			t.set("path", "file", t.str("file"))
			t.flag("repeat", "repeat")
			t.count("offset", "offset")
			t.count("length", "length")
			if v, ok := t.value("begin_tag"); ok {
				if p, err := toPMT(v); err != nil || !p.IsNull() {
					t.note = "its begin_tag is not supported and is left out"
				}
			}
		}},
		"blocks_message_strobe_random": {id: "message_strobe", build: func(t *tr) {
			t.message("message", "msg")
			if n, ok := t.realScaled("mean", 1e-3); ok {
				t.set("period", "mean", n)
			}
		}, msgOut: map[string]string{"strobe": "out"},
			note: "a random message strobe: flowrun's message_strobe posts at the mean period, not at random times"},
		"blocks_message_strobe": {id: "message_strobe", build: func(t *tr) {
			t.message("message", "msg")
			if n, ok := t.realScaled("period", 1e-3); ok {
				t.set("period", "period", n)
			}
		}, msgOut: map[string]string{"strobe": "out"}},

		// Sinks.
		"blocks_null_sink": {id: "null_sink", perInput: true, build: func(t *tr) { t.typ("type") }},
		"blocks_file_sink": {id: "file_sink", build: func(t *tr) {
			t.typ("type")
			t.set("path", "file", t.str("file"))
			t.flag("append", "append")
		}},
		"blocks_message_debug": {id: "message_debug", msgIn: map[string]string{"print": "in", "store": "in", "print_pdu": "in"}},
		"blocks_tag_debug": {id: "tag_debug", build: func(t *tr) {
			t.typ("type")
			t.requireOne("num_inputs")
			if s := t.str("name"); s != "" {
				t.set("name", "name", s)
			}
			if f := t.str("filter"); f != "" {
				t.failf("filter", "a key filter is not supported")
			}
		}},
		"blocks_vector_sink_x":  {id: "vector_sink", build: func(t *tr) { t.typ("type") }},
		"blocks_probe_signal_x": {id: "probe", build: func(t *tr) { t.typ("type") }},

		// Rates and counts.
		"blocks_throttle": {id: "throttle", build: func(t *tr) {
			t.typ("type")
			if n, ok := t.realScaled("samples_per_second", float64(t.vlen())); ok {
				t.set("sample_rate", "samples_per_second", n)
			}
		}},
		"blocks_head":             {id: "head", build: func(t *tr) { t.typ("type"); t.count("items", "num_items") }},
		"blocks_skiphead":         {id: "skip", build: func(t *tr) { t.typ("type"); t.count("items", "num_items") }},
		"blocks_keep_one_in_n":    {id: "keep_one_in_n", build: func(t *tr) { t.typ("type"); t.scalarOnly(); t.num("n", "n") }},
		"blocks_delay":            {id: "delay", build: func(t *tr) { t.typ("type"); t.requireOne("num_ports"); t.count("delay", "delay") }},
		"blocks_copy":             {id: "copy", build: func(t *tr) { t.typ("type"); t.flag("enabled", "enabled") }},
		"blocks_stream_to_vector": {id: "stream_to_vector", build: func(t *tr) { t.typ("type"); t.count("items", "num_items") }},
		"blocks_vector_to_stream": {id: "vector_to_stream", build: func(t *tr) { t.typ("type"); t.count("items", "num_items") }},
		"blocks_deinterleave": {id: "deinterleave", build: func(t *tr) {
			t.typ("type")
			t.num("streams", "num_streams")
			t.count("blocksize", "blocksize")
		}},
		"blocks_interleave": {id: "interleave", build: func(t *tr) {
			t.typ("type")
			t.num("streams", "num_streams")
			t.count("blocksize", "blocksize")
		}},
		"blocks_selector": {id: "selector", build: func(t *tr) {
			t.typ("type")
			t.num("inputs", "num_inputs")
			t.num("outputs", "num_outputs")
			t.num("input_index", "input_index")
			t.num("output_index", "output_index")
			if on, ok := t.boolean("enabled"); ok && !on {
				t.failf("enabled", "a disabled selector (which passes nothing) is not supported")
			}
		}},

		// Arithmetic.
		"blocks_add_xx": {id: "add", build: func(t *tr) {
			t.typ("type", "float32", "complex64", "int16")
			t.num("inputs", "num_inputs")
		}},
		"blocks_sub_xx": {id: "subtract", build: func(t *tr) {
			t.typ("type", "float32", "complex64", "int16")
			t.num("inputs", "num_inputs")
		}},
		"blocks_multiply_xx": {id: "multiply", build: func(t *tr) {
			t.typ("type", "float32", "complex64", "int16")
			t.num("inputs", "num_inputs")
		}},
		"blocks_add_const_vxx": {id: "add_const", build: func(t *tr) {
			t.typ("type", "float32", "complex64")
			t.scalarOnly()
			t.cplx("k", "const")
		}},
		"blocks_multiply_const_vxx": {id: "multiply_const", build: func(t *tr) {
			t.typ("type", "float32", "complex64")
			t.scalarOnly()
			t.cplx("k", "const")
		}},
		"blocks_multiply_const_xx": {id: "multiply_const", build: func(t *tr) {
			t.typ("type", "float32", "complex64")
			t.cplx("k", "const")
		}},
		"blocks_nlog10_ff": {id: "to_db", build: func(t *tr) {
			t.num("factor", "n")
			t.num("k", "k")
		}},
		"blocks_moving_average_xx": {id: "moving_average", build: func(t *tr) {
			t.typ("type", "float32", "complex64")
			t.scalarOnly()
			t.num("length", "length")
			t.num("scale", "scale")
		}},
		"blocks_abs_xx": {id: "abs", build: func(t *tr) { t.typ("type", "float32", "int16") }},
		"blocks_divide_xx": {id: "divide", build: func(t *tr) {
			t.typ("type", "float32", "complex64")
			t.num("inputs", "num_inputs")
		}},
		"blocks_rms_xx": {id: "rms", build: func(t *tr) {
			t.typ("type", "complex64", "float32")
			t.num("alpha", "alpha")
		}},
		"analog_frequency_modulator_fc": {id: "frequency_modulator", build: func(t *tr) { t.num("sensitivity", "sensitivity") }},
		"blocks_stream_to_tagged_stream": {id: "stream_to_tagged_stream", build: func(t *tr) {
			t.typ("type")
			t.set("length_tag", "len_tag_key", t.str("len_tag_key"))
			t.count("packet_len", "packet_len")
		}},
		"channels_quantizer": {id: "float_to_short", build: func(t *tr) {
			// GNU Radio's quantizer: ×2^(bits-1), to int16 and back, ÷2^(bits-1).
			bits, ok := t.integer("bits")
			if !ok {
				return
			}
			if bits < 1 || bits > 16 {
				t.failf("bits", "%d bits: want 1 to 16", bits)
				return
			}
			scale := number{val: math.Pow(2, float64(bits-1))}
			t.set("scale", "bits", scale)
			t.then("short_to_float").set("scale", "bits", scale)
		}},
		"blocks_multiply_matrix_xx": {id: "multiply_matrix", msgIn: map[string]string{"set_A": "matrix"}, build: func(t *tr) {
			t.typ("type", "float32", "complex64")
			t.message("matrix", "A")
			if p := strings.TrimSpace(t.b.param("tag_propagation_policy")); p != "" && p != "gr.TPP_ALL_TO_ALL" {
				t.note = "its tags propagate all to all, not by " + p
			}
		}},
		"blocks_stream_mux":             {id: "stream_mux", build: streamRuns},
		"blocks_stream_demux":           {id: "stream_demux", build: streamRuns},
		"blocks_conjugate_cc":           flat("conjugate"),
		"blocks_complex_to_mag":         flat("complex_to_mag"),
		"blocks_complex_to_mag_squared": flat("complex_to_mag_squared"),
		"blocks_complex_to_arg":         flat("complex_to_arg"),
		"blocks_complex_to_float":       flat("complex_to_float"),
		"blocks_float_to_complex":       flat("float_to_complex"),
		"blocks_char_to_float":          scaled("char_to_float"),
		"blocks_short_to_float":         scaled("short_to_float"),
		"blocks_float_to_short":         scaled("float_to_short"),
		"blocks_float_to_char":          scaled("float_to_char"),
		"blocks_uchar_to_float":         flat("uchar_to_float"),
		"blocks_rotator_cc":             {id: "rotator", build: func(t *tr) { t.num("phase_inc", "phase_inc") }},

		// Filters and DSP.
		"fir_filter_xxx": {id: "fir_filter", build: func(t *tr) {
			ty := t.filterType("fff", "ccf", "ccc")
			t.num("decimation", "decim")
			t.taps("taps", ty == "ccc")
			zeroDelay(t)
		}},
		"fft_filter_xxx": {id: "fft_filter", build: func(t *tr) {
			ty := t.filterType("fff", "ccf", "ccc")
			if n, ok := t.integer("decim"); ok && n != 1 {
				t.failf("decim", "decimation %d: flowrun's fft_filter does not decimate", n)
			}
			t.taps("taps", ty == "ccc")
			zeroDelay(t)
		}},
		"freq_xlating_fir_filter_xxx": {id: "freq_xlating_fir_filter", build: func(t *tr) {
			t.filterType("ccf", "ccc")
			t.params = t.params[:0] // complex64 only: no type parameter
			t.num("decimation", "decim")
			t.taps("taps", false)
			t.num("center_freq", "center_freq")
			t.num("sample_rate", "samp_rate")
		}},
		"rational_resampler_xxx": {id: "rational_resampler", build: func(t *tr) {
			t.filterType("fff", "ccf")
			t.num("interpolation", "interp")
			t.num("decimation", "decim")
			if taps, ok := t.floatList("taps"); ok && len(taps) > 0 {
				t.set("taps", "taps", taps)
			}
			if n, ok := t.realScaled("fbw", 1); ok && n.val != 0 {
				t.set("fractional_bw", "fbw", n)
			}
		}},
		"iir_filter_xxx": {id: "iir_filter", build: func(t *tr) {
			t.filterType("ffd")
			t.params = t.params[:0] // float32 only
			if f, ok := t.floatList("fftaps"); ok {
				t.set("fftaps", "fftaps", f)
			}
			if f, ok := t.floatList("fbtaps"); ok {
				t.set("fbtaps", "fbtaps", f)
			}
			t.flag("oldstyle", "oldstyle")
		}},
		"low_pass_filter":            {id: "fir_filter", build: designedFilter("low_pass", "cutoff_freq")},
		"high_pass_filter":           {id: "fir_filter", build: designedFilter("high_pass", "cutoff_freq")},
		"band_pass_filter":           {id: "fir_filter", build: designedFilter("band_pass", "low_cutoff_freq", "high_cutoff_freq")},
		"band_reject_filter":         {id: "fir_filter", build: designedFilter("band_reject", "low_cutoff_freq", "high_cutoff_freq")},
		"root_raised_cosine_filter":  {id: "fir_filter", build: designedFilter("root_raised_cosine")},
		"filter_fft_low_pass_filter": {id: "fft_filter", build: designedFilter("low_pass", "cutoff_freq")},
		"filter_fft_rrc_filter":      {id: "fft_filter", build: designedFilter("root_raised_cosine")},
		"single_pole_iir_filter_xx": {id: "iir_filter", build: func(t *tr) {
			// y[n] = alpha·x[n] + (1-alpha)·y[n-1], GNU Radio's feedback sign.
			if raw := strings.TrimSpace(t.b.param("type")); raw != "float" {
				t.failf("type", "%s items: flowrun's iir_filter takes float", raw)
				return
			}
			t.scalarOnly()
			if a, ok := t.realScaled("alpha", 1); ok {
				t.set("fftaps", "alpha", []float64{a.val})
				t.set("fbtaps", "alpha", []float64{0, 1 - a.val})
				t.set("oldstyle", "alpha", true)
			}
		}},
		"analog_fm_deemph": {id: "iir_filter", build: func(t *tr) {
			fs, ok1 := t.realScaled("samp_rate", 1)
			tau, ok2 := t.realScaled("tau", 1)
			if !ok1 || !ok2 {
				return
			}
			if !(fs.val > 0 && tau.val > 0) {
				t.failf("tau", "the sample rate and tau must be > 0")
				return
			}
			// GNU Radio's fm_deemph: H(s) = w_ca/(s + w_ca), by the bilinear
			// transform with the corner frequency 1/tau prewarped.
			wca := 2 * fs.val * math.Tan(1/tau.val/(2*fs.val))
			k := -wca / (2 * fs.val)
			p1 := (1 + k) / (1 - k)
			b0 := -k / (1 - k)
			t.set("fftaps", "tau", []float64{b0, b0})
			t.set("fbtaps", "tau", []float64{1, -p1})
			t.set("oldstyle", "tau", false)
		}},
		"pfb_arb_resampler_xxx": {id: "rational_resampler", build: arbResampler,
			note: "a polyphase arbitrary resampler of a rational rate: flowrun's rational_resampler with its default filter design (not the file's taps)"},
		"analog_quadrature_demod_cf": {id: "quadrature_demod", build: func(t *tr) { t.num("gain", "gain") }},
		"analog_agc_xx": {id: "agc", build: func(t *tr) {
			t.typ("type", "complex64", "float32")
			t.num("rate", "rate")
			t.num("reference", "reference")
			t.num("gain", "gain")
			t.num("max_gain", "max_gain")
		}},
		"fft_vxx": {id: "fft", build: fftBlock},

		// Network and ZeroMQ.
		"network_udp_sink": {id: "udp_sink", build: func(t *tr) {
			t.typ("type")
			t.set("address", "addr", hostPort(t.str("addr"), t.b.param("port")))
			t.enum("header", "header", map[string]string{"0": "none", "1": "seqnum", "2": "seqnum_size"})
			t.num("payload_size", "payloadsize")
			t.flag("send_eof", "send_eof")
		}},
		"network_udp_source": {id: "udp_source", build: func(t *tr) {
			t.typ("type")
			host := ""
			if v, ok := t.boolean("ipv6"); ok && v {
				host = "::"
			}
			t.set("address", "port", hostPort(host, t.b.param("port")))
			t.enum("header", "header", map[string]string{"0": "none", "1": "seqnum", "2": "seqnum_size", "5": "ata"})
			t.num("payload_size", "payloadsize")
			t.flag("zero_fill", "src_zeros")
		}},
		"network_tcp_sink": {id: "tcp_sink", build: func(t *tr) {
			t.typ("type")
			t.enum("mode", "mode", map[string]string{"1": "client", "2": "server"})
			t.set("address", "addr", hostPort(t.str("addr"), t.b.param("port")))
		}},
		"network_tcp_source": {id: "tcp_source", build: func(t *tr) {
			t.typ("type")
			t.enum("mode", "server", map[string]string{"True": "server", "False": "client"})
			t.set("address", "addr", hostPort(t.str("addr"), t.b.param("port")))
		}},
		"zeromq_pub_sink": zmqStream("zmq_pub_sink", true), "zeromq_push_sink": zmqStream("zmq_push_sink", false),
		"zeromq_rep_sink": zmqStream("zmq_rep_sink", false), "zeromq_sub_source": zmqStream("zmq_sub_source", true),
		"zeromq_pull_source": zmqStream("zmq_pull_source", false), "zeromq_req_source": zmqStream("zmq_req_source", false),
		"zeromq_pub_msg_sink": zmqMsg("zmq_pub_msg_sink"), "zeromq_push_msg_sink": zmqMsg("zmq_push_msg_sink"),
		"zeromq_sub_msg_source": zmqMsg("zmq_sub_msg_source"), "zeromq_pull_msg_source": zmqMsg("zmq_pull_msg_source"),

		// PDUs.
		"pdu_pdu_to_tagged_stream": pduRule("pdu_to_tagged_stream"),
		"pdu_tagged_stream_to_pdu": pduRule("tagged_stream_to_pdu"),

		// GNU Radio Companion corpus (issue 15).
		"blocks_matrix_interleaver": {id: "matrix_interleaver", build: func(t *tr) {
			t.typ("type")
			t.scalarOnly()
			t.num("rows", "rows")
			t.num("cols", "cols")
			t.flag("deinterleave", "deint")
		}},
		"blocks_peak_detector2_fb": {id: "peak_detector2", build: func(t *tr) {
			t.num("rise", "threshold_factor_rise")
			t.num("lookahead", "look_ahead")
			t.num("alpha", "alpha")
		}},
		"blocks_var_to_msg": {id: "var_to_msg", msgOut: map[string]string{"msgout": "out"}, build: func(t *tr) {
			t.set("name", "msgname", t.str("msgname"))
			t.num("value", "target")
			if v, ok := t.value("target"); ok {
				_, isInt := v.(int64)
				t.set("integer", "target", isInt) // GNU Radio posts a Python int as a long
			}
		}},
		"pdu_pdu_set": {id: "pdu_set", msgIn: map[string]string{"pdus": "pdus"}, msgOut: map[string]string{"pdus": "out"}, build: func(t *tr) {
			t.pmtKey("key", "k")
			t.message("value", "v")
		}},
		"pdu_add_system_time": {id: "add_system_time", msgIn: map[string]string{"pdu": "in"}, msgOut: map[string]string{"pdu": "out"},
			build: func(t *tr) { t.pmtKey("key", "key") }},
		"pdu_time_delta": {id: "time_delta", msgIn: map[string]string{"pdu": "in"}, msgOut: map[string]string{"pdu": "out"}, build: func(t *tr) {
			t.pmtKey("delta_key", "delta_key")
			t.pmtKey("time_key", "time_key")
		}},
		"pdu_pdu_split": {id: "pdu_split", msgIn: map[string]string{"pdu": "in"}, msgOut: map[string]string{"dict": "dict", "vec": "vec"},
			build: func(t *tr) { t.flag("pass_empty", "pass_empty") }},
		"pdu_random_pdu": {id: "random_pdu", msgIn: map[string]string{"generate": "generate"}, msgOut: map[string]string{"pdus": "pdus"},
			note: "random bytes from flowrun's generator: the same distribution as GNU Radio's, other values",
			build: func(t *tr) {
				t.num("min", "minsize")
				t.num("max", "maxsize")
				t.num("mask", "mask")
				t.num("modulo", "length_modulo")
			}},
		"pdu_pdu_to_stream_x": {id: "pdu_to_stream", msgIn: map[string]string{"pdus": "pdus"}, build: func(t *tr) {
			t.typ("type", "uint8", "float32", "complex64")
			t.enum("early", "early_behavior", map[string]string{"pdu.EARLY_BURST_APPEND": "append",
				"pdu.EARLY_BURST_DROP": "drop", "pdu.EARLY_BURST_BALK": "balk"})
			t.num("depth", "depth")
		}},
		"channels_impairments": {id: "impairments", note: "its phase noise comes from flowrun's generator: the same distribution as GNU Radio's, other samples",
			build: func(t *tr) {
				for _, p := range []string{"phase_noise_mag", "magbal", "phasebal", "q_ofs", "i_ofs", "freq_offset", "gamma", "beta"} {
					t.num(p, p)
				}
			}},
		"channels_amp_bal":    {id: "amp_bal", build: func(t *tr) { t.num("alpha", "alpha") }},
		"blocks_int_to_float": {id: "int_to_float", build: func(t *tr) { t.scalarOnly(); t.num("scale", "scale") }},
		"analog_random_source_x": {id: "vector_source", build: randomSource,
			note: "its values come from flowrun's generator, drawn when the file is translated: the same distribution as GNU Radio's (numpy's randint), other values"},
		"pdu_take_skip_to_pdu": {id: "take_skip_to_pdu", msgOut: map[string]string{"pdus": "pdus"}, build: func(t *tr) {
			t.typ("type", "uint8", "float32", "complex64")
			t.num("take", "take")
			t.num("skip", "skip")
		}},
	}
	r["audio_sink"] = rule{id: "null_sink", perInput: true, build: func(t *tr) { t.set("type", "", "float32") },
		note: "an audio sink: flowrun has no audio output, its inputs are consumed by null sinks"}
	for _, id := range []string{"qtgui_time_sink_x", "qtgui_freq_sink_x", "qtgui_waterfall_sink_x", "qtgui_const_sink_x",
		"qtgui_number_sink", "qtgui_sink_x", "qtgui_vector_sink_f", "qtgui_time_raster_sink_x", "qtgui_histogram_sink_x"} {
		r[id] = guiSink
	}
	return r
}

// randomSource translates analog_random_source_x as GNU Radio builds it:
// a vector source of num_samps integers drawn uniformly from [min, max).
func randomSource(t *tr) {
	t.typ("type", "uint8", "int16", "int32")
	lo, ok1 := t.integer("min")
	hi, ok2 := t.integer("max")
	n, ok3 := t.integer("num_samps")
	if !ok1 || !ok2 || !ok3 {
		return
	}
	if hi <= lo || n < 1 || n > 1<<20 {
		t.failf("num_samps", "min %d, max %d, num_samps %d: need min < max and 1 <= num_samps <= 2^20", lo, hi, n)
		return
	}
	vals := make([]complex128, n)
	for i := range vals {
		vals[i] = complex(float64(lo+rand.Int64N(hi-lo)), 0)
	}
	t.set("values", "num_samps", vals)
	t.flag("repeat", "repeat")
}

func noiseSource(t *tr) {
	t.typ("type", "complex64", "float32")
	t.enum("noise", "noise_type", noiseTypes)
	t.num("amplitude", "amp")
	if n, ok := t.integer("seed"); ok {
		// GNU Radio takes any integer seed; flowrun's are not negative.
		t.set("seed", "seed", number{val: math.Abs(float64(n))})
	}
}

func zeroDelay(t *tr) {
	if t.b.params["samp_delay"] == nil {
		return
	}
	if n, ok := t.integer("samp_delay"); ok && n != 0 {
		t.failf("samp_delay", "a sample delay is not supported")
	}
}

func fftBlock(t *tr) {
	t.typ("type", "complex64")
	n, ok := t.integer("fft_size")
	if !ok {
		return
	}
	t.num("size", "fft_size")
	if fwd, ok := t.boolean("forward"); ok && !fwd {
		t.set("direction", "forward", "reverse")
	}
	t.flag("shift", "shift")
	w, ok := t.floatList("window")
	if !ok {
		return
	}
	if len(w) == 0 {
		return // no window
	}
	if int64(len(w)) != n {
		t.failf("window", "%d coefficients for an FFT of %d", len(w), n)
		return
	}
	same := true
	for _, x := range w {
		same = same && x == w[0]
	}
	if same && w[0] == 1 {
		return
	}
	if same {
		// A constant window (a scale such as 1/sqrt(N)) commutes with the
		// FFT: no window, then a multiplication by it.
		m := t.then("multiply_const")
		m.set("type", "window", "complex64")
		m.set("k", "window", number{val: w[0]})
		return
	}
	for _, k := range []window.Kind{window.Hamming, window.Hann, window.Blackman, window.BlackmanHarris} {
		ref := win32(k, int(n), 0)
		match := true
		for i := range w {
			match = match && math.Abs(w[i]-float64(ref[i])) <= 1e-6
		}
		if match {
			t.set("window", "window", k.String())
			return
		}
	}
	t.failf("window", "the window is none of flowrun's fft windows (none, hamming, hann, blackman, blackman_harris)")
}

// hostPort joins a host and a port expression.
func hostPort(host, port string) string {
	port = strings.TrimSpace(port)
	if strings.Contains(host, ":") {
		return "[" + host + "]:" + port
	}
	return host + ":" + port
}

func zmqStream(id string, keyed bool) rule {
	return rule{id: id, build: func(t *tr) {
		t.typ("type")
		t.set("address", "address", t.str("address"))
		for _, p := range []string{"timeout", "hwm"} {
			if t.b.params[p] != nil {
				t.num(p, p)
			}
		}
		if t.b.params["pass_tags"] != nil {
			t.flag("pass_tags", "pass_tags")
		}
		if v := t.vlen(); v != 1 {
			t.num("vlen", "vlen")
		}
		if keyed && t.b.params["key"] != nil {
			if k := t.str("key"); k != "" {
				t.set("key", "key", k)
			}
		}
		if id == "zmq_pub_sink" && t.b.params["drop_on_hwm"] != nil {
			t.flag("drop_on_hwm", "drop_on_hwm")
		}
	}}
}

func zmqMsg(id string) rule {
	return rule{id: id, msgIn: map[string]string{"in": "in"}, msgOut: map[string]string{"out": "out"}, build: func(t *tr) {
		t.set("address", "address", t.str("address"))
		if t.b.params["timeout"] != nil {
			t.num("timeout", "timeout")
		}
		if t.b.params["bind"] != nil {
			t.flag("bind", "bind")
		}
	}}
}

func pduRule(id string) rule {
	return rule{id: id, build: func(t *tr) {
		t.typ("type", "uint8", "float32", "complex64")
		if t.b.params["tag"] != nil {
			t.set("length_tag", "tag", t.str("tag"))
		}
	}}
}

// designedFilter translates GRC's filter blocks that design their taps
// (low_pass_filter, band_pass_filter, ...): the taps of firdes.<fcn>
// computed here, for a decimating filter (flowrun has no interpolating
// FIR filter).
func designedFilter(fcn string, cutoffs ...string) func(t *tr) {
	return func(t *tr) {
		raw := strings.TrimSpace(t.b.param("type"))
		if strings.HasPrefix(raw, "interp_") {
			t.failf("type", "%s: flowrun has no interpolating FIR filter", raw)
			return
		}
		raw = strings.TrimPrefix(strings.TrimPrefix(raw, "fir_filter_"), "fft_filter_")
		ty := t.filterTypeOf(raw, "fff", "ccf", "ccc")
		if ty == "" {
			return
		}
		f := fcn
		if ty == "ccc" && (fcn == "band_pass" || fcn == "band_reject") {
			f = "complex_" + fcn
		}
		args := []string{"gain", "samp_rate"}
		if fcn == "root_raised_cosine" {
			args = append(args, "sym_rate", "alpha", "ntaps")
		} else {
			args = append(append(args, cutoffs...), "width", "win", "beta")
		}
		parts := make([]string, len(args))
		for i, a := range args {
			if t.b.params[a] == nil {
				t.failf(a, "missing")
				return
			}
			parts[i] = "(" + t.b.param(a) + ")"
		}
		v, err := py.EvalString("firdes."+f+"("+strings.Join(parts, ", ")+")", t.c)
		if err != nil {
			t.failf(cutoffs0(cutoffs, "samp_rate"), "%v", err)
			return
		}
		taps, err := py.Iterate(v)
		if err != nil {
			t.failf("type", "%v", err)
			return
		}
		var re []float64
		var cs []complex128
		for _, x := range taps {
			c, _ := py.AsComplex(x)
			cs = append(cs, c)
			re = append(re, real(c))
		}
		if strings.HasPrefix(f, "complex_") {
			t.set("complex_taps", cutoffs0(cutoffs, "samp_rate"), cs)
		} else {
			t.set("taps", cutoffs0(cutoffs, "samp_rate"), re)
		}
		if t.id == "fft_filter" {
			if n, ok := t.integer("decim"); ok && n != 1 {
				t.failf("decim", "decimation %d: flowrun's fft_filter does not decimate", n)
			}
			return
		}
		t.num("decimation", "decim")
	}
}

func cutoffs0(cutoffs []string, def string) string {
	if len(cutoffs) > 0 {
		return cutoffs[0]
	}
	return def
}

// arbResampler translates pfb_arb_resampler_xxx when its rate is a ratio
// of two integers of at most 6 digits: a rational resampler.
func arbResampler(t *tr) {
	t.filterType("fff", "ccf")
	r, ok := t.realScaled("rrate", 1)
	if !ok {
		return
	}
	num, den, ok := ratio(r.val, 1_000_000)
	if !ok {
		t.failf("rrate", "rate %v is not a ratio of integers up to 10^6: flowrun has no arbitrary-rate resampler", r.val)
		return
	}
	t.set("interpolation", "rrate", number{val: float64(num)})
	t.set("decimation", "rrate", number{val: float64(den)})
}

// ratio finds num/den = x with den ≤ maxDen (continued fractions), to
// float64 precision.
func ratio(x float64, maxDen int64) (int64, int64, bool) {
	if !(x > 0) || math.IsInf(x, 0) {
		return 0, 0, false
	}
	h0, h1, k0, k1 := int64(0), int64(1), int64(1), int64(0)
	v := x
	for i := 0; i < 64; i++ {
		a := math.Floor(v)
		if a > float64(maxDen) {
			break
		}
		ai := int64(a)
		h0, h1 = h1, ai*h1+h0
		k0, k1 = k1, ai*k1+k0
		if k1 > maxDen || h1 > maxDen {
			return 0, 0, false
		}
		if math.Abs(float64(h1)/float64(k1)-x) <= 1e-12*x {
			return h1, k1, true
		}
		if v-a == 0 {
			break
		}
		v = 1 / (v - a)
	}
	return 0, 0, false
}

// streamRuns translates stream_mux and stream_demux: their run lengths
// count vectors in GNU Radio, items in flowrun.
func streamRuns(t *tr) {
	t.typ("type")
	l, ok := t.floatList("lengths")
	if !ok {
		return
	}
	v := float64(t.vlen())
	for i := range l {
		l[i] *= v
	}
	t.set("lengths", "lengths", l)
}
