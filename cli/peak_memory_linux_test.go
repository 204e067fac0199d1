package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/flowrun/flowrun/graphfile"
)

// maxMemoryPerFileByte is the most peak memory (resident set) validating
// a graph file may take per byte of the file, beyond what the process
// takes for a tiny one.
const maxMemoryPerFileByte = 20

// largestGraphFiles are accepted graph files of close to
// graphfile.DefaultMaxFileSize bytes, of the shapes that take the most
// memory per byte: explicit taps, as many as the node limit lets in,
// written long to fill the file; a 16 MiB string.
func largestGraphFiles() map[string]string {
	const size = graphfile.DefaultMaxFileSize - 4096
	chain := func(block, typ string) string {
		return "blocks:\n  - {name: src, id: null_source, parameters: {type: " + typ + "}}\n" + block +
			"  - {name: snk, id: null_sink, parameters: {type: " + typ + "}}\n" +
			"connections:\n  - [src, out, x, in]\n  - [x, out, snk, in]\n"
	}
	const taps = graphfile.MaxNodes/3 - 1024 // each tap counts one and its comma two
	tap := "0." + strings.Repeat("1", size/taps-4)
	return map[string]string{
		"taps":   chain("  - {name: x, id: fir_filter, parameters: {type: float32, taps: ["+strings.Repeat(tap+", ", taps-1)+tap+"]}}\n", "float32"),
		"string": "blocks:\n  - {name: s, id: message_strobe, parameters: {value: \"" + strings.Repeat("x", size) + "\"}}\n  - {name: d, id: message_debug}\nconnections: [[s, out, d, in]]\n",
	}
}

// TestLargestGraphFilePeakMemory validates the largest accepted graph
// files in a child process and compares its peak resident set with the
// file's size (a 50 MB file used to take 5.6 GB).
func TestLargestGraphFilePeakMemory(t *testing.T) {
	if path := os.Getenv("FLOWRUN_PEAK_MEMORY_FILE"); path != "" {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"validate", path}, &stdout, &stderr); code != 0 {
			fmt.Fprint(os.Stderr, stderr.String())
			os.Exit(code)
		}
		os.Exit(0)
	}
	if testing.Short() || raceEnabled {
		t.Skip("measures memory in child processes for seconds; not with -short or -race")
	}
	peak := func(body string) (bytes int64, size int) {
		path := hostileGraph(t, "big.yaml", body)
		cmd := exec.Command(os.Args[0], "-test.run=^TestLargestGraphFilePeakMemory$")
		cmd.Env = append(os.Environ(), "FLOWRUN_PEAK_MEMORY_FILE="+path)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("validate: %v\n%s", err, out)
		}
		return int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10, len(body) // Linux: KiB
	}
	base, _ := peak(hostileChain)
	for name, body := range largestGraphFiles() {
		rss, size := peak(body)
		ratio := float64(rss-base) / float64(size)
		t.Logf("%s: %d-byte file, peak %d MiB (%d MiB for a tiny file): %.1f bytes per file byte", name, size, rss>>20, base>>20, ratio)
		if ratio > maxMemoryPerFileByte {
			t.Errorf("%s: validating a %d-byte file took %.1f times its size, want <= %d", name, size, ratio, maxMemoryPerFileByte)
		}
	}
}
