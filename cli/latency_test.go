package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateReportsLatencyWhenRatesAreKnown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lat.yaml")
	graph := `
options: {max_latency: 30ms}
blocks:
  - {name: src, id: null_source, parameters: {type: float32}}
  - {name: thr, id: throttle, parameters: {type: float32, sample_rate: 48000}}
  - {name: dec, id: keep_one_in_n, parameters: {type: float32, n: 4}}
  - {name: snk, id: null_sink, parameters: {type: float32}}
connections:
  - [src, out, thr, in]
  - [thr, out, dec, in]
  - [dec, out, snk, in]
`
	if err := os.WriteFile(path, []byte(graph), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"validate", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	// The queues' 3/4 of 30 ms over the 3 connections of the path: 7.5 ms
	// each, 360 items at 48 kHz before the decimator, 90 at 12 kHz after.
	for _, want := range []string{
		"latency budget 30ms: the queues get 22.5ms of it",
		"src.out -> thr.in: 48.00k items/s, 360 of 1024 items, up to 7.5ms",
		"dec.out -> snk.in: 12.00k items/s, 90 of 1024 items, up to 7.5ms",
		"path src -> thr -> dec -> snk: up to 22.5ms queued when full",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestBenchLatencyPrintsARowPerBufferSetting(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--latency", "--only", "latency_paced_source", "--reps", "1",
		"--latency-seconds", "0.2", "--latency-budget", "17ms"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	for _, setting := range []string{"default", "small", "max_latency_17ms"} {
		found := false
		for _, line := range strings.Split(stdout.String(), "\n") {
			f := strings.Fields(line)
			found = found || len(f) == 5 && f[0] == "latency_paced_source" && f[1] == setting
		}
		if !found {
			t.Errorf("no latency_paced_source row with three figures for %s:\n%s", setting, stdout.String())
		}
	}
}
