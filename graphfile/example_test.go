package graphfile_test

import (
	"context"
	"fmt"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
)

// Load builds a graph of the standard blocks from YAML; expressions of the
// file's variables may stand wherever a number is expected, and Options.Set
// overrides variables and parameters as flowrun run --set does.
func ExampleLoad() {
	const graph = `
variables: {rate: 48e3}
blocks:
  - {name: src, id: signal_source, parameters: {type: float32, frequency: rate/48, sample_rate: rate}}
  - {name: head, id: head, parameters: {type: float32, items: rate/10}}
  - {name: snk, id: null_sink, parameters: {type: float32}}
connections:
  - [src, out, head, in]
  - [head, out, snk, in]
`
	l, err := graphfile.Load([]byte(graph), blocks.NewRegistry(), graphfile.Options{File: "tone.yaml", Set: map[string]string{"rate": "8000"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Vars["rate"], l.Blocks[1].Params.Int("items"))
	if err := l.Graph.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output: 8000 800
}

// Loading a graph file reports every problem with its position, the
// first MaxErrors of them.
func ExampleLoad_errors() {
	const graph = `
blocks:
  - {name: src, id: signal_source, parameters: {frequency: 1e3, sample_rate: -1}}
  - {name: snk, id: null_snk}
connections:
  - [src, out, snk, in]
`
	_, err := graphfile.Load([]byte(graph), blocks.NewRegistry(), graphfile.Options{File: "graph.yaml"})
	fmt.Println(err)
	// Output:
	// graph.yaml:3:78: block "src": signal_source: parameter "sample_rate": bad value -1: want float >= 0 (Hz)
	// graph.yaml:4:21: unknown block id "null_snk" (did you mean null_sink?)
}
