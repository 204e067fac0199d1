package cli

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/registry"
)

// statsRows parses the text statistics table: block name → its fields
// (id, work calls, items in, items out, work time, items/s, out
// limit/capacity).
func statsRows(t *testing.T, out string) map[string][]string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "graph ") {
		t.Fatalf("no statistics table in:\n%s", out)
	}
	if h := strings.Join(strings.Fields(lines[1]), " "); h != "block id work calls items in items out work time items/s out limit/capacity" {
		t.Fatalf("table header %q", lines[1])
	}
	rows := map[string][]string{}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) != 8 {
			t.Fatalf("row %q: want 8 fields", l)
		}
		rows[f[0]] = f[1:]
	}
	return rows
}

func TestRunPrintsStatistics(t *testing.T) {
	code, stdout, stderr := flowrun(t, "run", "testdata/golden/count.yaml")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.HasPrefix(stdout, `graph "count" ran `) {
		t.Errorf("first line of %q", stdout)
	}
	rows := statsRows(t, stdout)
	if len(rows) != 3 {
		t.Fatalf("%d rows, want one per block (3):\n%s", len(rows), stdout)
	}
	for name, want := range map[string][3]string{ // id, items in, items out
		"first": {"head", "100000", "100000"},
		"snk":   {"count_sink", "100000", "-"},
	} {
		r := rows[name]
		if r == nil {
			t.Errorf("no row for %s:\n%s", name, stdout)
			continue
		}
		if got := [3]string{r[0], r[2], r[3]}; got != want {
			t.Errorf("%s: id, items in, items out = %v, want %v", name, got, want)
		}
	}
	src := rows["src"]
	if src == nil || src[0] != "null_source" || src[2] != "-" {
		t.Fatalf("src row %v", src)
	}
	if src[6] != "12288/12288" || rows["snk"][6] != "-" {
		t.Errorf("out limit/capacity: src %q, snk %q; want 12288/12288 (48 KiB of float32, no limit) and -", src[6], rows["snk"][6])
	}
	if n, err := strconv.ParseUint(src[3], 10, 64); err != nil || n < 100000 {
		t.Errorf("src produced %q items, want at least 100000", src[3])
	}
	for name, r := range rows {
		if calls, err := strconv.Atoi(r[1]); err != nil || calls < 1 {
			t.Errorf("%s: work calls %q", name, r[1])
		}
	}
}

type jsonStats struct {
	Graph   string  `json:"graph"`
	Seconds float64 `json:"seconds"`
	Blocks  []struct {
		Name      string   `json:"name"`
		ID        string   `json:"id"`
		WorkCalls uint64   `json:"work_calls"`
		In        []uint64 `json:"items_in"`
		Out       []uint64 `json:"items_out"`
		WorkSec   float64  `json:"work_seconds"`
		WaitSec   float64  `json:"wait_seconds"`
		Rate      float64  `json:"items_per_second"`
		Finished  bool     `json:"finished"`
		Buffers   []struct {
			Capacity int     `json:"capacity"`
			Limit    int     `json:"limit"`
			Fill     int     `json:"fill"`
			Rate     float64 `json:"rate"`
			Latency  float64 `json:"latency_seconds"`
		} `json:"out_buffers"`
	} `json:"blocks"`
}

func runJSON(t *testing.T, args ...string) jsonStats {
	t.Helper()
	code, stdout, stderr := flowrun(t, append([]string{"run", "--stats", "json"}, args...)...)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var st jsonStats
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		t.Fatalf("--stats json output does not parse: %v\n%s", err, stdout)
	}
	return st
}

func TestRunStatsJSON(t *testing.T) {
	st := runJSON(t, "testdata/golden/count.yaml")
	if st.Graph != "count" || st.Seconds <= 0 || len(st.Blocks) != 3 {
		t.Fatalf("graph %q, %v s, %d blocks", st.Graph, st.Seconds, len(st.Blocks))
	}
	for i, want := range []struct{ name, id string }{{"src", "null_source"}, {"first", "head"}, {"snk", "count_sink"}} {
		if b := st.Blocks[i]; b.Name != want.name || b.ID != want.id || !b.Finished || b.WorkCalls == 0 {
			t.Errorf("block %d: %+v, want %s (%s), finished, with work calls", i, b, want.name, want.id)
		}
	}
	src, head, snk := st.Blocks[0], st.Blocks[1], st.Blocks[2]
	if len(src.In) != 0 || len(src.Out) != 1 || src.Out[0] < 100000 {
		t.Errorf("src items in %v, out %v", src.In, src.Out)
	}
	if len(head.In) != 1 || head.In[0] != 100000 || len(head.Out) != 1 || head.Out[0] != 100000 {
		t.Errorf("head items in %v, out %v, want [100000] [100000]", head.In, head.Out)
	}
	if len(snk.In) != 1 || snk.In[0] != 100000 || len(snk.Out) != 0 {
		t.Errorf("sink items in %v, out %v, want [100000] []", snk.In, snk.Out)
	}
}

