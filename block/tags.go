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

// CopyTags forwards the tags of the first consumed items of in to out, to
// be attached by out's next Produce. An input item at relative index i lands
// on output item i*produced/consumed: the same item for a 1:1 block, item
// i/D for a block that decimates by D, item i*I for one that interpolates by I.
// Call it before in.Consume.
func CopyTags[A, B any](in *In[A], out *Out[B], consumed, produced int) {
	if consumed <= 0 || produced <= 0 {
		return
	}
	start, base := in.Offset(), out.Offset()
	for _, t := range in.Tags() {
		rel := t.Offset - start
		if rel >= uint64(consumed) {
			break
		}
		t.Offset = base + rel*uint64(produced)/uint64(consumed)
		out.pending = append(out.pending, t)
	}
}

// AddTag attaches a tag to be published by the next Produce; its offset
// must fall within the items that Produce publishes.
func (p *Out[T]) AddTag(t buffer.Tag) { p.pending = append(p.pending, t) }
