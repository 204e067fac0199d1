package benchgraphs_test

import (
	"context"
	"testing"
	"time"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/internal/benchgraphs"
)

func TestHistogramQuantilesCountItems(t *testing.T) {
	var h benchgraphs.Histogram
	if h.Quantile(0.5) != 0 {
		t.Error("an empty histogram's median is not 0")
	}
	h.Add(3*time.Millisecond, 10)
	h.Add(1*time.Millisecond, 89)
	h.Add(9*time.Millisecond, 1)
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0.5, time.Millisecond}, {0.89, time.Millisecond}, {0.9, 3 * time.Millisecond}, {0.99, 3 * time.Millisecond}, {1, 9 * time.Millisecond}} {
		if got := h.Quantile(tc.q); got != tc.want {
			t.Errorf("Quantile(%g) = %v, want %v", tc.q, got, tc.want)
		}
	}
	if h.Count() != 100 {
		t.Errorf("Count() = %d, want 100", h.Count())
	}
}

// TestLatencyGraphsLoad loads every latency row with every buffer setting,
// and checks the limits max_latency gives the audio row: 20 ms at 48 kHz
// over its 11 connections, of which the queues get 3/4: 65 items each.
func TestLatencyGraphsLoad(t *testing.T) {
	reg, err := benchgraphs.LatencyRegistry(blocks.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range benchgraphs.LatencyScenarios() {
		for _, buffers := range benchgraphs.LatencyBuffers {
			data, err := s.Graph(buffers, 1)
			if err != nil {
				t.Fatal(err)
			}
			l, err := graphfile.Load(data, reg, graphfile.Options{File: s.Name})
			if err != nil {
				t.Fatalf("%s %s: %v", s.Name, buffers, err)
			}
			if s.Name != "latency_audio" || buffers != "max_latency_20ms" {
				continue
			}
			rep := l.Graph.Latency()
			if len(rep.Edges) != 11 {
				t.Fatalf("%d connections, want 11", len(rep.Edges))
			}
			for _, e := range rep.Edges {
				if e.Limit != 65 || e.Rate != 48e3 {
					t.Errorf("%s: limit %d at %g items/s, want 65 at 48000", e.From, e.Limit, e.Rate)
				}
			}
		}
	}
	if _, err := benchgraphs.LatencyScenarios()[0].Graph("tiny", 1); err == nil {
		t.Error("an unknown buffer setting made a graph")
	}
}

// TestLatencySinkMeasuresTheStampedItems runs the paced-source row for a
// moment: the sink must have measured items of the second half.
func TestLatencySinkMeasuresTheStampedItems(t *testing.T) {
	reg, err := benchgraphs.LatencyRegistry(blocks.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	s := benchgraphs.LatencyScenarios()[1]
	data, err := s.Graph("small", 0.2)
	if err != nil {
		t.Fatal(err)
	}
	l, err := graphfile.Load(data, reg, graphfile.Options{File: s.Name})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Graph.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := benchgraphs.SinkLatency(l.Blocks[len(l.Blocks)-1].Block)
	if h == nil || h.Count() == 0 {
		t.Fatalf("sink histogram %v: want items measured", h)
	}
	if h.Quantile(0) < 0 || h.Quantile(1) < h.Quantile(0.5) {
		t.Errorf("quantiles out of order: min %v, median %v, max %v", h.Quantile(0), h.Quantile(0.5), h.Quantile(1))
	}
}
