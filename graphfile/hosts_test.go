package graphfile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
)

const splitGraph = `
hosts:
  rx: 127.0.0.1:5600
  dsp: {address: 127.0.0.1, port: 5700}
blocks:
  - {name: src, id: signal_source, host: rx, parameters: {type: complex64, sample_rate: 48000, frequency: 1000}}
  - {name: head, id: head, host: rx, parameters: {type: complex64, items: 100000}}
  - {name: gain, id: multiply_const, host: dsp, parameters: {type: complex64, k: 2}}
  - {name: snk, id: vector_sink, host: dsp, parameters: {type: complex64}}
connections:
  - [src, out, head, in]
  - [head, out, gain, in]
  - [gain, out, snk, in]
`

func TestHostsErrors(t *testing.T) {
	for _, c := range []struct {
		name, graph, host, want string
	}{
		{"no host on a block", strings.Replace(splitGraph, ", host: dsp, parameters: {type: complex64, k: 2}", ", parameters: {type: complex64, k: 2}", 1), "", `block "gain" has no host (hosts: rx, dsp)`},
		{"unknown host", strings.Replace(splitGraph, "host: dsp, parameters: {type: complex64, k: 2}", "host: dps, parameters: {type: complex64, k: 2}", 1), "", `unknown host "dps" (did you mean dsp?)`},
		{"host without hosts", "blocks:\n  - {name: src, id: null_source, host: rx, parameters: {type: float32}}\n", "", "the graph has no hosts section"},
		{"--host without hosts", "blocks:\n  - {name: src, id: null_source, parameters: {type: float32}}\n", "rx", "--host \"rx\": the graph has no hosts section"},
		{"unknown --host", splitGraph, "tx", `--host "tx": no such host in the graph`},
		{"bad port", strings.Replace(splitGraph, "127.0.0.1:5600", "127.0.0.1:70000", 1), "", "port 70000 is not in 1..65535"},
		{"bad address", strings.Replace(splitGraph, "127.0.0.1:5600", "'bad host:5600'", 1), "", "is not a host name or IP address"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := graphfile.Load([]byte(c.graph), blocks.NewRegistry(), graphfile.Options{File: "g.yaml", Host: c.host})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if !errors.Is(err, graphfile.ErrHost) {
				t.Errorf("%v does not match ErrHost", err)
			}
		})
	}
}

func TestHostsRunTogetherWithoutHost(t *testing.T) {
	l, err := graphfile.Load([]byte(splitGraph), blocks.NewRegistry(), graphfile.Options{File: "g.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Blocks) != 4 || strings.Join(l.Hosts, ",") != "rx,dsp" || l.Blocks[2].Host != "dsp" {
		t.Fatalf("blocks %v, hosts %v", l.Blocks, l.Hosts)
	}
}

// TestHostsBuildOnlyTheirOwnBlocks: a host checks the other hosts' blocks
// but does not build them, so a block that needs its own host's files
// (a recording whose metadata gives its item type) loads elsewhere.
func TestHostsBuildOnlyTheirOwnBlocks(t *testing.T) {
	graph := `
hosts: {rx: 127.0.0.1:5600, dsp: 127.0.0.1:5700}
blocks:
  - {name: rec, id: sigmf_source, host: rx, parameters: {path: /only/on/rx/capture}}
  - {name: snk, id: null_sink, host: dsp, parameters: {type: complex64}}
connections:
  - [rec, out, snk, in]
`
	l, err := graphfile.Load([]byte(graph), blocks.NewRegistry(), graphfile.Options{File: "g.yaml", Host: "dsp"})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Blocks) != 2 || l.Blocks[1].ID != "zmq_pull_source" {
		t.Fatalf("dsp runs %v", l.Blocks)
	}
	if _, err := graphfile.Load([]byte(graph), blocks.NewRegistry(), graphfile.Options{File: "g.yaml", Host: "rx"}); err == nil || !strings.Contains(err.Error(), "/only/on/rx/capture") {
		t.Fatalf("rx loads a recording it does not have: %v", err)
	}
}
