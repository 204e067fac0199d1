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

// CopyTags forwards the tags of the next consumed items of in to out, to
// be attached when Work returns, instead of the forwarding of in's tag
// policy for this Work call. Call it before the in.Consume and out.Produce
// it describes: consumed items from in.Offset() and produced ones from
// out.Offset().
//
// Output item k of this call corresponds to the newest input item it
// depends on: item k*consumed/produced of this call's real inputs, which
// with history h (SetHistory) is Slice item k*consumed/produced + h-1. A
// tag lands on the output item that corresponds to its input item: the
// same item for a 1:1 block (input i, output i, as in GNU Radio, whose
// history also prepends h-1 zeros), item i/D for a block that decimates by
// D, item i*I for one that interpolates by I. Each call forwards the tags
// of Slice items [h-1, h-1+consumed): the items before were forwarded by
// an earlier call (or are leading zeros, which carry none), so every tag
// is forwarded exactly once.
func CopyTags[A, B any](in *In[A], out *Out[B], consumed, produced int) {
	in.manual = true
	if consumed <= 0 || produced <= 0 {
		return
	}
	shift := uint64(max(in.history, 1) - 1)
	start, base := in.Offset(), out.Offset()
	for _, t := range in.Tags() {
		// Index in the Slice; Offset() may have wrapped below zero.
		rel := t.Offset - start
		if rel < shift {
			continue // forwarded by an earlier call
		}
		if rel -= shift; rel >= uint64(consumed) {
			break
		}
		t.Offset = base + rel*uint64(produced)/uint64(consumed)
		out.pending = append(out.pending, t)
	}
}

// AddTag attaches a tag to be published by the next Produce; its offset
// must fall within the items that Produce publishes.
func (p *Out[T]) AddTag(t buffer.Tag) { p.pending = append(p.pending, t) }
