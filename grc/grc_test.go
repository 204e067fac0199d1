package grc_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/grc"
)

// flowgraph writes a minimal GRC file with the given blocks and
// connections sections (YAML list items).
func flowgraph(blockItems, connItems string) []byte {
	return []byte("options:\n  parameters:\n    id: test\n    generate_options: no_gui\n  states:\n    state: enabled\nblocks:\n" +
		blockItems + "connections:\n" + connItems + "metadata:\n  file_format: 1\n  grc_version: 3.10.5.1\n")
}

func names(l *graphfile.Loaded) []string {
	var out []string
	for _, b := range l.Blocks {
		out = append(out, b.Name+":"+b.ID)
	}
	return out
}

func TestToneTranslatesBypassedDisabledAndVirtualBlocks(t *testing.T) {
	data, err := os.ReadFile("testdata/tone.grc")
	if err != nil {
		t.Fatal(err)
	}
	l, warnings, err := grc.Load(data, blocks.NewRegistry(), grc.Options{File: "tone.grc"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"src:signal_source", "lp:fir_filter", "head:head", "scope:null_sink"}
	if got := names(l); !slices.Equal(got, want) {
		t.Errorf("blocks %v, want %v (boost bypassed, probe disabled, the virtual pair gone)", got, want)
	}
	wantConns := [][4]string{{"src", "0", "lp", "0"}, {"lp", "0", "head", "0"}, {"head", "0", "scope", "0"}}
	if !slices.Equal(l.Connections, wantConns) {
		t.Errorf("connections %v, want %v", l.Connections, wantConns)
	}
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], "tone.grc:185: block scope (qtgui_time_sink_x → null_sink)") {
		t.Errorf("warnings %q, want one for the Qt sink at line 185", warnings)
	}
	if l.Vars["freq"] != 1000 || l.Vars["nitems"] != 4096 {
		t.Errorf("variables %v, want freq 1000 and nitems 4096", l.Vars)
	}
	if err := l.Graph.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestSetOverridesAVariableTheParametersUse(t *testing.T) {
	data, _ := os.ReadFile("testdata/tone.grc")
	l, _, err := grc.Load(data, blocks.NewRegistry(), grc.Options{Set: map[string]string{"freq": "2500", "nitems": "100"}})
	if err != nil {
		t.Fatal(err)
	}
	if f := l.Blocks[0].Params.Float("frequency"); f != 2500 {
		t.Errorf("signal_source frequency %v, want 2500 from --set freq=2500", f)
	}
	if n := l.Blocks[2].Params.Int("items"); n != 100 {
		t.Errorf("head items %v, want 100 from --set nitems=100", n)
	}
}

func TestTranslatedYAMLLoadsAsTheGRCFileDoes(t *testing.T) {
	data, _ := os.ReadFile("testdata/tone.grc")
	c, err := grc.Convert(data, grc.Options{File: "tone.grc"})
	if err != nil {
		t.Fatal(err)
	}
	text, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	reg := blocks.NewRegistry()
	fromYAML, err := graphfile.Load(text, reg, graphfile.Options{File: "tone.yaml"})
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	fromGRC, _, err := grc.Load(data, reg, grc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names(fromYAML), names(fromGRC)) || !slices.Equal(fromYAML.Connections, fromGRC.Connections) {
		t.Errorf("the YAML loads %v %v, the GRC file %v %v", names(fromYAML), fromYAML.Connections, names(fromGRC), fromGRC.Connections)
	}
	for i, b := range fromGRC.Blocks {
		for k, v := range b.Params {
			if w := fromYAML.Blocks[i].Params[k]; !equalParam(v, w) {
				t.Errorf("block %s parameter %s: %v from the GRC file, %v from its YAML", b.Name, k, v, w)
			}
		}
	}
	if !strings.Contains(string(text), "# GUI range 0 to samp_rate/2, step 100") {
		t.Errorf("the GUI range's bounds are not in the YAML:\n%s", text)
	}
}

func equalParam(a, b any) bool {
	return reflect.DeepEqual(a, b)
}

