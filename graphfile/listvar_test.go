package graphfile_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
)

const listVarGraph = `
variables:
  g: 2
  lp: [g/8, g/4, g/8]
  ct: &ct [[1, 2], 3]
blocks:
  - {name: fs, id: vector_source, parameters: {type: float32, values: [1, 2, 3]}}
  - {name: a, id: fir_filter, parameters: {type: float32, taps: lp}}
  - {name: d, id: rational_resampler, parameters: {type: float32, interpolation: 2, taps: lp}}
  - {name: fn, id: null_sink, parameters: {type: float32}}
  - {name: cs, id: vector_source, parameters: {type: complex64, values: [1, 2, 3]}}
  - {name: b, id: fir_filter, parameters: {type: complex64, complex_taps: ct}}
  - {name: c, id: fft_filter, parameters: {type: complex64, complex_taps: *ct}}
  - {name: cn, id: null_sink, parameters: {type: complex64}}
connections:
  - [fs, out, a, in]
  - [a, out, d, in]
  - [d, out, fn, in]
  - [cs, out, b, in]
  - [b, out, c, in]
  - [c, out, cn, in]
`

func TestListVariablesAreTapsByName(t *testing.T) {
	for _, tc := range []struct {
		set  map[string]string
		want []float64
	}{
		{nil, []float64{0.25, 0.5, 0.25}},
		{map[string]string{"lp": "[1, 2]"}, []float64{1, 2}},
	} {
		l, err := graphfile.Load([]byte(listVarGraph), blocks.NewRegistry(), graphfile.Options{Set: tc.set})
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]graphfile.LoadedBlock{}
		for _, b := range l.Blocks {
			byName[b.Name] = b
		}
		for _, name := range []string{"a", "d"} {
			if got := byName[name].Params.Floats("taps"); !slices.Equal(got, tc.want) {
				t.Errorf("set %v: %s taps %v, want %v", tc.set, name, got, tc.want)
			}
		}
		for _, name := range []string{"b", "c"} {
			if got := byName[name].Params.Complexes("complex_taps"); !slices.Equal(got, []complex128{1 + 2i, 3}) {
				t.Errorf("%s complex_taps %v, want [(1+2i) (3+0i)]", name, got)
			}
		}
	}
}

func TestListVariableMisuseIsReported(t *testing.T) {
	for _, tc := range []struct{ graph, set, want string }{
		{`variables: {ct: [[1, 2]]}
blocks: [{name: a, id: fir_filter, parameters: {type: float32, taps: ct}}]`, "", "holds complex [re, im] pairs"},
		{`variables: {lp: [1]}
blocks: [{name: a, id: fir_filter, parameters: {type: float32, taps: nope}}]`, "", "expected a list, or the name of a list variable"},
		{`variables: {lp: [1, x]}
blocks: [{name: a, id: fir_filter, parameters: {type: float32, taps: lp}}]`, "", "x"},
		{`variables: {lp: [1]}
blocks: [{name: a, id: fir_filter, parameters: {type: float32, taps: lp}}]`, "3", "the variable is a list"},
	} {
		var set map[string]string
		if tc.set != "" {
			set = map[string]string{"lp": tc.set}
		}
		_, err := graphfile.Load([]byte(tc.graph+"\nconnections: []\n"), blocks.NewRegistry(), graphfile.Options{Set: set})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one mentioning %q", tc.graph, err, tc.want)
		}
	}
}
