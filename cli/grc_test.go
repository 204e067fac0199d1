package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportWritesAGraphFileThatLoads(t *testing.T) {
	code, stdout, stderr := flowrun(t, "import", "testdata/golden/tone.grc")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "warning: testdata/golden/tone.grc:185: block scope (qtgui_time_sink_x → null_sink)") {
		t.Errorf("stderr %q lacks the Qt sink's warning", stderr)
	}
	golden(t, "import_tone.yaml", stdout)
	path := filepath.Join(t.TempDir(), "tone.yaml")
	if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := flowrun(t, "validate", path); code != 0 || !strings.HasPrefix(out, path+": ok\n") {
		t.Fatalf("validate of the imported file: exit %d, %q %q", code, out, stderr)
	}
}

func TestValidateDotAndRunTakeGRCFiles(t *testing.T) {
	// ok, then the queueing latency report: the translation keeps the
	// sample rates (the signal source's, halved by the decimating filter).
	if code, out, stderr := flowrun(t, "validate", "testdata/golden/tone.grc"); code != 0 ||
		!strings.HasPrefix(out, "testdata/golden/tone.grc: ok\n") || !strings.Contains(out, "lp.out -> head.in: 16.00k items/s") {
		t.Fatalf("validate: exit %d, %q %q", code, out, stderr)
	}
	code, out, stderr := flowrun(t, "dot", "testdata/golden/tone.grc")
	if code != 0 {
		t.Fatalf("dot: exit %d: %s", code, stderr)
	}
	golden(t, "dot_tone.txt", out)
	code, out, stderr = flowrun(t, "run", "--stats", "json", "--set", "nitems=1000", "testdata/golden/tone.grc")
	if code != 0 || !strings.Contains(out, `"graph": "tone"`) || !strings.Contains(stderr, "tone.grc:185") {
		t.Fatalf("run: exit %d, stdout %s, stderr %s", code, out, stderr)
	}
}

func TestGRCFileErrorsPointIntoTheFile(t *testing.T) {
	data, err := os.ReadFile("testdata/golden/tone.grc")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "    num_items: nitems\n", "    num_items: nitems +\n", 1)
	bad = strings.Replace(bad, "  id: blocks_tag_debug\n", "  id: blocks_no_such_block\n", 1)
	bad = strings.Replace(bad, "    state: disabled\n", "    state: enabled\n", 1)
	// Detected by content, without the .grc extension.
	path := filepath.Join(t.TempDir(), "bad")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := flowrun(t, "validate", path)
	if code != 2 {
		t.Fatalf("validate: exit %d, want 2: %s", code, stderr)
	}
	for _, want := range []string{path + ":169:3: 1 block has no flowrun equivalent: probe (blocks_no_such_block, line 169)",
		path + ":162:16: block head (blocks_head): parameter num_items"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
