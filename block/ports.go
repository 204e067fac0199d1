package block

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"
)

// Ports are the stream and message ports of one block, in field order, as
// the flowgraph connects them. Names are the lower-cased field names; an
// element of a slice or array field gets its index appended ("in0", "in1").
type Ports struct {
	In      []InPort
	InName  []string
	Out     []OutPort
	OutName []string

	MsgIn      []*MsgIn
	MsgInName  []string
	MsgOut     []*MsgOut
	MsgOutName []string
}

// Hold makes the Consume and Produce calls on these ports take effect at
// Commit, after Work returns, rather than at once. The scheduler and
// blocktest hold the ports of the blocks they run; code that calls Work
// itself should too, and call Commit after each Work call. Ports not held
// (a test's own peer ports, say) consume and produce at once, and forward
// no tags of their own accord.
func (ps *Ports) Hold() {
	for _, p := range ps.In {
		p.hold()
	}
	for _, p := range ps.Out {
		p.hold()
	}
}

// Commit ends a Work call (the scheduler and blocktest call it after each
// one): it forwards the tags of the items consumed on every input whose tag
// policy is TagsAllToAll to every output, then releases the consumed items
// and publishes the produced ones with their tags. Doing all three here, in
// this order, is what lets Work call Consume, Produce and AddTag in any order.
func (ps *Ports) Commit() {
	for _, in := range ps.In {
		if in.Connected() {
			in.forwardTags(ps.Out)
		}
	}
	for _, in := range ps.In {
		if in.Connected() {
			in.commit()
		}
	}
	for _, out := range ps.Out {
		if out.Opened() {
			out.commit()
		}
	}
}

// FindPorts discovers the ports of b, which must be a pointer to a struct.
// Slice fields of ports must have their length set before the call.
func FindPorts(b Block) (Ports, error) {
	var ps Ports
	v := reflect.ValueOf(b)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return ps, fmt.Errorf("block: %T is not a pointer to a struct", b)
	}
	ps.walk(v.Elem())
	return ps, nil
}

// walk adds the ports among the exported fields of struct v, descending
// into embedded structs, whose promoted ports are the block's too.
func (ps *Ports) walk(v reflect.Value) {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		fv := v.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			// Re-derive the value so an unexported embedded type does not
			// make its exported fields read-only.
			ps.walk(reflect.NewAt(f.Type, unsafe.Pointer(fv.UnsafeAddr())).Elem())
			continue
		}
		if !f.IsExported() {
			continue
		}
		name := strings.ToLower(f.Name)
		switch fv.Kind() {
		case reflect.Slice, reflect.Array:
			for j := range fv.Len() {
				ps.add(fv.Index(j), fmt.Sprint(name, j))
			}
		default:
			ps.add(fv, name)
		}
	}
}

func (ps *Ports) add(v reflect.Value, name string) {
	if !v.CanAddr() {
		return
	}
	switch p := v.Addr().Interface().(type) {
	case InPort:
		ps.In = append(ps.In, p)
		ps.InName = append(ps.InName, name)
	case OutPort:
		ps.Out = append(ps.Out, p)
		ps.OutName = append(ps.OutName, name)
	case *MsgIn:
		ps.MsgIn = append(ps.MsgIn, p)
		ps.MsgInName = append(ps.MsgInName, name)
	case *MsgOut:
		ps.MsgOut = append(ps.MsgOut, p)
		ps.MsgOutName = append(ps.MsgOutName, name)
	}
}

// Lookup finds a port by name or by decimal index among the inputs (out
// false) or the outputs (out true); it returns -1 if there is none.
func (ps Ports) Lookup(ref string, out bool) int {
	names := ps.InName
	if out {
		names = ps.OutName
	}
	for i, n := range names {
		if n == ref || fmt.Sprint(i) == ref {
			return i
		}
	}
	return -1
}

// LookupMsg finds a message port by name among the message inputs (out
// false) or outputs (out true); it returns -1 if there is none. Message
// ports are named, never numbered: an index names a stream port.
func (ps Ports) LookupMsg(name string, out bool) int {
	names := ps.MsgInName
	if out {
		names = ps.MsgOutName
	}
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}
