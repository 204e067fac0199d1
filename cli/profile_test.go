package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunWritesACPUProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.prof")
	code, _, stderr := flowrun(t, "run", "--stats", "none", "--cpuprofile", path, "--set", "n=1000", "testdata/golden/count.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A pprof profile is a gzipped protocol buffer.
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("%s is not a gzipped profile (%d bytes)", path, len(b))
	}
}

func TestCPUProfileInAMissingDirectoryIsBadInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "cpu.prof")
	code, _, stderr := flowrun(t, "run", "--stats", "none", "--cpuprofile", path, "testdata/golden/count.yaml")
	if code != 2 || !strings.Contains(stderr, "--cpuprofile") {
		t.Errorf("exit %d, stderr %q: want 2 and a --cpuprofile error", code, stderr)
	}
}
