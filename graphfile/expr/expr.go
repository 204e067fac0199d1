// Package expr evaluates the arithmetic of graph files: the numbers,
// variables and functions a graph file may write where a number is
// expected (samp_rate/8, 2*pi*f, max(1, n)), with nothing else: no names
// but the variables given, no code run, and every expression bounded in
// length, nesting and arguments, since graph files are untrusted.
//
// It is a package of its own, under the graph file loader (package
// graphfile) that is its main user, so that the language is documented
// and tested in one place and a program can evaluate a --set value or a
// variable the way a graph file would: expr.Eval("samp_rate/8", vars).
package expr

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of Eval, so that no expression can exhaust the stack or take long.
const (
	// MaxLen is the longest expression, in bytes.
	MaxLen = 4096
	// MaxDepth bounds the nesting of parentheses, signs, powers and calls.
	MaxDepth = 64
	// MaxArgs is the most arguments a function call takes (min, max).
	MaxArgs = 64
)

// Eval evaluates a parameter expression: numbers (1e6, 0x10, 2.5), graph
// variables, + - * / % and ** (power), parentheses, unary minus, the
// constants pi and e, and the functions sqrt, exp, log, log10, sin, cos,
// tan, atan2, abs, floor, ceil, round, min, max. Nothing else: no code runs.
// Expressions longer than MaxLen or nested deeper than MaxDepth are
// refused, as are results that are not finite.
func Eval(expr string, vars map[string]float64) (float64, error) {
	if len(expr) > MaxLen {
		return 0, fmt.Errorf("expression %s: longer than %d bytes", Quote(expr), MaxLen)
	}
	p := &parser{src: expr, vars: vars}
	p.next()
	v, err := p.sum()
	if err != nil {
		return 0, err
	}
	if p.tok != "" {
		return 0, p.errorf("unexpected %s", Quote(p.tok))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("expression %s: result is %v", Quote(expr), v)
	}
	return v, nil
}

type parser struct {
	src   string
	pos   int // start of the current token
	end   int // end of the current token
	tok   string
	depth int // nesting of parentheses, signs, powers and calls
	vars  map[string]float64
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("expression %s at column %d: %s", Quote(p.src), p.pos+1, fmt.Sprintf(format, args...))
}

