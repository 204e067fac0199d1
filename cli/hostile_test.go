package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// hostileGraph writes a graph file of a hostile case too large to check in.
func hostileGraph(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const hostileChain = "blocks:\n  - {name: src, id: null_source}\n  - {name: snk, id: null_sink}\nconnections: [[src, out, snk, in]]\n"

// hostileVariable is a valid graph but for its variable v = expr.
func hostileVariable(expr string) string {
	return "variables: {v: \"" + expr + "\"}\n" + hostileChain
}

// hostileBlocks is a blocks section of n sinks.
func hostileBlocks(n int) string {
	var b strings.Builder
	b.WriteString("blocks:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {name: b%d, id: null_sink}\n", i)
	}
	return b.String()
}

// TestHostileCommandLines runs flowrun on inputs that used to crash it or
// exhaust its memory (issue 14) and on the limits that now stop them, each
// with its exact message and exit status 2. The files are made here: the
// largest are tens of megabytes. {f} in args and want is the file.
func TestHostileCommandLines(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string // the graph file
		args []string
		want string
	}{
		{"three million parentheses", hostileVariable(strings.Repeat("(", 3e6) + "1" + strings.Repeat(")", 3e6)), nil,
			`{f}:1:16: expression "` + strings.Repeat("(", 60) + `"... (6000001 bytes): longer than 4096 bytes`},
		{"twenty million minus signs", hostileVariable(strings.Repeat("-", 2e7) + "1"), nil,
			`{f}:1:1: graph file of {n} bytes is larger than the limit of 16777216 bytes (--max-file-size raises it)`},
		{"twenty million minus signs without a file limit", hostileVariable(strings.Repeat("-", 2e7) + "1"), []string{"--max-file-size", "0"},
			`{f}:1:1048582: too many YAML elements: more than 1048576 values, keys and separators (the limit)`},
		{"fifty megabytes", hostileBlocks(1) + "# " + strings.Repeat("x", 50<<20) + "\n", nil,
			`{f}:1:1: graph file of {n} bytes is larger than the limit of 16777216 bytes (--max-file-size raises it)`},
		{"file limit lowered", hostileChain, []string{"--max-file-size", "64"},
			`{f}:1:1: graph file of {n} bytes is larger than the limit of 64 bytes (--max-file-size raises it)`},
		{"file limit in KiB", hostileChain + "# " + strings.Repeat("x", 2000) + "\n", []string{"--max-file-size", "1KiB"},
			`{f}:1:1: graph file of {n} bytes is larger than the limit of 1024 bytes (--max-file-size raises it)`},
		{"a million tiny taps", "blocks:\n  - {name: f, id: fir_filter, parameters: {taps: [" + strings.Repeat("1,", 1<<20) + "1]}}\n", nil,
			`{f}:2:699080: too many YAML elements: more than 1048576 values, keys and separators (the limit)`},
		{"4097 blocks", hostileBlocks(4097), nil,
			`{f}:2:3: 4097 blocks, more than the limit of 4096`},
		{"4097 variables", "variables:\n" + strings.Repeat("  v: 1\n", 1) + func() string {
			var b strings.Builder
			for i := range 4096 {
				fmt.Fprintf(&b, "  w%d: 1\n", i)
			}
			return b.String()
		}() + hostileChain, nil,
			`{f}:2:3: 4097 variables, more than the limit of 4096`},
		{"16385 connections", "blocks:\n  - {name: src, id: null_source}\n  - {name: snk, id: null_sink}\nconnections:\n" + strings.Repeat("  - [src, out, snk, in]\n", 16385), nil,
			`{f}:5:3: 16385 connections, more than the limit of 16384`},
		{"four thousand errors", hostileBlocks(0) + strings.Repeat("  - {name: b, id: nul_sink}\n", 4000), nil,
			func() string {
				var b strings.Builder
				for i := range 50 {
					if i > 0 {
						b.WriteString("\n{f}")
					} else {
						b.WriteString("{f}")
					}
					fmt.Fprintf(&b, `:%d:19: unknown block id "nul_sink" (did you mean null_sink?)`, i+2)
				}
				b.WriteString("\n{f}:52:19: and 3950 more errors from here on, not shown")
				return b.String()
			}()},
		{"set a function with too few arguments", "variables: {v: 1}\n" + hostileChain, []string{"--set", "v=atan2(1)"},
			`{f}:1:13: --set v=atan2(1): expression "atan2(1)" at column 8: wrong number of arguments to atan2: it takes 2 arguments`},
		{"set a deep expression", "variables: {v: 1}\n" + hostileChain, []string{"--set", "v=" + strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100)},
			`{f}:1:13: --set v=` + strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100) + `: expression "` + strings.Repeat("(", 60) + `"... (201 bytes) at column 65: nested deeper than 64 levels`},
		{"set a parameter to a huge size", "blocks:\n  - {name: src, id: null_source}\n  - {name: k, id: keep_one_in_n, parameters: {n: 2}}\n  - {name: snk, id: null_sink}\nconnections: [[src, out, k, in], [k, out, snk, in]]\n",
			[]string{"--set", "k.n=2**53"},
			`{f}:3:50: block "k": keep_one_in_n: parameter "n": bad value 9.007199254740992e+15: want int in [1, 16777216] (items)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := hostileGraph(t, "g.yaml", tc.body)
			cmd := "validate"
			if tc.args != nil && tc.args[0] == "--set" {
				cmd = "run"
			}
			var stdout, stderr bytes.Buffer
			code := run(append(append([]string{cmd}, tc.args...), path), &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout: %q, want nothing", stdout.String())
			}
			want := strings.NewReplacer("{f}", path, "{n}", fmt.Sprint(len(tc.body))).Replace("flowrun: " + tc.want + "\n")
			if got := stderr.String(); got != want {
				t.Errorf("stderr:\n%.2000s\nwant:\n%.2000s", got, want)
			}
		})
	}
}

// TestHugeFileIsNotRead checks that a graph file beyond the limit is
// refused before it is read: validating a 50 MB file allocates almost
// nothing (it used to take 5.6 GB).
func TestHugeFileIsNotRead(t *testing.T) {
	path := hostileGraph(t, "huge.yaml", hostileBlocks(1)+"# "+strings.Repeat("x", 50<<20)+"\n")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"validate", path}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit status %d, want 2: %s", code, stderr.String())
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
		t.Errorf("validating a 50 MB file allocated %d bytes, want < 4 MiB (the file must not be read)", got)
	}
}