func TestRunSetOverridesAVariable(t *testing.T) {
	st := runJSON(t, "--set", "n=5000", "testdata/golden/count.yaml")
	if snk := st.Blocks[2]; len(snk.In) != 1 || snk.In[0] != 5000 {
		t.Errorf("with --set n=5000 the sink took %v items, want 5000", snk.In)
	}
	// An expression, and the last --set of a name wins.
	st = runJSON(t, "--set", "n=1", "--set", "n=2**10 + 3", "testdata/golden/count.yaml")
	if snk := st.Blocks[2]; len(snk.In) != 1 || snk.In[0] != 1027 {
		t.Errorf("with --set n=2**10 + 3 the sink took %v items, want 1027", snk.In)
	}
}

func TestRunDurationStopsAnEndlessGraph(t *testing.T) {
	start := time.Now()
	code, stdout, stderr := flowrun(t, "run", "--duration", "200ms", "testdata/golden/forever.yaml")
	el := time.Since(start)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if el < 200*time.Millisecond || el > 10*time.Second {
		t.Errorf("ran %v, want about 200ms", el)
	}
	rows := statsRows(t, stdout)
	if len(rows) != 2 || rows["src"] == nil || rows["snk"] == nil {
		t.Fatalf("rows %v", rows)
	}
	if rows["src"][3] == "0" || rows["snk"][2] == "0" {
		t.Errorf("no items moved in 200ms:\n%s", stdout)
	}
}

func TestRunStatsNone(t *testing.T) {
	code, stdout, stderr := flowrun(t, "run", "--stats", "none", "--set", "n=10", "testdata/golden/count.yaml")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and no output", code, stdout, stderr)
	}
}

