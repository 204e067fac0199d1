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
