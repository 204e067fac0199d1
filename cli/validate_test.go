package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/*.err and testdata/golden/* from the current output (review every change by eye)")

// knownIssues are bad graph files whose current error output is wrong (a
// wrong position or a misleading message). Their .err files hold the output
// flowrun should give, not the current one; the test skips them with the
// difference and fails once the output matches, so that the entry is removed.
var knownIssues = map[string]string{
	"yaml_bad_indent":     "go-yaml reports the 0-based line of the enclosing block sequence (3) instead of the mis-indented key at 6:4",
	"yaml_unclosed_flow":  "points at line 1 (blocks:); the unclosed flow mapping opens at 2:5",
	"yaml_tab":            "points at line 2; the tab is on line 3",
	"yaml_unclosed_quote": "points at 4:1, past the end of the file; the unclosed quote opens at 1:18",
}

// stackTrace matches what a Go panic or stack trace prints.
var stackTrace = regexp.MustCompile(`panic|goroutine \d+|\.go:\d+`)

func TestValidateBadGraphs(t *testing.T) {
	t.Chdir("..") // paths relative to the repository root, as the .err files spell them
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("only %d bad graph files in testdata/bad", len(files))
	}
	errs, _ := filepath.Glob("testdata/bad/*.err")
	for _, e := range errs {
		if _, err := os.Stat(strings.TrimSuffix(e, ".err") + ".yaml"); err != nil {
			t.Errorf("%s has no graph file", e)
		}
	}
	for name := range knownIssues {
		if _, err := os.Stat("testdata/bad/" + name + ".yaml"); err != nil {
			t.Errorf("known issue %s has no graph file", name)
		}
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"validate", path}, &stdout, &stderr)
			got := stderr.String()
			if code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout: %q, want nothing", stdout.String())
			}
			if stackTrace.MatchString(got) {
				t.Fatalf("stderr looks like a panic or stack trace:\n%s", got)
			}
			if prefix := "flowrun: " + path + ":"; !strings.HasPrefix(got, prefix) {
				t.Errorf("stderr does not start with %q:\n%s", prefix, got)
			}
			errFile := strings.TrimSuffix(path, ".yaml") + ".err"
			if reason, known := knownIssues[name]; known {
				want, err := os.ReadFile(errFile)
				if err != nil {
					t.Fatalf("known issue without the expected output: %v", err)
				}
				if got == string(want) {
					t.Fatalf("known issue fixed: remove %q from knownIssues", name)
				}
				t.Skipf("known issue: %s\ngot:  %swant: %s", reason, got, want)
			}
			if *update {
				if err := os.WriteFile(errFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(errFile)
			if err != nil {
				t.Fatalf("%v (run go test ./cli -run TestValidateBadGraphs -update, then review the .err file)", err)
			}
			if got != string(want) {
				t.Errorf("stderr differs from %s\ngot:\n%swant:\n%s", errFile, got, want)
			}
		})
	}
}
