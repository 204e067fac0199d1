package cli

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestGraphSplitOverTwoFlowrunProcesses runs examples/fm_split.yaml as two
// flowrun processes, one per host, joined by ZeroMQ over loopback: both end
// by themselves when the recording does, and the demodulating host writes
// the whole WAV.
func TestGraphSplitOverTwoFlowrunProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two processes")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "examples/fm_split.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"5600", "5700"} { // free ports instead of the example's
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		free := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		ln.Close()
		data = bytes.Replace(data, []byte("127.0.0.1:"+p), []byte("127.0.0.1:"+free), 1)
	}
	dir := t.TempDir()
	graph, wav := filepath.Join(dir, "split.yaml"), filepath.Join(dir, "fm.wav")
	if err := os.WriteFile(graph, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := func(host string) (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.CommandContext(ctx, os.Args[0], "run", graph, "--host", host, "--set", "wav.path="+wav, "--stats", "none", "--progress", "off")
		cmd.Dir = root // the recording's path is relative to the repository
		cmd.Env = append(os.Environ(), "FLOWRUN_AS_CLI=1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &out
	}
	dsp, dspOut := start("dsp") // waits for rx to bind
	rx, rxOut := start("rx")
	if err := rx.Wait(); err != nil {
		t.Fatalf("host rx: %v\n%s", err, rxOut)
	}
	if err := dsp.Wait(); err != nil {
		t.Fatalf("host dsp: %v\n%s", err, dspOut)
	}
	fi, err := os.Stat(wav)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(44 + 2*96000); fi.Size() < want-1000 || fi.Size() > want+1000 {
		t.Errorf("WAV of %d bytes, want about %d (2 s of 16-bit mono at 48 kHz)", fi.Size(), want)
	}
}
