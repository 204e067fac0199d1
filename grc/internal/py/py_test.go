package py

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func scope() MapScope {
	s := MapScope(Builtins())
	s["math"], s["np"], s["cmath"] = Math(), Numpy(), CMath()
	s["samp_rate"] = int64(32000)
	s["taps"] = &List{Items: []Value{1.0, 2.0, 3.0}}
	return s
}

// Each expected value is what Python 3 prints for the expression.
func TestEvalMatchesPython(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"1e6", "1000000.0"},
		{"samp_rate/4", "8000.0"},
		{"samp_rate//3", "10666"},
		{"-7//2", "-4"},
		{"-7%3", "2"},
		{"7.5%-2", "-0.5"},
		{"2**10", "1024"},
		{"2**-1", "0.5"},
		{"-2**2", "-4"},
		{"2**3**2", "512"},
		{"1j*1j", "(-1+0j)"},
		{"abs(3+4j)", "5.0"},
		{"int(2.9)", "2"},
		{"round(2.5)", "2"},
		{"round(3.14159, 2)", "3.14"},
		{"max(1, 2.5, 2)", "2.5"},
		{"min([3, 1, 2])", "1"},
		{"len('abc') + len(taps)", "6"},
		{"taps[-1]", "3.0"},
		{"taps[::2]", "[1.0, 3.0]"},
		{"taps[1:]", "[2.0, 3.0]"},
		{"'abcdef'[1:4]", "bcd"},
		{"[x*2 for x in range(4) if x != 2]", "[0, 2, 6]"},
		{"list(range(10, 0, -3))", "[10, 7, 4, 1]"},
		{"(1, 2) + (3,)", "(1, 2, 3)"},
		{"[0]*3", "[0, 0, 0]"},
		{"'a' 'b' + 'c'*2", "abcc"},
		{"1 if samp_rate > 1e3 else 2", "1"},
		{"1 < 2 < 3", "True"},
		{"1 < 3 < 2", "False"},
		{"not 0 and 5", "5"},
		{"0 or 'x'", "x"},
		{"3 in [1, 2, 3]", "True"},
		{"'b' not in 'abc'", "False"},
		{"None is None", "True"},
		{"math.pi/2", "1.5707963267948966"},
		{"math.log(8, 2)", "3.0"},
		{"math.floor(-2.5)", "-3"},
		{"np.arange(3)", "[0, 1, 2]"},
		{"list(np.arange(0, 1, 0.25))", "[0.0, 0.25, 0.5, 0.75]"},
		{"list(np.kron(np.ones(2), np.arange(3)))", "[0.0, 1.0, 2.0, 0.0, 1.0, 2.0]"},
		{"list(2*np.arange(3)+1)", "[1, 3, 5]"},
		{"cmath.exp(1j*math.pi/2).imag", "1.0"},
		{"'%d Hz' % 5", "5 Hz"},
		{"'%.2f, %s' % (1.5, 'x')", "1.50, x"},
		{"0x10 + 0b11 + 1_000", "1019"},
		{"float('1e3')", "1000.0"},
		{"complex(1, 2)", "(1+2j)"},
		{"sum([1, 2.5])", "3.5"},
		{"True + True", "2"},
		{"{'a': 1}['a']", "1"},
	} {
		v, err := EvalString(c.src, scope())
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if got := Str(v); got != c.want {
			t.Errorf("%s = %s, want %s", c.src, got, c.want)
		}
	}
}

func TestEvalRefusesWhatIsNotAValue(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"__import__('os').system('ls')", "unknown name __import__"},
		{"lambda x: x", "lambda functions are code"},
		{"open('/etc/passwd')", "unknown name open"},
		{"math.__dict__", "math has no __dict__"},
		{"1/0", "division by zero"},
		{"2**64", "integer overflow"},
		{"'a'*(1<<40)", "longer than"},
		{"[0]*(1<<30)", "longer than"},
		{"range(1<<40)", "more than"},
		{"1e308*10", "not finite"},
		{"strings", "unknown name strings"},
		{"(1, 2", "expected"},
		{"[x for x in range(2000) for y in range(3)]", "nested comprehensions"},
		{"taps[5]", "out of range"},
		{"1 +", "unexpected end"},
	} {
		_, err := EvalString(c.src, scope())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.src, err, c.want)
		}
		if err != nil && !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrEval) {
			t.Errorf("%s: %v wraps neither ErrSyntax nor ErrEval", c.src, err)
		}
	}
}

func TestParseBoundsNesting(t *testing.T) {
	deep := strings.Repeat("(", MaxDepth+1) + "1" + strings.Repeat(")", MaxDepth+1)
	if _, err := Parse(deep); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("got %v, want a nesting error", err)
	}
	if _, err := Parse(strings.Repeat("-", 10*MaxDepth) + "1"); err == nil {
		t.Fatal("a long run of unary minus parsed")
	}
	if _, err := Parse(strings.Repeat(" ", MaxLen+1)); err == nil {
		t.Fatal("an expression longer than MaxLen parsed")
	}
}

func TestComprehensionItemsAreBounded(t *testing.T) {
	_, err := EvalString("[[y for y in range(1000)] for x in range(2000)]", scope())
	if err == nil || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("got %v, want the comprehension bound", err)
	}
	v, err := EvalString("sum([x for x in range(1000)])", scope())
	if err != nil || v != int64(499500) {
		t.Fatalf("got %v, %v", v, err)
	}
	if f, _ := EvalString("math.sqrt(2)", scope()); math.Abs(f.(float64)-math.Sqrt2) > 0 {
		t.Fatal("math.sqrt")
	}
}
