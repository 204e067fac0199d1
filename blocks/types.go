package blocks

import (
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Item type names accepted by the "type" parameter of generic blocks.
const (
	TypeFloat32   = "float32"
	TypeComplex64 = "complex64"
	TypeInt8      = "int8"
	TypeUint8     = "uint8"
	TypeInt16     = "int16"
)

// AllTypes are the item types of sources, sinks and stream-control blocks.
var allTypes = []string{TypeFloat32, TypeComplex64, TypeInt8, TypeUint8, TypeInt16}

// TypeInt32 is GNU Radio's int item type. The blocks that list it in
// their type parameter take it (the sources and sinks of files and
// vectors, null_source, null_sink, head, copy, throttle, int_to_float);
// the other generic blocks do not.
const TypeInt32 = "int32"

// int32Types are allTypes and TypeInt32.
var int32Types = append(append([]string(nil), allTypes...), TypeInt32)

// withInt32 adds the int32 constructor to a map of constructors by type.
func withInt32(ctors map[string]sourcesCtor, i32 sourcesCtor) map[string]sourcesCtor {
	ctors[TypeInt32] = i32
	return ctors
}

// streamWithInt32 is New of a stream block with the int32 constructor added.
func streamWithInt32(all streamNew, i32 streamNew) streamNew {
	return func(p registry.Params) (block.Block, error) {
		if p.String("type") == TypeInt32 {
			return i32(p)
		}
		return all(p)
	}
}

// typeParam is the standard "type" parameter.
func typeParam(def string, allowed ...string) registry.Param {
	if len(allowed) == 0 {
		allowed = allTypes
	}
	return registry.Param{Name: "type", Type: registry.ParamString, Default: def, Allowed: allowed,
		Doc: "item type of the stream"}
}

// byType picks the constructor for the item type named by p["type"]; a
// registry spec's New uses it to instantiate a generic block.
func byType(p registry.Params, ctors map[string]func(registry.Params) (block.Block, error)) (block.Block, error) {
	t := p.String("type")
	ctor, ok := ctors[t]
	if !ok {
		return nil, fmt.Errorf("item type %s not supported", t)
	}
	return ctor(p)
}
