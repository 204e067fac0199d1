package flowgraph_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// counter produces 0, 1, 2, ... up to limit items (0: forever), tagging
// every item whose offset is a multiple of tagEvery (0: none).
type counter struct {
	Out      block.Out[uint64]
	limit    uint64
	tagEvery uint64
	next     uint64
}

func (c *counter) Work(*block.IO) error {
	out := c.Out.Slice()
	n := uint64(len(out))
	if c.limit > 0 {
		n = min(n, c.limit-c.next)
	}
	for i := range n {
		out[i] = c.next + i
		if c.tagEvery > 0 && (c.next+i)%c.tagEvery == 0 {
			c.Out.AddTag(buffer.Tag{Offset: c.next + i, Key: "seq", Value: c.next + i})
		}
	}
	c.Out.Produce(int(n))
	c.next += n
	if c.limit > 0 && c.next == c.limit {
		return block.ErrDone
	}
	return nil
}

// head passes the first limit items, then finishes.
type head struct {
	In    block.In[uint64]
	Out   block.Out[uint64]
	limit uint64
}

func (h *head) Work(*block.IO) error {
	in, out := h.In.Slice(), h.Out.Slice()
	n := min(len(in), len(out), int(h.limit))
	copy(out, in[:n])
	h.In.Consume(n)
	h.Out.Produce(n)
	h.limit -= uint64(n)
	if h.limit == 0 || (n == 0 && h.In.Finished()) {
		return block.ErrDone
	}
	return nil
}

func newCopy() *block.MapBlock[uint64, uint64] {
	return block.Map(func(in, out []uint64) { copy(out, in) })
}

// checker verifies that item i holds i, consuming at most maxTake items per
// call (0: all) and sleeping now and then if slow.
type checker struct {
	In      block.In[uint64]
	maxTake int
	slow    bool
	next    uint64
	calls   int
	tags    []buffer.Tag
	failAt  uint64 // return an error on reaching this item (0: never)
}

var errFail = fmt.Errorf("checker: asked to fail")

func (c *checker) Work(*block.IO) error {
	in := c.In.Slice()
	if len(in) == 0 {
		if c.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	n := len(in)
	if c.maxTake > 0 {
		n = min(n, c.maxTake)
	}
	for i, v := range in[:n] {
		if v != c.next+uint64(i) {
			return fmt.Errorf("item %d holds %d", c.next+uint64(i), v)
		}
		if c.failAt > 0 && v == c.failAt {
			return errFail
		}
	}
	for _, t := range c.In.Tags() {
		if t.Offset < c.next+uint64(n) {
			c.tags = append(c.tags, t)
		}
	}
	c.next += uint64(n)
	c.In.Consume(n)
	c.calls++
	if c.slow && c.calls%50 == 0 {
		time.Sleep(time.Millisecond)
	}
	return nil
}

// countMappings counts the double-mapped buffers alive in this process.
func countMappings(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return -1
	}
	return strings.Count(string(b), "flowrun-buffer")
}
