package blocks

import (
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/pmt"
	"github.com/flowrun/flowrun/registry"
)

// TagToMessage turns every tag of its input into a message: the map
// {key, offset, value} of pmt.FromTag (a tag value no pmt.Value holds
// is sent as its %v string). It consumes the stream: to keep the stream
// flowing elsewhere, connect the same output to the other consumer too (an
// output feeds any number of inputs at no cost).
//
// # Stream Inputs
//
//   - In: items of type T, consumed.
//
// # Message Outputs
//
//   - Out: one message per tag, in offset order.
type TagToMessage[T any] struct {
	In  block.In[T]
	Out block.MsgOut
}

// NewTagToMessage returns a tag-to-message block.
func NewTagToMessage[T any]() *TagToMessage[T] { return &TagToMessage[T]{} }

// Work posts the tags of the available items and consumes them.
func (b *TagToMessage[T]) Work(*block.IO) error {
	in := b.In.Slice()
	for _, t := range b.In.Tags() {
		v, err := pmt.FromTag(t)
		if err != nil {
			t.Value = fmt.Sprint(t.Value)
			v, _ = pmt.FromTag(t)
		}
		b.Out.Post(v)
	}
	b.In.Consume(len(in))
	if len(in) == 0 && b.In.Finished() {
		return block.ErrDone
	}
	return nil
}

// tagToMessageSpec is the registry entry of tag_to_message.
func tagToMessageSpec() registry.Spec {
	return registry.Spec{
		ID:     "tag_to_message",
		Doc:    "consumes a stream and posts each tag as a {key, offset, value} message (message output out)",
		Params: []registry.Param{typeParam(TypeComplex64)},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, map[string]func(registry.Params) (block.Block, error){
				TypeFloat32:   func(registry.Params) (block.Block, error) { return NewTagToMessage[float32](), nil },
				TypeComplex64: func(registry.Params) (block.Block, error) { return NewTagToMessage[complex64](), nil },
				TypeInt8:      func(registry.Params) (block.Block, error) { return NewTagToMessage[int8](), nil },
				TypeUint8:     func(registry.Params) (block.Block, error) { return NewTagToMessage[uint8](), nil },
				TypeInt16:     func(registry.Params) (block.Block, error) { return NewTagToMessage[int16](), nil },
			})
		},
	}
}
