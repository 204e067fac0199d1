package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
)

// flowrun runs the command line in-process and returns its exit status and output.
func flowrun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	if stackTrace.MatchString(errOut.String()) {
		t.Fatalf("flowrun %s: stderr looks like a panic or stack trace:\n%s", strings.Join(args, " "), errOut.String())
	}
	return code, out.String(), errOut.String()
}

// golden compares got with testdata/golden/name, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cli -update and review the file)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (if the change is intended: go test ./cli -update)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"validate_ok.txt", []string{"validate", "testdata/golden/count.yaml", "testdata/golden/forever.yaml"}},
		{"blocks.txt", []string{"blocks"}},
		{"describe_fir_filter.txt", []string{"describe", "fir_filter"}},
		{"describe_head.txt", []string{"describe", "head"}},
		{"describe_message_strobe.txt", []string{"describe", "message_strobe"}},
		{"dot_count.txt", []string{"dot", "testdata/golden/count.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := flowrun(t, tc.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("flowrun %s: exit %d, stderr %q", strings.Join(tc.args, " "), code, stderr)
			}
			golden(t, tc.name, stdout)
		})
	}
}

func TestBlocksListsEveryRegisteredID(t *testing.T) {
	_, stdout, _ := flowrun(t, "blocks")
	var listed []string
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		id, doc, ok := strings.Cut(line, " ")
		if !ok || strings.TrimSpace(doc) == "" {
			t.Errorf("line without a doc: %q", line)
		}
		listed = append(listed, id)
		if code, _, stderr := flowrun(t, "describe", id); code != 0 {
			t.Errorf("describe %s: exit %d: %s", id, code, stderr)
		}
	}
	if ids := blocks.NewRegistry().IDs(); !slices.Equal(listed, ids) {
		t.Errorf("blocks lists %v, the registry holds %v", listed, ids)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, stderr := flowrun(t, "version")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.HasPrefix(stdout, "flowrun ") || !strings.HasSuffix(stdout, "\n") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("version output %q, want one line starting with \"flowrun \"", stdout)
	}
}

func TestBadCommandLines(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"valdate", "x.yaml"}, `unknown command "valdate"`},
		{[]string{"validate", "--frob", "testdata/golden/count.yaml"}, "unknown flag: --frob"},
		{[]string{"run", "-z", "testdata/golden/count.yaml"}, "unknown shorthand flag: 'z'"},
		{[]string{"blocks", "extra"}, `unknown command "extra"`},
		{[]string{"describe"}, "accepts 1 arg(s), received 0"},
		{[]string{"validate"}, "requires at least 1 arg(s), only received 0"},
		{[]string{"describe", "fir_filtr"}, `unknown block id "fir_filtr" (did you mean fir_filter`},
		{[]string{"describe", "nul_sink"}, `(did you mean null_sink`},
		{[]string{"validate", "testdata/golden/no-such-graph.yaml"}, "testdata/golden/no-such-graph.yaml: no such file or directory"},
		{[]string{"dot", "testdata/golden/no-such-graph.yaml"}, "no such file or directory"},
		{[]string{"run", "--stats", "xml", "testdata/golden/count.yaml"}, `--stats "xml": want text, json or none`},
		{[]string{"run", "--set", "n", "testdata/golden/count.yaml"}, `--set "n": want name=value`},
		{[]string{"run", "--set", "m=3", "testdata/golden/count.yaml"}, `--set m: the graph has no variable "m"`},
		{[]string{"run", "--set", "n=1/0", "testdata/golden/count.yaml"}, `--set n=1/0: expression "1/0": result is +Inf`},
		{[]string{"run", "--duration", "soon", "testdata/golden/count.yaml"}, `invalid argument "soon" for "--duration"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := flowrun(t, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if !strings.HasPrefix(stderr, "flowrun: ") || !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q, want \"flowrun: ...%s...\"", stderr, tc.want)
			}
		})
	}
}

func TestValidateGoodAndBadFiles(t *testing.T) {
	code, stdout, stderr := flowrun(t, "validate", "testdata/golden/count.yaml", "../testdata/bad/cycle.yaml", "testdata/golden/forever.yaml")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if want := "testdata/golden/count.yaml: ok\ntestdata/golden/forever.yaml: ok\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	if !strings.HasPrefix(stderr, "flowrun: ../testdata/bad/cycle.yaml:3:5: flowgraph: cycle") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr %q, want the cycle of cycle.yaml only", stderr)
	}
}

func TestMarkdownReferenceIsUpToDate(t *testing.T) {
	code, stdout, stderr := flowrun(t, "blocks", "--markdown")
	if code != 0 || stderr != "" {
		t.Fatalf("blocks --markdown: exit %d, stderr %q", code, stderr)
	}
	doc, err := os.ReadFile("../docs/blocks.md")
	if err != nil {
		t.Fatalf("%v: generate it with `go run ./cmd/flowrun blocks --markdown > docs/blocks.md`", err)
	}
	if string(doc) != stdout {
		t.Fatal("docs/blocks.md is out of date with the block registry: regenerate it with `go run ./cmd/flowrun blocks --markdown > docs/blocks.md`")
	}
}

func TestMarkdownReferenceCoversEveryBlock(t *testing.T) {
	_, list, _ := flowrun(t, "blocks")
	_, md, _ := flowrun(t, "blocks", "--markdown")
	for _, line := range strings.Split(strings.TrimSuffix(list, "\n"), "\n") {
		id, _, _ := strings.Cut(line, " ")
		if !strings.Contains(md, "\n## "+id+"\n") {
			t.Errorf("no section for %s", id)
		}
	}
	strobe := md[strings.Index(md, "\n## message_strobe\n"):]
	if want := "| `message` | value | `null` |  |  | "; !strings.Contains(strobe, want) {
		t.Errorf("message_strobe: no row starting %q", want)
	}
	sec := md[strings.Index(md, "\n## fir_filter\n"):]
	sec = sec[:strings.Index(sec[1:], "\n## ")+1]
	for _, want := range []string{
		"| name | type | default | unit | allowed / bounds | doc | settable |",
		"| `decimation` | int | `1` |  | [1, 1048576] | keep one output in decimation | no |",
		"| `window` | string | `hamming` |  | hamming, hann, blackman, blackman_harris, kaiser, rectangular | design: window | no |",
		"| in | `in` | complex64 |",
		"| out | `out` | complex64 |",
	} {
		if !strings.Contains(sec, want+"\n") {
			t.Errorf("fir_filter section lacks %q:\n%s", want, sec)
		}
	}
	if !strings.Contains(md, "| `k` | complex | `1` |  |  | the constant: real for float32, complex ([re, im]) for complex64 | yes |\n") {
		t.Error("multiply_const's settable k is not marked settable")
	}
	if !strings.Contains(md, "## head\n\npass the first N items, then finish\n\n") ||
		!strings.Contains(md, "| `items` | int | *required* | items | [0, +inf] | number of items to pass | no |\n\nPorts: depend on required parameters.\n") {
		t.Error("head section: required parameter or ports line missing")
	}
	if strings.Contains(md, "AM envelope detector |x|, with") && !strings.Contains(md, `AM envelope detector \|x\|, with`) {
		t.Error("a | in a doc is not escaped in the index")
	}
}
