package cli

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildFlowrun builds the command into a temporary directory: signals
// need a process of their own.
func buildFlowrun(t *testing.T) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("signal tests run on Linux")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build flowrun")
	}
	bin := filepath.Join(t.TempDir(), "flowrun")
	if out, err := exec.Command(goTool, "build", "-o", bin, "../cmd/flowrun").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// endlessWavGraph writes a graph that writes a sine to dir/out.wav and
// dir/out.f32 (raw) at 480 000 samples/s until stopped, with extra blocks
// appended, and returns the paths of the graph and of the WAV file.
func endlessWavGraph(t *testing.T, dir, extra string) (graph, wav string) {
	t.Helper()
	wav = filepath.Join(dir, "out.wav")
	raw := filepath.Join(dir, "out.f32")
	graph = filepath.Join(dir, "graph.yaml")
	yaml := fmt.Sprintf(`metadata: {name: endless}
blocks:
  - {name: src, id: signal_source, parameters: {type: float32, waveform: sine, sample_rate: 48000}}
  - {name: thr, id: throttle, parameters: {type: float32, sample_rate: 480000}}
  - {name: wav, id: wav_sink, parameters: {path: %q}}
  - {name: raw, id: file_sink, parameters: {type: float32, path: %q}}
%sconnections:
  - [src, out, thr, in]
  - [thr, out, wav, in]
  - [thr, out, raw, in]
`, wav, raw, extra)
	if extra != "" {
		yaml += "  - [strobe, out, dbg, in]\n"
	}
	if err := os.WriteFile(graph, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return graph, wav
}

// waitForData waits until path holds more than n bytes.
func waitForData(t *testing.T, path string, n int64) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if st, err := os.Stat(path); err == nil && st.Size() > n {
			return
		}
	}
	t.Fatalf("%s did not grow past %d bytes", path, n)
}

// checkWavComplete checks that the header of the WAV file at path gives the
// sizes of the file on disk, and that it holds data.
func checkWavComplete(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) < 44 || string(raw[0:4]) != "RIFF" || string(raw[36:40]) != "data" {
		t.Fatalf("%s: %d bytes, not a WAV file with a 44-byte header", path, len(raw))
	}
	riff, data := binary.LittleEndian.Uint32(raw[4:]), binary.LittleEndian.Uint32(raw[40:])
	if int(data) != len(raw)-44 || int(riff) != len(raw)-8 {
		t.Errorf("%s: header says %d bytes of data (RIFF size %d), the file holds %d (RIFF %d)",
			path, data, riff, len(raw)-44, len(raw)-8)
	}
	if data == 0 || data%2 != 0 {
		t.Errorf("%s: %d bytes of data, want whole 16-bit samples and some", path, data)
	}
}

// checkSinksWroteAll checks, from the JSON statistics, that the sinks of
// endlessWavGraph wrote every item they took: nothing was left in a buffer.
func checkSinksWroteAll(t *testing.T, stats []byte, wav string) {
	t.Helper()
	var st jsonStats
	if err := json.Unmarshal(stats, &st); err != nil {
		t.Fatalf("statistics: %v\n%s", err, stats)
	}
	for _, b := range st.Blocks {
		var path string
		var header, size int64
		switch b.Name {
		case "wav":
			path, header, size = wav, 44, 2 // 16-bit samples
		case "raw":
			path, header, size = strings.TrimSuffix(wav, ".wav")+".f32", 0, 4
		default:
			continue
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.In) != 1 || b.In[0] == 0 {
			t.Fatalf("%s took %v items", b.Name, b.In)
		}
		if got, want := fi.Size(), header+int64(b.In[0])*size; got != want {
			t.Errorf("%s: %d bytes on disk, want %d for the %d items it took", b.Name, got, want, b.In[0])
		}
	}
}

// skipIfIgnored skips a test that sends sig to flowrun when this process
// ignores sig (go test run in the background or under nohup): flowrun would
// inherit that and keep ignoring it.
func skipIfIgnored(t *testing.T, sig os.Signal) {
	t.Helper()
	if signal.Ignored(sig) {
		t.Skipf("%s is ignored here, and so in flowrun", signalName(sig))
	}
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.Exited():
		return ee.ExitCode()
	case errors.As(err, &ee):
		t.Fatalf("flowrun did not exit but was killed: %v", err)
	}
	t.Fatal(err)
	return -1
}

