package flowgraph_test

import (
	"context"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// greedy is a 1:1 block that needs more than it declares: it moves
// exactly batch items, only when they are readable and outNeed items fit,
// though its ports declare a need of one item. A scheduler that waited
// only for the port it thinks short would wait for ever.
type greedy struct {
	In             block.In[uint64]
	Out            block.Out[uint64]
	batch, outNeed int
}

func (g *greedy) Work(*block.IO) error {
	in, out := g.In.Slice(), g.Out.Slice()
	if len(in) < g.batch || len(out) < g.outNeed {
		return g.In.Idle()
	}
	copy(out, in[:g.batch])
	g.In.Consume(g.batch)
	g.Out.Produce(g.batch)
	return nil
}

// TestBlocksThatNeedMoreThanTheyDeclareAreWoken: a chain of such blocks
// between buffers that hold little more than they need (a limit of 250
// items: a writer waiting for room for 125 next to a reader waiting for
// 125 items can always go on) finishes with every item in order (see arm: a block short on no declared need has every
// port armed).
func TestBlocksThatNeedMoreThanTheyDeclareAreWoken(t *testing.T) {
	g := flowgraph.New()
	src, chk := &counter{limit: 200000}, &checker{maxTake: 37}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "chk", chk)
	prev := &src.Out
	for i, need := range [][2]int{{100, 100}, {80, 90}, {125, 125}, {50, 110}} { // batches divide the 200000 items
		b := &greedy{batch: need[0], outNeed: need[1]}
		name := string(rune('a' + i))
		mustAdd(t, g, name, b)
		mustConnect(t, flowgraph.Connect(g, prev, &b.In, flowgraph.MaxItems(250)))
		prev = &b.Out
	}
	mustConnect(t, flowgraph.Connect(g, prev, &chk.In, flowgraph.MaxItems(250)))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := g.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if chk.next != 200000 {
		t.Fatalf("%d items checked, want 200000", chk.next)
	}
}