func TestRunFailureNamesTheBlock(t *testing.T) {
	code, _, stderr := flowrun(t, "run", "--stats", "none", "testdata/golden/missing_file.yaml")
	if code != 1 {
		t.Errorf("exit %d, want 1 (a run-time failure)", code)
	}
	for _, want := range []string{"flowrun: ", `block "reader"`, "init", "testdata/no-such-file.f32"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
}

func TestRunBadGraphIsBadInput(t *testing.T) {
	code, stdout, stderr := flowrun(t, "run", "../testdata/bad/cycle.yaml")
	if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "flowrun: ../testdata/bad/cycle.yaml:3:5: ") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestRunRefusesANonPositiveDuration(t *testing.T) {
	for _, d := range []string{"-5s", "0", "0s"} {
		code, _, stderr := flowrun(t, "run", "testdata/control.yaml", "--duration", d, "--stats", "none")
		if code != 2 || !strings.Contains(stderr, "--duration") || !strings.Contains(stderr, "positive") {
			t.Errorf("--duration %s: exit %d, stderr %q", d, code, stderr)
		}
	}
	code, _, stderr := flowrun(t, "run", "testdata/control.yaml", "--grace", "-1s", "--stats", "none")
	if code != 2 || !strings.Contains(stderr, "--grace") {
		t.Errorf("--grace -1s: exit %d, stderr %q", code, stderr)
	}
}

// stuckSink ignores cancellation: its Work waits for release.
type stuckSink struct {
	In      block.In[complex64]
	release chan struct{}
	deinit  chan struct{}
}

func (s *stuckSink) Work(*block.IO) error { <-s.release; return nil }
func (s *stuckSink) Deinit() error        { close(s.deinit); return nil }

func TestRunGivesUpOnABlockStuckInWork(t *testing.T) {
	snk := &stuckSink{release: make(chan struct{}), deinit: make(chan struct{})}
	reg := blocks.NewRegistry()
	reg.MustRegister(registry.Spec{ID: "stuck_sink", Doc: "never returns from Work",
		New: func(registry.Params) (block.Block, error) { return snk, nil }})
	graph := filepath.Join(t.TempDir(), "stuck.yaml")
	if err := os.WriteFile(graph, []byte(`metadata: {name: stuck}
blocks:
  - {name: src, id: signal_source, parameters: {frequency: 1000, sample_rate: 48000}}
  - {name: snk, id: stuck_sink}
connections:
  - [src, 0, snk, 0]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	start := time.Now()
	code := Run(reg, []string{"run", graph, "--duration", "30ms", "--grace", "50ms", "--progress", "off"}, &stdout, &stderr)
	took := time.Since(start)
	close(snk.release)
	select {
	case <-snk.deinit:
	case <-time.After(10 * time.Second):
		t.Fatalf("the stuck block was never deinitialised; exit %d, stderr %q", code, stderr.String())
	}
	if code != 1 || !strings.Contains(stderr.String(), "in Work for") || !strings.Contains(stderr.String(), "did not return") {
		t.Fatalf("flowrun run: exit %d, stderr %q; want 1 and where the block was stuck", code, stderr.String())
	}
	if took > 2*time.Second {
		t.Errorf("flowrun run took %v with --duration 30ms --grace 50ms", took)
	}
	// Names with control characters are refused by the loader; the escaping
	// of names given through the Go API is TestErrorLinesEscapeBlockNames's.
}

func TestTermSafeEscapesWhatATerminalWouldActOn(t *testing.T) {
	for _, c := range []struct {
		in    string
		lines bool
		want  string
	}{
		{"plain name_1 ü 周", false, "plain name_1 ü 周"},
		{"a\x1b[2Jb", false, `a\x1b[2Jb`},
		{"a\rb\bc\x7f", false, `a\rb\bc\x7f`},
		{"evil\u202eexe.txt", false, `evil\u202eexe.txt`},
		{"\u009b31m", false, `\u009b31m`},
		{"bad \xff byte", false, `bad \xff byte`},
		{"one\ntwo\tthree", false, `one\ntwo\tthree`},
		{"one\ntwo\tthree\x1b", true, "one\ntwo\tthree\\x1b"},
	} {
		if got := termSafe(c.in, c.lines); got != c.want {
			t.Errorf("termSafe(%q, %v) = %q, want %q", c.in, c.lines, got, c.want)
		}
	}
}

func TestErrorLinesEscapeBlockNames(t *testing.T) {
	graph := filepath.Join(t.TempDir(), "g.yaml")
	if err := os.WriteFile(graph, []byte(`metadata: {name: g}
blocks:
  - {name: "src\x1b]0;pwned\x07", id: signal_source, parameters: {frequency: 1000, sample_rate: 48000}}
  - {name: "snk\r", id: null_sink, parameters: {type: complex64}}
connections: []
`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := flowrun(t, "run", graph, "--stats", "none")
	if code == 0 || strings.ContainsAny(stderr, "\x1b\x07\r") || !strings.Contains(stderr, `src\x1b]0;pwned\a`) {
		t.Errorf("exit %d, stderr %q: want the names escaped", code, stderr)
	}
}

func TestRunCutShortWavIsAFailure(t *testing.T) {
	dir := t.TempDir()
	wav := filepath.Join(dir, "cut.wav")
	h := []byte("RIFF\x00\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00data")
	h = binary.LittleEndian.AppendUint32(h, 2*1000) // 1000 frames promised, 600 there
	if err := os.WriteFile(wav, append(h, make([]byte, 2*600)...), 0o644); err != nil {
		t.Fatal(err)
	}
	graph := filepath.Join(dir, "g.yaml")
	for _, tc := range []struct {
		allow string
		code  int
	}{{"false", 1}, {"true", 0}} {
		yaml := fmt.Sprintf("metadata: {name: cut}\nblocks:\n  - {name: src, id: wav_source, parameters: {path: %q, allow_short: %s}}\n"+
			"  - {name: snk, id: null_sink, parameters: {type: float32}}\nconnections:\n  - [src, out, snk, in]\n", wav, tc.allow)
		if err := os.WriteFile(graph, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := flowrun(t, "run", "--stats", "none", graph)
		if code != tc.code {
			t.Errorf("allow_short %s: exit %d, want %d; stderr %q", tc.allow, code, tc.code, stderr)
		}
		if tc.code != 0 && !strings.Contains(stderr, wav+": blocks: input truncated: the data ended after 600 of 1000 frames") {
			t.Errorf("stderr %q does not name the file and the counts", stderr)
		}
	}
}

func TestRunDurationStopsAGraphWaitingToOpenAFIFO(t *testing.T) {
	graph := fifoGraph(t)
	start := time.Now()
	code, _, stderr := flowrun(t, "run", "--stats", "none", "--duration", "300ms", graph)
	if el := time.Since(start); code != 0 || el > 5*time.Second {
		t.Errorf("exit %d after %v, want 0 after about 300ms; stderr %q", code, el, stderr)
	}
}
