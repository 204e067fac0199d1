package flowgraph_test

import (
	"math"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/flowgraph"
)

func TestEval(t *testing.T) {
	vars := map[string]float64{"samp_rate": 2e6, "n": 3}
	for _, tc := range []struct {
		expr string
		want float64
	}{
		{"2e6", 2e6}, {"samp_rate/8", 250e3}, {"1 + 2 * 3", 7}, {"(1 + 2) * 3", 9}, {"-2 ** 2", -4},
		{"2 ** 3 ** 2", 512}, {"10 % 4", 2}, {"0x10", 16}, {"1.5e-3*1000", 1.5}, {"sqrt(16) + abs(-1)", 5},
		{"max(1, n, 2)", 3}, {"min(4, n)", 3}, {"2*pi", 2 * math.Pi}, {"atan2(1, 1)", math.Pi / 4}, {"-(-n)", 3},
	} {
		got, err := flowgraph.Eval(tc.expr, vars)
		if err != nil || math.Abs(got-tc.want) > 1e-12*math.Max(1, math.Abs(tc.want)) {
			t.Errorf("Eval(%q) = %v, %v; want %v", tc.expr, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ expr, want string }{
		{"samp_rat/8", `unknown name "samp_rat"`}, {"1 +", "unexpected end"}, {"(1", "missing )"},
		{"1/0", "result is +Inf"}, {"os.Exit(1)", "unknown name"}, {"sqrt(1, 2)", "wrong number"}, {"2 $ 3", `unexpected "$"`},
	} {
		if _, err := flowgraph.Eval(tc.expr, vars); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Eval(%q) error %v, want %q", tc.expr, err, tc.want)
		}
	}
}

func FuzzEval(f *testing.F) {
	for _, s := range []string{"1+2", "samp_rate/8", "max(1,2)", "2**-1", "((", "0x1p3", "1e309"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := flowgraph.Eval(s, map[string]float64{"samp_rate": 1e6})
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("Eval(%q) = %v without error", s, v)
		}
	})
}