func TestBlocksWithoutEquivalentAreNamedTogetherWithTheirLines(t *testing.T) {
	data := flowgraph(`- name: a
  id: analog_wfm_rcv_pll
  parameters: {}
- name: b
  id: blocks_null_sink
  parameters: {type: float, vlen: '1', num_inputs: '1'}
- name: c
  id: blocks_burst_tagger
  parameters: {}
- name: d
  id: audio_sink
  parameters: {}
  states: {state: disabled}
`, "")
	_, err := grc.Convert(data, grc.Options{File: "x.grc"})
	var el graphfile.ErrorList
	if !errors.As(err, &el) || len(el) != 1 || !errors.Is(err, grc.ErrUnsupported) || !errors.Is(err, grc.ErrBadFile) {
		t.Fatalf("got %v, want one error matching ErrUnsupported", err)
	}
	msg := el[0].Error()
	for _, s := range []string{"x.grc:8:3: 2 blocks", "a (analog_wfm_rcv_pll, line 8)", "c (blocks_burst_tagger, line 14)"} {
		if !strings.Contains(msg, s) {
			t.Errorf("error %q does not say %q", msg, s)
		}
	}
	if strings.Contains(msg, "line 17") || strings.Contains(msg, "audio_sink") {
		t.Errorf("error %q names the disabled block", msg)
	}
}

func TestEvaluationErrorsAreAtTheirLine(t *testing.T) {
	data := flowgraph(`- name: samp_rate
  id: variable
  parameters: {value: '32000'}
- name: bad
  id: variable
  parameters: {value: 'samp_rate * undefined_name'}
- name: src
  id: analog_sig_source_x
  parameters: {type: float, samp_rate: samp_rate, waveform: analog.GR_SIN_WAVE, freq: bad, amp: '1', offset: '0', phase: '0'}
- name: snk
  id: blocks_null_sink
  parameters:
    type: float
    vlen: '1'
    num_inputs: '1'
- name: h
  id: blocks_head
  parameters:
    type: float
    num_items: 10 +
    vlen: '1'
`, "- [src, '0', h, '0']\n- [h, '0', snk, '0']\n")
	_, err := grc.Convert(data, grc.Options{File: "x.grc"})
	var el graphfile.ErrorList
	if !errors.As(err, &el) || len(el) != 2 {
		t.Fatalf("got %v, want two errors", err)
	}
	if el[0].Line != 16 || !strings.Contains(el[0].Msg, "variable bad (line 13)") || !strings.Contains(el[0].Msg, "undefined_name") {
		t.Errorf("first error %v, want the freq of src at line 16, naming variable bad's value at line 13", el[0])
	}
	if el[1].Line != 27 || !strings.Contains(el[1].Msg, "num_items") {
		t.Errorf("second error %v, want num_items at line 27", el[1])
	}
}

func TestOnlyAllowedModulesCanBeImported(t *testing.T) {
	data := flowgraph(`- name: imp
  id: import
  parameters: {imports: import os}
- name: n
  id: variable
  parameters: {value: 'os.getpid()'}
- name: src
  id: blocks_null_source
  parameters: {type: float, vlen: '1', num_outputs: '1'}
- name: h
  id: blocks_head
  parameters: {type: float, num_items: n, vlen: '1'}
- name: snk
  id: blocks_null_sink
  parameters: {type: float, vlen: '1', num_inputs: '1'}
`, "- [src, '0', h, '0']\n- [h, '0', snk, '0']\n")
	_, err := grc.Convert(data, grc.Options{})
	if err == nil || !strings.Contains(err.Error(), "os (imported at line 8) is not a module flowrun can evaluate") {
		t.Fatalf("got %v, want a refusal of os", err)
	}
}

