package graphfile_test

import (
	"fmt"
	"testing"

	"go.uber.org/goleak"

	"github.com/flowrun/flowrun/block"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// counter produces 0, 1, 2, ... up to limit items (0: forever).
type counter struct {
	Out   block.Out[uint64]
	limit uint64
	next  uint64
}

func (c *counter) Work(*block.IO) error {
	out := c.Out.Slice()
	n := uint64(len(out))
	if c.limit > 0 {
		n = min(n, c.limit-c.next)
	}
	for i := range n {
		out[i] = c.next + i
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

// checker verifies that item i holds i; slow, it yields now and then.
type checker struct {
	In   block.In[uint64]
	slow bool
	next uint64
}

func (c *checker) Work(*block.IO) error {
	in := c.In.Slice()
	if len(in) == 0 {
		if c.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	for i, v := range in {
		if v != c.next+uint64(i) {
			return fmt.Errorf("item %d holds %d", c.next+uint64(i), v)
		}
	}
	c.next += uint64(len(in))
	c.In.Consume(len(in))
	return nil
}

// floatSink takes float32 items: a type that does not connect to counter.
type floatSink struct{ In block.In[float32] }

func (*floatSink) Work(*block.IO) error { return block.ErrDone }