// TestSignalsStopTheRunCleanly runs the built command: a stop signal ends
// it with 128+signo and a final WAV header; a closed standard output is a
// write error (exit 1) and the rest of the graph stops cleanly.
func TestSignalsStopTheRunCleanly(t *testing.T) {
	bin := buildFlowrun(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{
		{syscall.SIGTERM, 143},
		{syscall.SIGHUP, 129},
		{syscall.SIGINT, 130},
	} {
		t.Run(signalName(tc.sig), func(t *testing.T) {
			skipIfIgnored(t, tc.sig)
			graph, wav := endlessWavGraph(t, t.TempDir(), "")
			cmd := exec.Command(bin, "run", "--stats", "json", graph)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitForData(t, wav, 100_000) // mid-run: past the first flushes of the sink's buffer
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			if code := exitCode(t, cmd.Wait()); code != tc.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.code, &stderr)
			}
			if want := "flowrun: stopped by " + signalName(tc.sig) + "\n"; !strings.HasSuffix(stderr.String(), want) {
				t.Errorf("stderr %q, want it to end with %q", &stderr, want)
			}
			checkWavComplete(t, wav)
			checkSinksWroteAll(t, stdout.Bytes(), wav)
		})
	}
	t.Run("closed stdout", func(t *testing.T) { closedStdout(t, bin) })
	t.Run("SIGHUP ignored by nohup", func(t *testing.T) {
		graph, wav := endlessWavGraph(t, t.TempDir(), "")
		// The shell execs flowrun with SIGHUP ignored, as nohup does.
		cmd := exec.Command("/bin/sh", "-c", `trap "" HUP; exec "$0" run --stats none "$1"`, bin, graph)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForData(t, wav, 100_000)
		if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if code := exitCode(t, cmd.Wait()); code != 143 {
			t.Errorf("exit status %d, want 143 (SIGHUP ignored, then SIGTERM); stderr:\n%s", code, &stderr)
		}
		checkWavComplete(t, wav)
	})
	t.Run("SIGINT while opening a FIFO", func(t *testing.T) {
		skipIfIgnored(t, syscall.SIGINT)
		cmd := exec.Command(bin, "run", "--stats", "none", fifoGraph(t))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // in Init, opening the FIFO
		if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case err := <-exited:
			if code := exitCode(t, err); code != 130 {
				t.Errorf("exit status %d, want 130; stderr:\n%s", code, &stderr)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Fatal("the first SIGINT did not stop a run opening a FIFO within 10 s")
		}
	})
}

func closedStdout(t *testing.T, bin string) {
	graph, wav := endlessWavGraph(t, t.TempDir(), `  - {name: strobe, id: message_strobe, parameters: {period: 0.001}}
  - {name: dbg, id: message_debug}
`)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--stats", "none", graph)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = w, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	// Like head -c: read some, keep up for a while, then close the pipe.
	if _, err := io.ReadFull(r, make([]byte, 100)); err != nil {
		t.Fatal(err)
	}
	waitForData(t, wav, 100_000)
	r.Close()
	if code := exitCode(t, cmd.Wait()); code != 1 {
		t.Errorf("exit status %d, want 1 (a write error); stderr:\n%s", code, &stderr)
	}
	if !strings.Contains(stderr.String(), `block "dbg"`) || !strings.Contains(stderr.String(), "broken pipe") {
		t.Errorf("stderr %q, want the broken pipe of block dbg", &stderr)
	}
	checkWavComplete(t, wav)
}

func TestSecondSignalExitsAtOnce(t *testing.T) {
	w := newSignalStop()
	stopped := make(chan struct{})
	exited := make(chan int, 1)
	var warn bytes.Buffer
	go w.watch(func() { close(stopped) }, &warn, func(code int) { exited <- code })
	if w.received() != nil {
		t.Fatal("a signal received before any was sent")
	}
	w.sigs <- syscall.SIGTERM
	<-stopped
	if got := w.received(); got != syscall.SIGTERM {
		t.Errorf("received %v, want SIGTERM", got)
	}
	w.sigs <- syscall.SIGHUP
	if code := <-exited; code != 129 {
		t.Errorf("second signal SIGHUP: exit %d, want 129", code)
	}
	w.close()
	if !strings.Contains(warn.String(), "SIGTERM: stopping") {
		t.Errorf("warning %q", warn.String())
	}
}

func TestSignalExitCodeIs128PlusSigno(t *testing.T) {
	for sig, want := range map[os.Signal]int{os.Interrupt: 130, syscall.SIGTERM: 143, syscall.SIGHUP: 129} {
		if got := signalExitCode(sig); got != want {
			t.Errorf("%v: %d, want %d", sig, got, want)
		}
	}
}
