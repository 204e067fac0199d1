package expr_test

import (
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/graphfile/expr"
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
		got, err := expr.Eval(tc.expr, vars)
		if err != nil || math.Abs(got-tc.want) > 1e-12*math.Max(1, math.Abs(tc.want)) {
			t.Errorf("Eval(%q) = %v, %v; want %v", tc.expr, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ expr, want string }{
		{"samp_rat/8", `unknown name "samp_rat"`}, {"1 +", "unexpected end"}, {"(1", "missing )"},
		{"1/0", "result is +Inf"}, {"os.Exit(1)", "unknown name"}, {"sqrt(1, 2)", "wrong number"}, {"2 $ 3", `unexpected "$"`},
	} {
		if _, err := expr.Eval(tc.expr, vars); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Eval(%q) error %v, want %q", tc.expr, err, tc.want)
		}
	}
}

// maxEvalAlloc bounds what one Eval call may allocate (TotalAlloc), however
// hostile the expression: it is at most MaxLen bytes, parsed without
// copying, with at most MaxArgs arguments a call and one error message
// of bounded length. 1 MiB leaves room for the fuzzing engine's own work.
const maxEvalAlloc = 1 << 20

// FuzzEval evaluates arbitrary expressions: no input may panic, overflow
// the stack (nesting is bounded by MaxDepth), allocate more than
// maxEvalAlloc, return a non-finite value without error, or make an error
// message longer than 1 KiB (it quotes at most 60 bytes of the expression
// and of a token, each byte up to 4 characters as an escape).
func FuzzEval(f *testing.F) {
	for _, s := range []string{"1+2", "samp_rate/8", "max(1,2)", "2**-1", "((", "0x1p3", "1e309",
		"atan2(1)", "atan2()", "min()", "sqrt(4, 9)", "max(" + strings.Repeat("1,", 70) + "1)", "sqrt(-1)", "1e308*10",
		strings.Repeat("(", 100) + "1" + strings.Repeat(")", 100), strings.Repeat("-", 200) + "1",
		strings.Repeat("2**", 100) + "2", strings.Repeat("abs(", 80) + "1" + strings.Repeat(")", 80),
		strings.Repeat("1+", 2100) + "1", "\xff\xfe", "ü+1", "1 % 0", "0x", ".e1", "1e", "_"} {
		f.Add(s)
	}
	vars := map[string]float64{"samp_rate": 1e6}
	f.Fuzz(func(t *testing.T, s string) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		v, err := expr.Eval(s, vars)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > maxEvalAlloc {
			t.Errorf("Eval of %d bytes allocated %d bytes", len(s), n)
		}
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("Eval(%q) = %v without error", s, v)
		}
		if err != nil && len(err.Error()) > 1024 {
			t.Errorf("error of %d bytes: %.500s", len(err.Error()), err)
		}
	})
}
