package graphfile

import (
	"fmt"

	"github.com/flowrun/flowrun/pmt"
	"go.yaml.in/yaml/v3"
)

// maxValueNodes bounds the YAML nodes one registry.ParamValue may expand to,
// aliases followed: a few aliases of aliases must not make a small file
// expand into a huge message ("billion laughs").
const maxValueNodes = 1 << 16

// messageValue converts a YAML node to the pmt.Value a registry.ParamValue
// parameter takes, reporting each problem at its position. YAML's own
// types decide the kinds, with no expressions: null; true and false; an
// integer (1500, 0x10) is an int; another number (1.5e3, .inf, an integer
// beyond int64) a float;
// any other scalar, or a quoted one, a string ("2*pi" is text, not a
// product); !!binary base64 text a byte vector; a sequence a list; a
// mapping a map, whose keys are scalars taken as written. Anchors and
// aliases are followed; merge keys (<<) and other tags are refused.
//
// at, if not nil, is where every problem is reported, after prefix: the
// block of a --set override, whose value is not in the file.
func (l *loader) messageValue(v, at *yaml.Node, prefix string) (pmt.Value, bool) {
	c := &valueConv{l: l, budget: maxValueNodes, at: at, prefix: prefix}
	return c.node(v)
}

// valueConv is one conversion of messageValue.
type valueConv struct {
	l      *loader
	budget int        // nodes left
	at     *yaml.Node // where to report problems, if not at the nodes
	prefix string
}

func (c *valueConv) errorf(n *yaml.Node, format string, args ...any) {
	if c.at != nil {
		n = c.at
	}
	c.l.errorf(n, nil, "%s%s", c.prefix, fmt.Sprintf(format, args...))
}

func (c *valueConv) node(v *yaml.Node) (pmt.Value, bool) {
	if c.budget--; c.budget < 0 {
		if c.budget == -1 { // report once, then unwind without looking further
			c.errorf(v, "value too large: more than %d elements (aliases expanded)", maxValueNodes)
		}
		return pmt.Value{}, false
	}
	switch v.Kind {
	case 0: // an empty document
		return pmt.Null(), true
	case yaml.DocumentNode:
		if len(v.Content) == 0 {
			return pmt.Null(), true
		}
		return c.node(v.Content[0])
	case yaml.AliasNode:
		if v.Alias == nil {
			c.errorf(v, "alias to nothing")
			return pmt.Value{}, false
		}
		return c.node(v.Alias)
	case yaml.SequenceNode:
		if tag := v.ShortTag(); tag != "!!seq" {
			c.errorf(v, "unsupported YAML tag %s on a list (want a plain list)", tag)
			return pmt.Value{}, false
		}
		out := make([]pmt.Value, 0, len(v.Content))
		ok := true
		for _, e := range v.Content {
			x, eok := c.node(e)
			out = append(out, x)
			ok = ok && eok
		}
		return pmt.List(out...), ok
	case yaml.MappingNode:
		if tag := v.ShortTag(); tag != "!!map" {
			c.errorf(v, "unsupported YAML tag %s on a map (want a plain map)", tag)
			return pmt.Value{}, false
		}
		out := make(map[string]pmt.Value, len(v.Content)/2)
		ok := true
		for i := 0; i+1 < len(v.Content); i += 2 {
			k, e := v.Content[i], v.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
				c.errorf(k, "merge keys (<<) are not supported in a value: write the keys out")
				ok = false
				continue
			}
			if k.Kind != yaml.ScalarNode {
				c.errorf(k, "a map key must be a plain scalar, not a list or a map")
				ok = false
				continue
			}
			if _, dup := out[k.Value]; dup {
				c.errorf(k, "duplicate key %q", k.Value)
				ok = false
				continue
			}
			x, eok := c.node(e)
			out[k.Value] = x
			ok = ok && eok
		}
		return pmt.Map(out), ok
	case yaml.ScalarNode:
		return c.scalar(v)
	}
	c.errorf(v, "expected a value")
	return pmt.Value{}, false
}

func (c *valueConv) scalar(v *yaml.Node) (pmt.Value, bool) {
	switch tag := v.ShortTag(); tag {
	case "!!null":
		return pmt.Null(), true
	case "!!bool":
		var b bool
		if v.Decode(&b) != nil {
			c.errorf(v, "expected true or false, not %q", v.Value)
			return pmt.Value{}, false
		}
		return pmt.Bool(b), true
	case "!!int":
		var i int64
		if v.Decode(&i) != nil {
			c.errorf(v, "bad integer %q", v.Value)
			return pmt.Value{}, false
		}
		return pmt.Int(i), true
	case "!!float":
		var f float64
		if v.Decode(&f) != nil {
			c.errorf(v, "bad number %q", v.Value)
			return pmt.Value{}, false
		}
		return pmt.Float(f), true
	case "!!str", "!!timestamp":
		return pmt.String(v.Value), true // a date stays text
	case "!!binary":
		var s string
		if v.Decode(&s) != nil {
			c.errorf(v, "bad !!binary (base64) data")
			return pmt.Value{}, false
		}
		return pmt.Bytes([]byte(s)), true
	default:
		c.errorf(v, "unsupported YAML tag %s (a value is null, a bool, a number, a string, !!binary, a list or a map)", tag)
		return pmt.Value{}, false
	}
}
