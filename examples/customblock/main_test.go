package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/cli"
)

func TestClipGraphRunsThroughTheCommandLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clipped.f32")
	var stdout, stderr bytes.Buffer
	code := cli.Run(newRegistry(), []string{"run", "clip.yaml", "--set", "file.path=" + path, "--stats", "none", "--progress", "off"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 48000*4 {
		t.Fatalf("%d bytes, want a second at 48 kS/s of float32", len(data))
	}
	clipped := 0
	for i := 0; i < len(data); i += 4 {
		x := math.Float32frombits(binary.LittleEndian.Uint32(data[i:]))
		if math.Abs(float64(x)) > 0.5 {
			t.Fatalf("sample %d is %v, beyond the limit 0.5", i/4, x)
		}
		if math.Abs(float64(x)) == 0.5 {
			clipped++
		}
	}
	// A sine of amplitude 2·limit is beyond the limit two thirds of the time.
	if frac := float64(clipped) / 48000; frac < 0.6 || frac > 0.7 {
		t.Errorf("%.2f of the samples clipped, want about 2/3", frac)
	}
}

func TestCommandLineDescribesTheUsersBlock(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := cli.Run(newRegistry(), []string{"describe", "clip"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "limits float32 samples") {
		t.Errorf("describe clip: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

func TestStandardFlowrunDoesNotKnowTheBlock(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := cli.Run(blocks.NewRegistry(), []string{"validate", "clip.yaml"}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), `unknown block id "clip"`) {
		t.Errorf("validate with the standard blocks: exit %d, stderr %q", code, stderr.String())
	}
}
