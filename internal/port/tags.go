package port

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

// AddTag attaches a tag to be published by the next Produce; its offset
// must fall within the items that Produce publishes.
func (p *Out[T]) AddTag(t buffer.Tag) { p.pending = append(p.pending, t) }
