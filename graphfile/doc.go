// Package graphfile reads flowrun's graph files: YAML in the shape of GNU
// Radio Companion's (metadata, options, variables, blocks, connections),
// turned into a flowgraph.Graph whose blocks are built through a
// registry.Registry.
//
//	reg := blocks.NewRegistry()
//	l, err := graphfile.Load(data, reg, graphfile.Options{File: "fm.yaml"})
//	if err != nil {
//		return err // a graphfile.ErrorList: every problem, with file:line:col
//	}
//	err = l.Graph.Run(ctx)
//
// It is a package of its own, above flowgraph and beside the blocks, so
// that the scheduler knows nothing of YAML (flowgraph imports no YAML
// library) and a program that builds its graphs in Go does not link a
// parser of untrusted text. The loader is handed the registry; it never
// imports the standard blocks, so a program may load files that use its
// own. Numbers in a file may be expressions of its variables, evaluated by
// package graphfile/expr. A variable may also be a list (of numbers,
// expressions of the variables before it, or [re, im] pairs), given by its
// name as the value of a list parameter:
//
//	variables: {lp: [0.25, 0.5, 0.25]}
//	blocks:
//	  - {name: fir, id: fir_filter, parameters: {type: float32, taps: lp}}
//
// A YAML alias of a list (taps: *lp, with lp: &lp [...]) is taken as
// the list itself.
//
// Latency: options max_latency (a Go duration such as 20ms, or seconds)
// sets the graph's latency budget (flowgraph.WithMaxLatency), and a
// connection's 5th element may be a mapping {buffer_size: bytes,
// max_items: n} instead of a number of bytes (flowgraph.MaxItems). A
// sample_rate parameter given in the file (not left to its default)
// declares the rate of that block's inputs, or of its outputs if it has
// none (flowgraph.Graph.DeclareRate). See docs/latency.md.
//
//	options: {max_latency: 20ms}
//	connections:
//	  - [src, out, snk, in, {max_items: 512}]
//
// Graph files are untrusted input: Load bounds what a file can make it
// allocate or compute (see the limits below) and reports problems, never
// panics; it is fuzzed (FuzzLoadStandardBlocks) against the standard
// blocks.
package graphfile
