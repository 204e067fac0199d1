package blocks

import (
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// streamNew builds one instantiation of a generic stream block from
// validated parameters.
type streamNew func(p registry.Params) (block.Block, error)

// streamAllTypes returns a Spec.New that picks, by the "type" parameter, one
// of the constructors given for float32, complex64, int8, uint8 and int16.
func streamAllTypes(f32, c64, i8, u8, i16 streamNew) streamNew {
	return func(p registry.Params) (block.Block, error) {
		return byType(p, map[string]func(registry.Params) (block.Block, error){
			TypeFloat32: f32, TypeComplex64: c64, TypeInt8: i8, TypeUint8: u8, TypeInt16: i16,
		})
	}
}

// streamBadParam is a constructor error for a parameter value the registry's
// schema cannot express (such as an index bounded by another parameter).
func streamBadParam(format string, args ...any) error {
	return fmt.Errorf("%w: %s", block.ErrBadParam, fmt.Sprintf(format, args...))
}

// streamPass copies the first n items of in to out with their tags and
// moves both ports on by n. The tags go with their items whatever in's tag
// policy: blocks that drop or delay items (Skip, Delay, Selector) set
// block.TagsCustom and rely on this alone.
func streamPass[T any](in *block.In[T], out *block.Out[T], src, dst []T, n int) {
	copy(dst[:n], src[:n])
	if in.TagPolicy() == block.TagsCustom {
		from, to := in.Offset(), out.Offset()
		for _, t := range in.Tags() {
			if t.Offset-from >= uint64(n) {
				break
			}
			t.Offset = t.Offset - from + to
			out.AddTag(t)
		}
	}
	in.Consume(n)
	out.Produce(n)
}

// streamEnded reports whether in can give no more items: its upstream
// finished and fewer items than a Work call needs are left.
func streamEnded[T any](in *block.In[T]) bool { return in.Ended() }

// streamInterleaveParams are the parameters of interleave and
// deinterleave, whose streams are their ports (inputs or outputs).
func streamInterleaveParams(ports string) []registry.Param {
	return []registry.Param{typeParam(TypeComplex64),
		{Name: "streams", Type: registry.ParamInt, Default: 2, Min: registry.Bound(1), Max: registry.Bound(maxPorts), Doc: "number of " + ports},
		{Name: "blocksize", Type: registry.ParamInt, Default: 1, Unit: "items", Min: registry.Bound(1), Max: registry.Bound(maxRun),
			Doc: "items per stream per turn"}}
}

// streamVectorLengthParam is the vector length parameter of
// stream_to_vector and vector_to_stream.
func streamVectorLengthParam() registry.Param {
	return registry.Param{Name: "items", Type: registry.ParamInt, Unit: "items", Min: registry.Bound(1), Max: registry.Bound(maxRun),
		Doc: "vector length"}
}
