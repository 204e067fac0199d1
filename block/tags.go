package block

import "github.com/flowrun/flowrun/buffer"

// TagPolicy says how the helper blocks carry tags from inputs to outputs.
type TagPolicy int

const (
	// TagsAllToAll copies every input's tags to every output (the default,
	// as in GNU Radio), at the output item that corresponds to the input item.
	TagsAllToAll TagPolicy = iota
	// TagsNone drops tags.
	TagsNone
	// TagsCustom leaves tags to the block's own code.
	TagsCustom
)

// CopyTags forwards the tags of the items consumed from in to out, to be
// attached by out's next Produce. Call it before in.Consume.
//
// Output item k of this call corresponds to the newest input item it
// depends on: input item k*consumed/produced + h-1 for an input with
// history h (SetHistory). A tag lands on the output item that corresponds
// to its input item: the same item for a 1:1 block, item i/D for a block
// that decimates by D, item i*I for one that interpolates by I, shifted by
// the history. Tags on the first h-1 items of a stream, which no output
// corresponds to, land on the first output item: none is lost.
func CopyTags[A, B any](in *In[A], out *Out[B], consumed, produced int) {
	if consumed <= 0 || produced <= 0 {
		return
	}
	shift := uint64(max(in.history, 1) - 1)
	start, base := in.Offset(), out.Offset()
	// Due now: the tags of the inputs that this call's outputs correspond
	// to, [start+shift, start+consumed+shift), and on the first call also
	// the tags of the first shift items.
	from, end := start+shift, start+uint64(consumed)+shift
	if start == in.origin {
		from = start
	}
	for _, t := range in.Tags() {
		if t.Offset < from {
			continue // forwarded by an earlier call
		}
		if t.Offset >= end {
			break
		}
		rel := t.Offset - start
		if rel < shift {
			rel = 0
		} else {
			rel -= shift
		}
		t.Offset = base + rel*uint64(produced)/uint64(consumed)
		out.pending = append(out.pending, t)
	}
}

// AddTag attaches a tag to be published by the next Produce; its offset
// must fall within the items that Produce publishes.
func (p *Out[T]) AddTag(t buffer.Tag) { p.pending = append(p.pending, t) }
