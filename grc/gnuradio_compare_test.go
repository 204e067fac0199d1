package grc_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/grc"
)

// gnuradioPython is the Python that imports GNU Radio where Debian
// installs it (the python3 first on PATH may be another).
const gnuradioPython = "/usr/bin/python3"

// The examples whose output is compared with GNU Radio's: on both sides
// each sink becomes a head of items and a file sink, each noise source a
// vector source of fixed pseudo-random values (the two frameworks' noise
// generators differ by design), each GUI variable a variable.
var compared = []struct {
	file  string
	items int
	// prefix: GNU Radio's demux stops when one of its heads is done (the
	// head's buffer fills), flowrun's keeps feeding the other outputs:
	// compare what both wrote, at least a tenth of the items.
	prefix bool
}{
	{"blocks/selector.grc", 20000, false},
	{"filter/filter_taps.grc", 20000, false},
	{"zeromq/zeromq_pushpull.grc", 20000, false},
	{"zeromq/zeromq_reqrep.grc", 20000, false},
	{"network/test_udp_sink.grc", 20000, false},
	{"blocks/stream_mux_demo.grc", 20000, false},
	{"blocks/stream_demux_demo.grc", 10000, true},
	{"blocks/matrix_multiplexer.grc", 20000, false},
	{"blocks/peak_detector2.grc", 20000, false},
	{"blocks/matrix_interleaver.grc", 19968, false}, // 624 vectors of rows·cols = 32
	{"channels/demo_two_tone.grc", 20000, false},
}

// TestOutputMatchesGNURadio runs examples of GNU Radio's corpus in GNU
// Radio (compiled by grcc) and in flowrun (translated by this package),
// with their sinks replaced by file sinks, and compares the files.
func TestOutputMatchesGNURadio(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("GNU Radio's examples are not installed (%v)", err)
	}
	if err := exec.Command(gnuradioPython, "-c", "import gnuradio.blocks").Run(); err != nil {
		t.Skipf("GNU Radio is not installed (%s cannot import gnuradio.blocks)", gnuradioPython)
	}
	grcc, err := exec.LookPath("grcc")
	if err != nil {
		t.Skip("grcc, GNU Radio Companion's compiler, is not installed")
	}
	if testing.Short() {
		t.Skip("runs GNU Radio: not in -short mode")
	}
	for _, c := range compared {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(corpusDir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			grDir, frDir := filepath.Join(dir, "gnuradio"), filepath.Join(dir, "flowrun")
			for _, d := range []string{grDir, frDir} {
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			grFile, outputs := rewriteForComparison(t, data, grDir, c.items)
			frFile, _ := rewriteForComparison(t, data, frDir, c.items)

			// GNU Radio: compile, then run until the file sinks have their
			// items (the head blocks finish them) or the deadline.
			src := filepath.Join(grDir, "flowgraph.grc")
			if err := os.WriteFile(src, grFile, 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(grcc, "-o", grDir, src).CombinedOutput(); err != nil {
				t.Fatalf("grcc: %v\n%s", err, out)
			}
			scripts, _ := filepath.Glob(filepath.Join(grDir, "*.py"))
			if len(scripts) != 1 {
				t.Fatalf("grcc wrote %v", scripts)
			}
			ctx, cancel := untilWritten(grDir, outputs, c.items)
			cmd := exec.CommandContext(ctx, gnuradioPython, scripts[0])
			cmd.Dir = grDir
			out, err := cmd.CombinedOutput()
			cancel()
			if err != nil && ctx.Err() == nil {
				t.Fatalf("GNU Radio: %v\n%s", err, out)
			}

			l, _, err := grc.Load(frFile, blocks.NewRegistry(), grc.Options{File: c.file})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel = untilWritten(frDir, outputs, c.items)
			err = l.Graph.Run(ctx)
			cancel()
			if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
				t.Fatalf("flowrun: %v", err)
			}
			for _, o := range outputs {
				compareFiles(t, filepath.Join(grDir, o.name), filepath.Join(frDir, o.name), o.complex, c.items, c.prefix)
			}
		})
	}
}

