package graphfile_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/registry"
)

// ratedRegistry is testRegistry with a counter that takes a sample_rate.
func ratedRegistry() *registry.Registry {
	r := testRegistry()
	r.MustRegister(registry.Spec{ID: "rated_counter", Doc: "counts at a rate",
		Params: []registry.Param{{Name: "sample_rate", Type: registry.ParamFloat, Default: 1.0, Min: registry.Bound(0)}},
		New:    func(registry.Params) (block.Block, error) { return &counter{}, nil }})
	return r
}

func TestMaxLatencyAndSampleRateLimitTheConnections(t *testing.T) {
	for _, budget := range []string{"20ms", "0.02", "lat"} {
		src := `
variables: {lat: 0.02}
options: {max_latency: ` + budget + `}
blocks:
  - {name: src, id: rated_counter, parameters: {sample_rate: 48000}}
  - {name: snk, id: checker}
connections:
  - [src, out, snk, in]
`
		l, err := graphfile.Load([]byte(src), ratedRegistry(), graphfile.Options{})
		if err != nil {
			t.Fatalf("max_latency %s: %v", budget, err)
		}
		if got := l.Graph.MaxLatency(); got != 20*time.Millisecond {
			t.Errorf("max_latency %s: budget %v, want 20ms", budget, got)
		}
		e := l.Graph.Latency().Edges[0]
		if e.Rate != 48000 || e.Limit != 720 { // the queues get 3/4 of 20 ms
			t.Errorf("max_latency %s: rate %g, limit %d; want 48000, 720", budget, e.Rate, e.Limit)
		}
	}
}

func TestADefaultSampleRateIsNoDeclaration(t *testing.T) {
	src := `
options: {max_latency: 20ms}
blocks:
  - {name: src, id: rated_counter}
  - {name: snk, id: checker}
connections:
  - [src, out, snk, in]
`
	_, err := graphfile.Load([]byte(src), ratedRegistry(), graphfile.Options{})
	if !errors.Is(err, flowgraph.ErrNoRate) {
		t.Fatalf("Load() = %v, want ErrNoRate", err)
	}
}

func TestConnectionMaxItems(t *testing.T) {
	src := `
blocks:
  - {name: src, id: counter}
  - {name: snk, id: checker}
connections:
  - [src, out, snk, in, {buffer_size: 16384, max_items: 100}]
`
	l, err := graphfile.Load([]byte(src), testRegistry(), graphfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if e := l.Graph.Latency().Edges[0]; e.Capacity != 2048 || e.Limit != 100 {
		t.Errorf("capacity %d, limit %d; want 2048 (16 KiB of uint64), 100", e.Capacity, e.Limit)
	}
}

func TestBadLatencyOptionsArePlaced(t *testing.T) {
	for _, tc := range []struct{ opts, conn, want string }{
		{"{max_latency: -1}", "", "1:24: max_latency must be a duration"},
		{"{max_latency: 2h}", "", "1:24: max_latency must be a duration"},
		{"{max_latency: 1e300}", "", "1:24: max_latency must be a duration"},
		{"{max_latency: 1}", ", {max_item: 5}", `6:26: unknown key "max_item"`},
		{"{max_latency: 1}", ", {max_items: 0.5}", "6:37: max_items must be a whole number of items"},
	} {
		src := "options: " + tc.opts + `
blocks:
  - {name: src, id: rated_counter, parameters: {sample_rate: 1000}}
  - {name: snk, id: checker}
connections:
  - [src, out, snk, in` + tc.conn + `]
`
		_, err := graphfile.Load([]byte(src), ratedRegistry(), graphfile.Options{File: "g.yaml"})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %s: error %v, want %q", tc.opts, tc.conn, err, tc.want)
		}
	}
}