// enter counts one more level of nesting; leave undoes it.
func (p *parser) enter() error {
	if p.depth++; p.depth > MaxDepth {
		return p.errorf("nested deeper than %d levels", MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// next scans the next token: a number, a name, a two-char operator or a rune.
func (p *parser) next() {
	i := p.end
	for i < len(p.src) && p.src[i] == ' ' {
		i++
	}
	p.pos = i
	if i >= len(p.src) {
		p.tok, p.end = "", i
		return
	}
	c := rune(p.src[i])
	j := i + 1
	switch {
	case unicode.IsDigit(c) || c == '.':
		for j < len(p.src) {
			d := rune(p.src[j])
			if unicode.IsDigit(d) || d == '.' || unicode.IsLetter(d) && d != 'e' && d != 'E' && (d == 'x' || d == 'X' || strings.HasPrefix(p.src[i:], "0x") && strings.ContainsRune("abcdefABCDEF", d)) {
				j++
			} else if (d == 'e' || d == 'E') && !strings.HasPrefix(p.src[i:], "0x") {
				j++
				if j < len(p.src) && (p.src[j] == '+' || p.src[j] == '-') {
					j++
				}
			} else {
				break
			}
		}
	case unicode.IsLetter(c) || c == '_':
		for j < len(p.src) && (unicode.IsLetter(rune(p.src[j])) || unicode.IsDigit(rune(p.src[j])) || p.src[j] == '_') {
			j++
		}
	case c == '*' && j < len(p.src) && p.src[j] == '*':
		j++
	}
	p.tok, p.end = p.src[i:j], j
}

func (p *parser) sum() (float64, error) {
	v, err := p.product()
	for err == nil && (p.tok == "+" || p.tok == "-") {
		op := p.tok
		p.next()
		var w float64
		if w, err = p.product(); op == "+" {
			v += w
		} else {
			v -= w
		}
	}
	return v, err
}

func (p *parser) product() (float64, error) {
	v, err := p.unary()
	for err == nil && (p.tok == "*" || p.tok == "/" || p.tok == "%") {
		op := p.tok
		p.next()
		var w float64
		w, err = p.unary()
		switch op {
		case "*":
			v *= w
		case "/":
			v /= w
		default:
			v = math.Mod(v, w)
		}
	}
	return v, err
}

func (p *parser) unary() (float64, error) {
	if p.tok == "-" || p.tok == "+" {
		if err := p.enter(); err != nil {
			return 0, err
		}
		defer p.leave()
		neg := p.tok == "-"
		p.next()
		v, err := p.unary()
		if neg {
			v = -v
		}
		return v, err
	}
	return p.power()
}

func (p *parser) power() (float64, error) {
	v, err := p.atom()
	if err == nil && p.tok == "**" {
		if err := p.enter(); err != nil {
			return 0, err
		}
		defer p.leave()
		p.next()
		var w float64
		w, err = p.unary() // right-associative, binds tighter than unary minus on the left
		v = math.Pow(v, w)
	}
	return v, err
}

// function is a function of expressions, called only with an argument
// count in [min, max] (checked by the parser before the call).
type function struct {
	min, max int
	f        func(a []float64) float64
}

var functions = map[string]function{
	"sqrt":  f1(math.Sqrt),
	"exp":   f1(math.Exp),
	"log":   f1(math.Log),
	"log10": f1(math.Log10),
	"sin":   f1(math.Sin),
	"cos":   f1(math.Cos),
	"tan":   f1(math.Tan),
	"abs":   f1(math.Abs),
	"floor": f1(math.Floor),
	"ceil":  f1(math.Ceil),
	"round": f1(math.Round),
	"atan2": {2, 2, func(a []float64) float64 { return math.Atan2(a[0], a[1]) }},
	"min":   {1, MaxArgs, func(a []float64) float64 { return slices.Min(a) }},
	"max":   {1, MaxArgs, func(a []float64) float64 { return slices.Max(a) }},
}

func f1(f func(float64) float64) function {
	return function{1, 1, func(a []float64) float64 { return f(a[0]) }}
}

// arity says in words how many arguments f takes.
func (f function) arity() string {
	switch {
	case f.min == f.max && f.min == 1:
		return "1 argument"
	case f.min == f.max:
		return fmt.Sprintf("%d arguments", f.min)
	}
	return fmt.Sprintf("%d to %d arguments", f.min, f.max)
}

func (p *parser) atom() (float64, error) {
	tok := p.tok
	switch {
	case tok == "":
		return 0, p.errorf("unexpected end")
	case tok == "(":
		if err := p.enter(); err != nil {
			return 0, err
		}
		defer p.leave()
		p.next()
		v, err := p.sum()
		if err != nil {
			return 0, err
		}
		if p.tok != ")" {
			return 0, p.errorf("missing )")
		}
		p.next()
		return v, nil
	case unicode.IsDigit(rune(tok[0])) || tok[0] == '.':
		v, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			iv, ierr := strconv.ParseInt(tok, 0, 64)
			if ierr != nil {
				return 0, p.errorf("bad number %s", Quote(tok))
			}
			v = float64(iv)
		}
		p.next()
		return v, nil
	case unicode.IsLetter(rune(tok[0])) || tok[0] == '_':
		start := p.pos
		p.next()
		if f, ok := functions[tok]; ok && p.tok == "(" {
			if err := p.enter(); err != nil {
				return 0, err
			}
			defer p.leave()
			args := make([]float64, 0, min(f.max, 4))
			p.next()
			for p.tok != ")" {
				if len(args) == f.max {
					return 0, p.errorf("wrong number of arguments to %s: it takes %s", tok, f.arity())
				}
				v, err := p.sum()
				if err != nil {
					return 0, err
				}
				args = append(args, v)
				if p.tok == "," {
					p.next()
				} else if p.tok != ")" {
					return 0, p.errorf("expected , or ) in call of %s", tok)
				}
			}
			if len(args) < f.min {
				return 0, p.errorf("wrong number of arguments to %s: it takes %s", tok, f.arity())
			}
			p.next()
			return f.f(args), nil
		}
		if v, ok := p.vars[tok]; ok {
			return v, nil
		}
		switch tok {
		case "pi":
			return math.Pi, nil
		case "e":
			return math.E, nil
		}
		p.pos = start
		return 0, p.errorf("unknown name %s", Quote(tok))
	}
	return 0, p.errorf("unexpected %s", Quote(tok))
}

// Quote quotes s, a piece of a graph file, for an error message, cut to
// its first 60 bytes (at a rune boundary) so that a huge input does not make
// a huge message.
func Quote(s string) string {
	const n = 60
	if len(s) <= n {
		return strconv.Quote(s)
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + fmt.Sprintf("... (%d bytes)", len(s))
}
