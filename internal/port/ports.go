package port

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
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

	// Settings are the block's Setting fields, by name (see Setting).
	Setting     []SettingPort
	SettingName []string
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
	// One call per port: an input's tags are read before its own items are
	// released, and every input is done before any output publishes.
	for _, in := range ps.In {
		in.finish(ps.Out)
	}
	for _, out := range ps.Out {
		out.commit()
	}
}

// ErrNoPorts means a block has no exported port field: nothing could be
// connected to it. Port fields must be exported for the flowgraph to see
// them (In, not in).
var ErrNoPorts = errors.New("block: no exported ports")

// ErrStalled means a block made no progress in a state that nothing can
// change: every input it reads has ended with at least the items the block
// declared it needs left, and its readers have read everything it wrote. Such a block would
// wait for ever; the usual cause is a need it did not declare (a block that
// takes items in groups of N calls In.SetMinItems(N), or uses a rate helper
// that does).
var ErrStalled = errors.New("block: stalled")

// Stalled returns an error wrapping ErrStalled that names what the ports
// show, if a block with no message input can never see its ports change
// again: every connected input has ended with at least its need left (below
// it, the block is finished), and every output is empty (no reader will
// free more room). A block whose Work call made no progress in that state
// waits for ever. Stalled returns nil while an event may still come. The
// scheduler and blocktest call it before waiting.
func (ps *Ports) Stalled() error {
	if !ps.Stuck() {
		return nil
	}
	ins := 0
	for _, p := range ps.In {
		if p.Connected() {
			ins++
		}
	}
	var why []string
	for i, p := range ps.In {
		if p.Connected() {
			n, _ := p.Available()
			why = append(why, fmt.Sprintf("input %s has %d items left of an ended stream and declares a need of %d per call", ps.InName[i], n, p.Need()))
		}
	}
	if ins == 0 {
		for i, p := range ps.Out {
			if p.Opened() {
				why = append(why, fmt.Sprintf("output %s is empty, with room for %d items", ps.OutName[i], p.Space()))
				break
			}
		}
	}
	return fmt.Errorf("%w: no progress, and nothing can change that: %s (a block that needs more items per call declares it with In.SetMinItems; a source that waits asks for a wake-up with IO.WakeAt, or takes an IO.Waker when fed from outside the graph)",
		ErrStalled, strings.Join(why, "; "))
}

// Stuck is Stalled's decision alone, without the message: it allocates
// nothing, for the scheduler to call before every wait.
func (ps *Ports) Stuck() bool {
	if ps.Listening() {
		return false // a message may come
	}
	ins := 0
	for _, p := range ps.In {
		if !p.Connected() {
			continue
		}
		if n, done := p.Available(); !done || n < p.Need() {
			return false
		}
		ins++
	}
	outs := 0
	for _, p := range ps.Out {
		if !p.Opened() {
			continue
		}
		if p.Fill() > 0 {
			return false // a reader will free room
		}
		outs++
	}
	return ins+outs > 0
}

// Find discovers the ports and settings of block b, which must be a
// pointer to a struct with at least one exported port field (a block.In,
// block.Out, block.MsgIn or block.MsgOut; the port types of this package
// are accepted too). Slice fields of ports must have their length set
// before the call. Each call makes a new "set" message input for a block
// with settings: call it once per block.
func Find(b any) (Ports, error) {
	var ps Ports
	v := reflect.ValueOf(b)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return ps, fmt.Errorf("block: %T is not a pointer to a struct", b)
	}
	var hidden []string
	ps.walk(v.Elem(), &hidden)
	for i, name := range ps.SettingName {
		if slices.Index(ps.SettingName, name) != i {
			return ps, fmt.Errorf("block: %T has two settings named %q", b, name)
		}
	}
	if len(ps.Setting) > 0 && ps.LookupMsg("set", false) < 0 {
		// Every block with settings takes changes as messages too.
		ps.MsgIn = append(ps.MsgIn, setPort(&ps))
		ps.MsgInName = append(ps.MsgInName, "set")
	}
	if len(ps.In)+len(ps.Out)+len(ps.MsgIn)+len(ps.MsgOut) == 0 {
		if len(hidden) > 0 {
			return ps, fmt.Errorf("%w in %T: its port fields %s are unexported; the flowgraph sees only exported fields",
				ErrNoPorts, b, strings.Join(hidden, ", "))
		}
		return ps, fmt.Errorf("%w in %T: declare block.In[T], block.Out[T], block.MsgIn or block.MsgOut fields", ErrNoPorts, b)
	}
	return ps, nil
}

