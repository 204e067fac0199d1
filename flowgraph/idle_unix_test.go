//go:build unix

package flowgraph_test

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/flowrun/flowrun/flowgraph"
)

func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Skip(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestIdleGraphUsesNoCPU(t *testing.T) {
	g := flowgraph.New()
	src, snk := &idle{}, &checker{}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- g.Run(ctx) }()
	time.Sleep(100 * time.Millisecond) // let both blocks go to sleep
	before := cpuTime(t)
	time.Sleep(time.Second)
	used := cpuTime(t) - before
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v", err)
	}
	// Busy polling would use about a second; the Go runtime alone uses a few ms.
	if used > 100*time.Millisecond {
		t.Fatalf("idle graph used %v of CPU in 1s", used)
	}
	st := g.Stats()
	if st[0].WorkCalls > 10 || st[1].WorkCalls > 10 {
		t.Fatalf("idle blocks were called %d and %d times", st[0].WorkCalls, st[1].WorkCalls)
	}
}
