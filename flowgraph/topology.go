package flowgraph

import "github.com/flowrun/flowrun/block"

// Edge is one connection of a graph: an output port feeding an input port,
// named as the blocks' port fields name them. A message connection has
// Message set and Type empty.
type Edge struct {
	Src, SrcPort string
	Dst, DstPort string
	Type         string // the item type of a stream connection ("complex64")
	Message      bool
}

// Blocks returns the names of the graph's blocks, in the order they were
// added (the order of Stats).
func (g *Graph) Blocks() []string {
	names := make([]string, len(g.nodes))
	for i, n := range g.nodes {
		names[i] = n.name
	}
	return names
}

// Block returns the block added under name, or nil.
func (g *Graph) Block(name string) block.Block {
	if n := g.byName[name]; n != nil {
		return n.b
	}
	return nil
}

// Edges returns the graph's connections: the stream connections, one Edge
// per input an output feeds, grouped by output in the order each output was
// first connected; then the message connections, in the order they were made.
func (g *Graph) Edges() []Edge {
	var out []Edge
	for _, e := range g.edges {
		for i, d := range e.dsts {
			out = append(out, Edge{Src: e.src.name, SrcPort: e.src.ports.OutName[e.out], Dst: d.name,
				DstPort: d.ports.InName[e.ins[i]], Type: e.src.ports.Out[e.out].ItemType().String()})
		}
	}
	for _, e := range g.msgEdges {
		out = append(out, Edge{Src: e.src.name, SrcPort: e.src.ports.MsgOutName[e.out], Dst: e.dst.name,
			DstPort: e.dst.ports.MsgInName[e.in], Message: true})
	}
	return out
}