// kind classifies a field type: a port type of this package, or a
// wrapper of one (block.In[T] is a struct whose only field is a port.In[T]).
func kind(t reflect.Type) (inner reflect.Type, ok bool) {
	if isPort(t) {
		return t, true
	}
	if t.Kind() == reflect.Struct && t.NumField() == 1 && t.Field(0).Offset == 0 && isPort(t.Field(0).Type) {
		return t.Field(0).Type, true
	}
	return nil, false
}

var (
	inPortType      = reflect.TypeFor[InPort]()
	outPortType     = reflect.TypeFor[OutPort]()
	settingPortType = reflect.TypeFor[SettingPort]()
	msgInType       = reflect.TypeFor[MsgIn]()
	msgOutType      = reflect.TypeFor[MsgOut]()
)

func isPort(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return pt.Implements(inPortType) || pt.Implements(outPortType) || pt.Implements(settingPortType) ||
		t == msgInType || t == msgOutType
}

// isPortType reports whether a field of type t holds ports.
func isPortType(t reflect.Type) bool {
	if k := t.Kind(); k == reflect.Slice || k == reflect.Array {
		t = t.Elem()
	}
	_, ok := kind(t)
	return ok
}

// Inner returns the port of this package behind p, a pointer to a port
// field (a *block.In[T] gives its *port.In[T], which is at the same
// address); nil if p is no port.
func Inner(p any) any {
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	t, ok := kind(v.Type().Elem())
	if !ok {
		return nil
	}
	return reflect.NewAt(t, v.UnsafePointer()).Interface()
}

// IOOf returns the state behind io, a *block.IO (a struct whose only field
// is an IO).
func IOOf(io any) *IO {
	v := reflect.ValueOf(io)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct || v.Elem().NumField() != 1 ||
		v.Elem().Type().Field(0).Type != reflect.TypeFor[IO]() {
		panic(fmt.Sprintf("port: IOOf(%T)", io))
	}
	return (*IO)(v.UnsafePointer())
}

// walk adds the ports among the exported fields of struct v, descending
// into embedded structs, whose promoted ports are the block's too; the names
// of unexported port fields go to hidden.
func (ps *Ports) walk(v reflect.Value, hidden *[]string) {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		fv := v.Field(i)
		_, isPortField := kind(f.Type)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && !isPortField {
			// Re-derive the value so an unexported embedded type does not
			// make its exported fields read-only.
			ps.walk(reflect.NewAt(f.Type, unsafe.Pointer(fv.UnsafeAddr())).Elem(), hidden)
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct {
			// An embedded helper such as *MapNBlock: its ports are the block's.
			if !fv.IsNil() {
				ps.walk(reflect.NewAt(f.Type.Elem(), unsafe.Pointer(fv.Pointer())).Elem(), hidden)
			}
			continue
		}
		if !f.IsExported() {
			if isPortType(f.Type) {
				*hidden = append(*hidden, f.Name)
			}
			continue
		}
		name := strings.ToLower(f.Name)
		if tag, ok := f.Tag.Lookup("param"); ok && tag != "" {
			name = tag
		}
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
	t, ok := kind(v.Type())
	if !ok {
		return
	}
	switch p := reflect.NewAt(t, unsafe.Pointer(v.UnsafeAddr())).Interface().(type) {
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
	case SettingPort:
		ps.Setting = append(ps.Setting, p)
		ps.SettingName = append(ps.SettingName, name)
	}
}

// LookupSetting finds a setting by name; it returns -1 if there is none.
func (ps Ports) LookupSetting(name string) int { return slices.Index(ps.SettingName, name) }

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

// InOf returns the port behind p, a *block.In[T] (tests driving ports by hand).
func InOf[T any](p any) *In[T] { return Inner(p).(*In[T]) }

// OutOf returns the port behind p, a *block.Out[T].
func OutOf[T any](p any) *Out[T] { return Inner(p).(*Out[T]) }

// MsgInOf returns the port behind p, a *block.MsgIn.
func MsgInOf(p any) *MsgIn { return Inner(p).(*MsgIn) }

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

// MsgOutOf returns the port behind p, a *block.MsgOut.
func MsgOutOf(p any) *MsgOut { return Inner(p).(*MsgOut) }

// Listening reports whether a message may still come to one of the
// ports' message inputs and change what the block can do: any input the
// block declared, or an automatic "set" input that a message output feeds.
// An unconnected automatic "set" input does not count: a change of
// settings alone never ends a stall, and counting it would hide the stall
// of every block with settings.
func (ps *Ports) Listening() bool {
	for _, p := range ps.MsgIn {
		if !p.auto || p.senders.Load() > 0 {
			return true
		}
	}
	return false
}
