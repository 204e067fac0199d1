package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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

// TestTransportsBetweenTwoFlowrunProcesses sends a file's items from one
// flowrun process to another over each transport on loopback; the
// receiver's file must equal the sender's, and both must end by themselves.
func TestTransportsBetweenTwoFlowrunProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.f32")
	items := make([]byte, 4*200000)
	for i := range items {
		items[i] = byte(i * 7 % 251)
	}
	if err := os.WriteFile(in, items, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, send, recv string }{
		{"tcp",
			"{name: net, id: tcp_sink, parameters: {type: float32, mode: client, address: 'ADDR'}}",
			"{name: net, id: tcp_source, parameters: {type: float32, mode: server, address: 'ADDR'}}"},
		{"udp", // paced, so that loopback drops nothing: 800 kB/s
			"{name: net, id: udp_sink, parameters: {type: float32, address: 'ADDR', header: seqnum}}",
			"{name: net, id: udp_source, parameters: {type: float32, address: 'ADDR', header: seqnum}}"},
		{"zmq",
			"{name: net, id: zmq_push_sink, parameters: {type: float32, address: 'tcp://ADDR', pass_tags: true, eos: true}}",
			"{name: net, id: zmq_pull_source, parameters: {type: float32, address: 'tcp://ADDR', pass_tags: true, eos: true}}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			network := "tcp"
			if tc.name == "udp" {
				network = "udp"
			}
			addr := freeAddr(t, network)
			out := filepath.Join(dir, tc.name+".f32")
			pace := ""
			if tc.name == "udp" {
				pace = "  - {name: pace, id: throttle, parameters: {type: float32, sample_rate: 200e3}}\n"
			}
			send := "blocks:\n  - {name: src, id: file_source, parameters: {type: float32, path: '" + in + "'}}\n" + pace +
				"  - " + strings.ReplaceAll(tc.send, "ADDR", addr) + "\nconnections:\n"
			if pace != "" {
				send += "  - [src, out, pace, in]\n  - [pace, out, net, in]\n"
			} else {
				send += "  - [src, out, net, in]\n"
			}
			recv := "blocks:\n  - " + strings.ReplaceAll(tc.recv, "ADDR", addr) +
				"\n  - {name: snk, id: file_sink, parameters: {type: float32, path: '" + out + "'}}\nconnections:\n  - [net, out, snk, in]\n"
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var cmds []*exec.Cmd
			var outs []*bytes.Buffer
			for i, g := range []string{recv, send} { // the receiver listens first
				path := filepath.Join(dir, fmt.Sprintf("%s%d.yaml", tc.name, i))
				if err := os.WriteFile(path, []byte(g), 0o644); err != nil {
					t.Fatal(err)
				}
				cmd := exec.CommandContext(ctx, os.Args[0], "run", path, "--stats", "none", "--progress", "off")
				cmd.Env = append(os.Environ(), "FLOWRUN_AS_CLI=1")
				var b bytes.Buffer
				cmd.Stdout, cmd.Stderr = &b, &b
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				cmds, outs = append(cmds, cmd), append(outs, &b)
				if i == 0 && tc.name != "zmq" { // zmq: the sender binds
					waitBound(t, network, addr)
				}
			}
			for i := len(cmds) - 1; i >= 0; i-- {
				if err := cmds[i].Wait(); err != nil {
					t.Fatalf("%s: %v\n%s", []string{"receiver", "sender"}[i], err, outs[i])
				}
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, items) {
				t.Fatalf("received %d bytes, sent %d: not the same", len(got), len(items))
			}
		})
	}
}

// freeAddr returns a loopback address with a port free for network now.
func freeAddr(t *testing.T, network string) string {
	t.Helper()
	if network == "udp" {
		c, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return c.LocalAddr().String()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitBound waits until the port of addr is taken (the receiver listens:
// connecting to probe would be its one client), for at most 30 s.
func waitBound(t *testing.T, network, addr string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var c io.Closer
		var err error
		if network == "tcp" {
			c, err = net.Listen("tcp", addr)
		} else {
			c, err = net.ListenPacket("udp", addr)
		}
		if err != nil {
			return // taken
		}
		c.Close()
	}
	t.Fatalf("nothing listens on %s %s", network, addr)
}
