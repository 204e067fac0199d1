package flowgraph

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Limits of Eval, so that no expression can exhaust the stack or take long:
// a graph file's expression is at most MaxExprLen bytes, nests parentheses,
// signs, powers and calls at most MaxExprDepth deep, and passes a function
// at most MaxExprArgs arguments.
const (
	MaxExprLen   = 4096
	MaxExprDepth = 64
	MaxExprArgs  = 64
)

// Eval evaluates a parameter expression: numbers (1e6, 0x10, 2.5), graph
// variables, + - * / % and ** (power), parentheses, unary minus, the
// constants pi and e, and the functions sqrt, exp, log, log10, sin, cos,
// tan, atan2, abs, floor, ceil, round, min, max. Nothing else: no code runs.
// Expressions longer than MaxExprLen or nested deeper than MaxExprDepth are
// refused, as are results that are not finite.
func Eval(expr string, vars map[string]float64) (float64, error) {
	if len(expr) > MaxExprLen {
		return 0, fmt.Errorf("expression %s: longer than %d bytes", quoteShort(expr), MaxExprLen)
	}
	p := &exprParser{src: expr, vars: vars}
	p.next()
	v, err := p.sum()
	if err != nil {
		return 0, err
	}
	if p.tok != "" {
		return 0, p.errorf("unexpected %s", quoteShort(p.tok))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("expression %s: result is %v", quoteShort(expr), v)
	}
	return v, nil
}

type exprParser struct {
	src   string
	pos   int // start of the current token
	end   int // end of the current token
	tok   string
	depth int // nesting of parentheses, signs, powers and calls
	vars  map[string]float64
}

func (p *exprParser) errorf(format string, args ...any) error {
	return fmt.Errorf("expression %s at column %d: %s", quoteShort(p.src), p.pos+1, fmt.Sprintf(format, args...))
}

// enter counts one more level of nesting; leave undoes it.
func (p *exprParser) enter() error {
	if p.depth++; p.depth > MaxExprDepth {
		return p.errorf("nested deeper than %d levels", MaxExprDepth)
	}
	return nil
}

func (p *exprParser) leave() { p.depth-- }

// next scans the next token: a number, a name, a two-char operator or a rune.
func (p *exprParser) next() {
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

func (p *exprParser) sum() (float64, error) {
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

func (p *exprParser) product() (float64, error) {
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

func (p *exprParser) unary() (float64, error) {
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

func (p *exprParser) power() (float64, error) {
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

// exprFunc is a function of expressions, called only with an argument
// count in [min, max] (checked by the parser before the call).
type exprFunc struct {
	min, max int
	f        func(a []float64) float64
}

var exprFuncs = map[string]exprFunc{
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
	"min":   {1, MaxExprArgs, func(a []float64) float64 { return slices.Min(a) }},
	"max":   {1, MaxExprArgs, func(a []float64) float64 { return slices.Max(a) }},
}

func f1(f func(float64) float64) exprFunc {
	return exprFunc{1, 1, func(a []float64) float64 { return f(a[0]) }}
}

// arity says in words how many arguments f takes.
func (f exprFunc) arity() string {
	switch {
	case f.min == f.max && f.min == 1:
		return "1 argument"
	case f.min == f.max:
		return fmt.Sprintf("%d arguments", f.min)
	}
	return fmt.Sprintf("%d to %d arguments", f.min, f.max)
}

func (p *exprParser) atom() (float64, error) {
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
				return 0, p.errorf("bad number %s", quoteShort(tok))
			}
			v = float64(iv)
		}
		p.next()
		return v, nil
	case unicode.IsLetter(rune(tok[0])) || tok[0] == '_':
		start := p.pos
		p.next()
		if f, ok := exprFuncs[tok]; ok && p.tok == "(" {
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
		return 0, p.errorf("unknown name %s", quoteShort(tok))
	}
	return 0, p.errorf("unexpected %s", quoteShort(tok))
}
