package blocks

import (
	"fmt"
	"io"
	"os"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// TagDebug prints every tag of its input, one line each:
// "name offset key value", and discards the items.
//
// # Stream Inputs
//
// In: items of type T, discarded.
//
// # Parameters
//
// name: the first word of each line, to tell several TagDebug apart.
// The Go constructor takes the io.Writer (os.Stdout from a registry).
//
// # Tags
//
// Printed, value formatted with %v; write errors stop the graph.
//
// # Usage
//
//	dbg := blocks.NewTagDebug[complex64]("after_sync", os.Stderr)
//	g.Add("dbg", dbg)
//	flowgraph.Connect(g, &sync.Out, &dbg.In)
type TagDebug[T any] struct {
	In   block.In[T]
	name string
	w    io.Writer
}

// NewTagDebug returns a tag printer writing to w (os.Stdout if nil).
func NewTagDebug[T any](name string, w io.Writer) *TagDebug[T] {
	if w == nil {
		w = os.Stdout
	}
	return &TagDebug[T]{name: name, w: w}
}

// Work implements block.Block.
func (b *TagDebug[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if len(in) == 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	for _, t := range b.In.Tags() {
		if _, err := fmt.Fprintf(b.w, "%s %d %s %v\n", b.name, t.Offset, t.Key, t.Value); err != nil {
			return fmt.Errorf("tag_debug: %w", err)
		}
	}
	b.In.Consume(len(in))
	return nil
}

// tagDebugSpec is the registry entry of tag_debug.
func tagDebugSpec() registry.Spec {
	return sinksGenericSpec("tag_debug", "prints every tag (name offset key value) to standard output",
		[]registry.Param{{Name: "name", Type: registry.ParamString, Default: "tag_debug", Doc: "first word of each line"}},
		sourcesAll(
			func(p registry.Params) (block.Block, error) { return NewTagDebug[float32](p.String("name"), nil), nil },
			func(p registry.Params) (block.Block, error) {
				return NewTagDebug[complex64](p.String("name"), nil), nil
			},
			func(p registry.Params) (block.Block, error) { return NewTagDebug[int8](p.String("name"), nil), nil },
			func(p registry.Params) (block.Block, error) { return NewTagDebug[uint8](p.String("name"), nil), nil },
			func(p registry.Params) (block.Block, error) { return NewTagDebug[int16](p.String("name"), nil), nil },
		))
}