func TestIsGRC(t *testing.T) {
	data, _ := os.ReadFile("testdata/tone.grc")
	for _, c := range []struct {
		name string
		data []byte
		want bool
	}{
		{"fm.grc", nil, true},
		{"fm.GRC", nil, true},
		{"fm", data, true},
		{"fm.yaml", []byte("blocks: []\nconnections: []\n"), false},
	} {
		if got := grc.IsGRC(c.name, c.data); got != c.want {
			t.Errorf("IsGRC(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestMessageConnectionsUseFlowrunPortNames(t *testing.T) {
	data := flowgraph(`- name: strobe
  id: blocks_message_strobe
  parameters: {msg: 'pmt.cons(pmt.intern("freq"), pmt.from_double(1.5e3))', period: '250'}
- name: dbg
  id: blocks_message_debug
  parameters: {en_uvec: 'True'}
`, "- [strobe, strobe, dbg, print]\n- [strobe, strobe, dbg, store]\n")
	c, err := grc.Convert(data, grc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text, _ := c.YAML()
	for _, want := range []string{"message: [freq, 1500.0]", "period: 0.25", "- [strobe, out, dbg, in]"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the translation lacks %q:\n%s", want, text)
		}
	}
	if _, _, err := grc.Load(data, blocks.NewRegistry(), grc.Options{}); err != nil {
		t.Fatal(err)
	}
}

// The mapping table of docs/grc.md is the one Convert uses.
func TestDocsListEveryMapping(t *testing.T) {
	doc, err := os.ReadFile("../docs/grc.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range grc.Mappings() {
		if row := "| `" + m[0] + "` | `" + m[1] + "` |"; !strings.Contains(string(doc), row) {
			t.Errorf("docs/grc.md lacks the row %s", row)
		}
	}
	if n, want := strings.Count(string(doc), "` | `"), len(grc.Mappings()); n != want {
		t.Errorf("docs/grc.md has %d mapping rows, Convert %d mappings", n, want)
	}
}

// Every GNU Radio block id of the mapping table is one of GNU Radio
// 3.10's block definitions, where those are installed.
func TestMappedIDsAreGNURadioBlocks(t *testing.T) {
	defs, _ := filepath.Glob("/usr/share/gnuradio/grc/blocks/*.block.yml")
	if len(defs) == 0 {
		t.Skip("GNU Radio's block definitions are not installed (/usr/share/gnuradio/grc/blocks)")
	}
	ids := map[string]bool{}
	for _, f := range defs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if id, ok := strings.CutPrefix(line, "id: "); ok {
				ids[strings.TrimSpace(id)] = true
			}
		}
	}
	for _, m := range grc.Mappings() {
		if !ids[m[0]] {
			t.Errorf("%s is not a GNU Radio block id", m[0])
		}
	}
}

func TestConnectionsToUnknownBlocksAreErrors(t *testing.T) {
	data := flowgraph(`- name: src
  id: blocks_null_source
  parameters: {type: float, vlen: '1', num_outputs: '1'}
`, "- [src, '0', nosuch, '0']\n")
	_, err := grc.Convert(data, grc.Options{File: "x.grc"})
	if err == nil || !strings.Contains(err.Error(), "x.grc:12:3: connection to nosuch: there is no block of that name") {
		t.Fatalf("got %v, want the connection to nosuch refused at line 12", err)
	}
}

func TestFFTWindowsAreNamedByTheirCoefficients(t *testing.T) {
	for _, c := range []struct{ window, want string }{
		{"window.blackmanharris(1024)", "window: blackman_harris"},
		{"window.hann(1024)", "window: hann"},
		{"[]", "size: 1024"}, // no window
		{"1024*[1.0]", "size: 1024"},
		{"fft_size*[0.5]", "id: multiply_const"}, // a constant window: a scale after the FFT
		{"512*[0.5] + 512*[1.0]", "none of flowrun's fft windows"},
	} {
		data := flowgraph(`- name: fft_size
  id: variable
  parameters: {value: '1024'}
- name: f
  id: fft_vxx
  parameters: {type: complex, fft_size: fft_size, forward: 'True', shift: 'False', nthreads: '1', window: '`+c.window+`'}
`, "")
		conv, err := grc.Convert(data, grc.Options{})
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			text, _ := conv.YAML()
			got = string(text)
		}
		if !strings.Contains(got, c.want) || c.want == "size: 1024" && strings.Contains(got, "window:") {
			t.Errorf("window %s: got\n%s\nwant %q", c.window, got, c.want)
		}
	}
}

func TestGUIRangesBecomeBoundedVariablesSettableWhileRunning(t *testing.T) {
	data, _ := os.ReadFile("testdata/tone.grc")
	l, _, err := grc.Load(data, blocks.NewRegistry(), grc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var freq *graphfile.Variable
	for i := range l.Variables {
		if l.Variables[i].Name == "freq" {
			freq = &l.Variables[i]
		}
	}
	if freq == nil || freq.Min == nil || *freq.Min != 0 || freq.Max == nil || *freq.Max != 16000 || freq.Step == nil || *freq.Step != 100 {
		t.Fatalf("freq: %+v, want the GUI range's bounds 0 to 16000 by 100", freq)
	}
	if err := l.SetVariable(context.Background(), "freq", 3000); err != nil {
		t.Fatal(err)
	}
	if f, _ := l.Graph.Get("src", "frequency"); f != 3000.0 {
		t.Errorf("src.frequency = %v after freq = 3000", f)
	}
	if err := l.SetVariable(context.Background(), "freq", 17000); !errors.Is(err, graphfile.ErrBadVariable) {
		t.Errorf("freq = 17000, beyond the GUI range: got %v", err)
	}
}