// untilWritten returns a context that ends when every output file in dir
// holds its items, or after 5 s: some of the examples run for ever (a
// source that is not behind the head blocks).
func untilWritten(dir string, outputs []output, items int) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	go func() {
		for ctx.Err() == nil {
			done := true
			for _, o := range outputs {
				size := int64(4 * items)
				if o.complex {
					size *= 2
				}
				fi, err := os.Stat(filepath.Join(dir, o.name))
				done = done && err == nil && fi.Size() >= size
			}
			if done {
				time.Sleep(100 * time.Millisecond) // let the sinks close their files
				cancel()
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return ctx, cancel
}

type output struct {
	name    string
	complex bool
}

// rewriteForComparison edits a GRC file: no GUI; every stream input of a
// sink (Qt GUI sinks, null sinks) gets a head of items and a file sink in
// dir (of the sink's vector length, the head then counting items/vlen
// vectors); noise sources become vector sources of fixed values; the
// example's own file sinks write into dir.
func rewriteForComparison(t *testing.T, data []byte, dir string, items int) ([]byte, []output) {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	params := doc["options"].(map[string]any)["parameters"].(map[string]any)
	params["generate_options"], params["run_options"] = "no_gui", "run"
	var kept []any
	sinks := map[string]string{} // name → GRC item type
	vlens := map[string]string{} // name → GRC vector length expression
	disabled := map[string]bool{}
	for _, b := range doc["blocks"].([]any) {
		m := b.(map[string]any)
		p, _ := m["parameters"].(map[string]any)
		id := m["id"].(string)
		if st, _ := m["states"].(map[string]any); st != nil && st["state"] == "disabled" {
			kept = append(kept, b)
			disabled[m["name"].(string)] = true
			continue
		}
		switch {
		case id == "blocks_null_sink" || strings.HasPrefix(id, "qtgui_") && strings.Contains(id, "sink"):
			ty, _ := p["type"].(string)
			if ty == "" {
				ty = "float"
			}
			sinks[m["name"].(string)] = ty
			vlens[m["name"].(string)] = "1"
			if v, _ := p["vlen"].(string); v != "" {
				vlens[m["name"].(string)] = v
			}
			continue
		case id == "blocks_file_sink":
			if f, _ := p["file"].(string); f != "" && !filepath.IsAbs(f) {
				p["file"] = filepath.Join(dir, f)
			}
		case strings.HasPrefix(id, "variable_qtgui_"):
			// A GUI variable cannot be compiled without a GUI: its value.
			m["id"], m["parameters"] = "variable", map[string]any{"value": p["value"]}
		case id == "analog_fastnoise_source_x" || id == "analog_noise_source_x":
			m["id"] = "blocks_vector_source_x"
			m["parameters"] = map[string]any{"type": p["type"], "vector": noiseVector(p["type"] == "complex"),
				"repeat": "True", "tags": "[]", "vlen": "1"}
		}
		kept = append(kept, b)
	}
	var conns []any
	var outputs []output
	for _, c := range doc["connections"].([]any) {
		cs := c.([]any)
		src, dst := fmt.Sprint(cs[0]), fmt.Sprint(cs[2])
		if _, ok := sinks[src]; ok || disabled[src] {
			continue // a GUI sink's message output, or a disabled block's output
		}
		ty, ok := sinks[dst]
		if !ok {
			conns = append(conns, c)
			continue
		}
		port := fmt.Sprint(cs[3])
		if _, err := strconv.Atoi(port); err != nil || strings.HasPrefix(ty, "msg") {
			continue // a message input
		}
		name := dst + "_" + port
		head, file := "cmp_head_"+name, "cmp_file_"+name
		vlen, num := vlens[dst], strconv.Itoa(items)
		if vlen != "1" {
			num += " // (" + vlen + ")"
		}
		states := map[string]any{"state": "enabled", "coordinate": []any{0, 0}, "rotation": 0}
		kept = append(kept,
			map[string]any{"name": head, "id": "blocks_head", "states": states,
				"parameters": map[string]any{"type": ty, "num_items": num, "vlen": vlen}},
			map[string]any{"name": file, "id": "blocks_file_sink", "states": states,
				"parameters": map[string]any{"type": ty, "file": filepath.Join(dir, name+".dat"), "append": "False", "unbuffered": "True", "vlen": vlen}})
		conns = append(conns, []any{cs[0], cs[1], head, "0"}, []any{head, "0", file, "0"})
		outputs = append(outputs, output{name: name + ".dat", complex: ty == "complex"})
	}
	sort.Slice(outputs, func(i, j int) bool { return outputs[i].name < outputs[j].name })
	doc["blocks"], doc["connections"] = kept, conns
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(outputs) == 0 {
		t.Fatal("the flowgraph has no sink to compare")
	}
	return out, outputs
}

// noiseVector is a Python list of 4096 fixed pseudo-random values in
// [-0.5, 0.5), complex or real.
func noiseVector(complexValues bool) string {
	r := rand.New(rand.NewPCG(1, 2))
	parts := make([]string, 4096)
	for i := range parts {
		re := strconv.FormatFloat(float64(float32(r.Float64()-0.5)), 'g', -1, 32)
		if complexValues {
			im := strconv.FormatFloat(float64(float32(r.Float64()-0.5)), 'g', -1, 32)
			parts[i] = "complex(" + re + ", " + im + ")"
		} else {
			parts[i] = re
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// compareFiles compares two files of float32 (or interleaved complex)
// items: the same number (or, with prefix, the first items of both),
// agreeing to 1e-3 of the larger peak.
func compareFiles(t *testing.T, grPath, frPath string, complexItems bool, items int, prefix bool) {
	t.Helper()
	read := func(path string) []float32 {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float32, len(b)/4)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		return out
	}
	gr, fr := read(grPath), read(frPath)
	per := 1
	if complexItems {
		per = 2
	}
	name := filepath.Base(grPath)
	if len(gr) == 0 && len(fr) == 0 {
		t.Logf("%s: no items on either side (an output the graph does not feed)", name)
		return
	}
	if prefix {
		n := min(len(gr), len(fr))
		if n < items*per/10 {
			t.Errorf("%s: GNU Radio wrote %d items, flowrun %d, want %d at least each", name, len(gr)/per, len(fr)/per, items/10)
			return
		}
		items, gr, fr = n/per, gr[:n], fr[:n]
	}
	if len(gr) != items*per || len(fr) != items*per {
		t.Errorf("%s: GNU Radio wrote %d items, flowrun %d, want %d each", name, len(gr)/per, len(fr)/per, items)
		return
	}
	peak, worst, at := 0.0, 0.0, 0
	for i := range gr {
		peak = math.Max(peak, math.Max(math.Abs(float64(gr[i])), math.Abs(float64(fr[i]))))
		if d := math.Abs(float64(gr[i]) - float64(fr[i])); d > worst {
			worst, at = d, i
		}
	}
	t.Logf("%s: %d items, peak %.3g, largest difference %.3g (at item %d)", name, items, peak, worst, at/per)
	if worst > 1e-3*math.Max(peak, 1e-6) {
		t.Errorf("%s: GNU Radio %v, flowrun %v at item %d: a difference of %.3g, more than 1e-3 of the peak %.3g",
			name, gr[at], fr[at], at/per, worst, peak)
	}
}
