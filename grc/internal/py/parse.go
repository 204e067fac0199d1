// Package py evaluates the subset of Python expressions that GNU Radio
// Companion files write in their parameters: numbers (1e6, 0x10, 1j),
// strings, arithmetic (+ - * / // % **), comparisons, and/or/not,
// conditional expressions, lists, tuples, dicts, indexing, slicing, list
// comprehensions, attribute access on a fixed set of modules (math, cmath,
// numpy, GNU Radio's enums and firdes) and calls of whitelisted functions.
//
// Nothing is executed: an expression is parsed into a tree and the tree is
// evaluated over Go values (see Value). Expressions are untrusted, so their
// length (MaxLen), nesting (MaxDepth) and the size of every list or string
// they make (MaxItems) are bounded.
package py

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of Parse and Eval.
const (
	// MaxLen is the longest expression, in bytes.
	MaxLen = 1 << 20
	// MaxDepth bounds the nesting of parentheses, brackets, operators and calls.
	MaxDepth = 100
	// MaxItems bounds the length of a list, tuple or string an expression
	// makes, and the items a comprehension goes through.
	MaxItems = 1 << 20
)

// ErrSyntax is wrapped by the errors of Parse.
var ErrSyntax = errors.New("py: syntax error")

// ErrEval is wrapped by the errors of Eval.
var ErrEval = errors.New("py: cannot evaluate")

// node kinds
type kind int

const (
	kConst    kind = iota // val
	kName                 // name
	kAttr                 // x.name
	kCall                 // x(args, kw)
	kIndex                // x[args[0]]
	kSlice                // x[a:b:c], args with nil for missing parts
	kUnary                // op x
	kBinary               // x op y
	kCompare              // x op y op z ... (ops, args)
	kAnd                  // x and y
	kOr                   // x or y
	kNot                  // not x
	kIf                   // args[0] if args[1] else args[2]
	kList                 // [args]
	kTuple                // (args)
	kDict                 // {args[0]: args[1], ...}
	kListComp             // [args[0] for name in args[1] if args[2]]
)

// Node is a parsed expression.
type Node struct {
	kind kind
	pos  int // byte offset in the source
	val  Value
	name string   // kName, kAttr, kListComp variable
	op   string   // kUnary, kBinary
	ops  []string // kCompare
	x    *Node
	args []*Node
	kw   map[string]*Node
}

type parser struct {
	src   string
	pos   int // start of the current token
	end   int // end of the current token
	tok   string
	kind  tokKind
	depth int
}

type tokKind int

const (
	tEOF tokKind = iota
	tNum
	tStr
	tName
	tOp
)

// Parse parses a Python expression.
func Parse(src string) (*Node, error) {
	if len(src) > MaxLen {
		return nil, fmt.Errorf("%w: expression longer than %d bytes", ErrSyntax, MaxLen)
	}
	if !utf8.ValidString(src) {
		return nil, fmt.Errorf("%w: not UTF-8 text", ErrSyntax)
	}
	p := &parser{src: src}
	if err := p.next(); err != nil {
		return nil, err
	}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.kind != tEOF {
		return nil, p.errorf("unexpected %q", p.tok)
	}
	return n, nil
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("%w at column %d: %s", ErrSyntax, p.pos+1, fmt.Sprintf(format, args...))
}

func (p *parser) enter() error {
	if p.depth++; p.depth > MaxDepth {
		return p.errorf("nested deeper than %d levels", MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

var ops3 = []string{"**=", "//=", ">>=", "<<="}
var ops2 = []string{"**", "//", "==", "!=", "<=", ">=", "<<", ">>", "->", ":="}

func (p *parser) next() error {
	i := p.end
	for i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t' || p.src[i] == '\n' || p.src[i] == '\r' || p.src[i] == '\\' && i+1 < len(p.src) && p.src[i+1] == '\n') {
		i++
	}
	p.pos = i
	if i >= len(p.src) {
		p.tok, p.end, p.kind = "", i, tEOF
		return nil
	}
	c := p.src[i]
	switch {
	case c >= '0' && c <= '9' || c == '.' && i+1 < len(p.src) && p.src[i+1] >= '0' && p.src[i+1] <= '9':
		j := i
		if c == '0' && i+1 < len(p.src) && strings.ContainsRune("xXoObB", rune(p.src[i+1])) {
			j += 2
			for j < len(p.src) && (isHex(p.src[j]) || p.src[j] == '_') {
				j++
			}
		} else {
			for j < len(p.src) && (p.src[j] >= '0' && p.src[j] <= '9' || p.src[j] == '.' || p.src[j] == '_') {
				j++
			}
			if j < len(p.src) && (p.src[j] == 'e' || p.src[j] == 'E') {
				k := j + 1
				if k < len(p.src) && (p.src[k] == '+' || p.src[k] == '-') {
					k++
				}
				if k < len(p.src) && p.src[k] >= '0' && p.src[k] <= '9' {
					j = k
					for j < len(p.src) && (p.src[j] >= '0' && p.src[j] <= '9' || p.src[j] == '_') {
						j++
					}
				}
			}
			if j < len(p.src) && (p.src[j] == 'j' || p.src[j] == 'J') {
				j++
			}
		}
		p.tok, p.end, p.kind = p.src[i:j], j, tNum
	case c == '\'' || c == '"' || (c == 'r' || c == 'R' || c == 'b' || c == 'B' || c == 'u' || c == 'U') && i+1 < len(p.src) && (p.src[i+1] == '\'' || p.src[i+1] == '"'):
		j := i
		if c != '\'' && c != '"' {
			j++
		}
		q := p.src[j]
		triple := strings.HasPrefix(p.src[j:], strings.Repeat(string(q), 3))
		if triple {
			j += 3
		} else {
			j++
		}
		for {
			if j >= len(p.src) {
				return p.errorf("unterminated string")
			}
			if p.src[j] == '\\' {
				j += 2
				continue
			}
			if triple && strings.HasPrefix(p.src[j:], strings.Repeat(string(q), 3)) {
				j += 3
				break
			}
			if !triple && p.src[j] == q {
				j++
				break
			}
			if !triple && p.src[j] == '\n' {
				return p.errorf("unterminated string")
			}
			j++
		}
		p.tok, p.end, p.kind = p.src[i:j], j, tStr
	case c == '_' || c < utf8.RuneSelf && unicode.IsLetter(rune(c)):
		j := i
		for j < len(p.src) && (p.src[j] == '_' || p.src[j] < utf8.RuneSelf && (unicode.IsLetter(rune(p.src[j])) || unicode.IsDigit(rune(p.src[j])))) {
			j++
		}
		p.tok, p.end, p.kind = p.src[i:j], j, tName
		if keywords[p.tok] {
			p.kind = tOp
		}
	default:
		n := 1
		for _, o := range ops3 {
			if strings.HasPrefix(p.src[i:], o) {
				n = 3
			}
		}
		if n == 1 {
			for _, o := range ops2 {
				if strings.HasPrefix(p.src[i:], o) {
					n = 2
				}
			}
		}
		if n == 1 && !strings.ContainsRune("+-*/%@<>()[]{},:.~&|^=", rune(c)) {
			r, _ := utf8.DecodeRuneInString(p.src[i:])
			return p.errorf("unexpected character %q", r)
		}
		p.tok, p.end, p.kind = p.src[i:i+n], i+n, tOp
	}
	return nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

var keywords = map[string]bool{"and": true, "or": true, "not": true, "if": true, "else": true, "for": true,
	"in": true, "is": true, "lambda": true, "None": true, "True": true, "False": true, "yield": true, "await": true}

func (p *parser) is(tok string) bool { return p.kind == tOp && p.tok == tok }

func (p *parser) expect(tok string) error {
	if !p.is(tok) {
		if p.kind == tEOF {
			return p.errorf("expected %q, found the end", tok)
		}
		return p.errorf("expected %q, found %q", tok, p.tok)
	}
	return p.next()
}

// expr: conditional expression (lambda refused).
func (p *parser) expr() (*Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if p.is("lambda") {
		return nil, p.errorf("lambda functions are code, not values: not supported")
	}
	pos := p.pos
	x, err := p.or()
	if err != nil || !p.is("if") {
		return x, err
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	cond, err := p.or()
	if err != nil {
		return nil, err
	}
	if err := p.expect("else"); err != nil {
		return nil, err
	}
	y, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &Node{kind: kIf, pos: pos, args: []*Node{x, cond, y}}, nil
}

func (p *parser) or() (*Node, error) {
	x, err := p.and()
	for err == nil && p.is("or") {
		pos := p.pos
		if err = p.next(); err != nil {
			return nil, err
		}
		var y *Node
		y, err = p.and()
		x = &Node{kind: kOr, pos: pos, args: []*Node{x, y}}
	}
	return x, err
}

func (p *parser) and() (*Node, error) {
	x, err := p.not()
	for err == nil && p.is("and") {
		pos := p.pos
		if err = p.next(); err != nil {
			return nil, err
		}
		var y *Node
		y, err = p.not()
		x = &Node{kind: kAnd, pos: pos, args: []*Node{x, y}}
	}
	return x, err
}

func (p *parser) not() (*Node, error) {
	if p.is("not") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		pos := p.pos
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.not()
		return &Node{kind: kNot, pos: pos, x: x}, err
	}
	return p.compare()
}

func (p *parser) compareOp() (string, error) {
	if p.kind != tOp {
		return "", nil
	}
	switch p.tok {
	case "<", ">", "==", "!=", "<=", ">=", "in":
		op := p.tok
		return op, p.next()
	case "is":
		if err := p.next(); err != nil {
			return "", err
		}
		if p.is("not") {
			return "is not", p.next()
		}
		return "is", nil
	case "not":
		if err := p.next(); err != nil {
			return "", err
		}
		if !p.is("in") {
			return "", p.errorf("expected \"in\" after \"not\"")
		}
		return "not in", p.next()
	}
	return "", nil
}

func (p *parser) compare() (*Node, error) {
	pos := p.pos
	x, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	var ops []string
	args := []*Node{x}
	for {
		op, err := p.compareOp()
		if err != nil {
			return nil, err
		}
		if op == "" {
			break
		}
		y, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		ops, args = append(ops, op), append(args, y)
	}
	if ops == nil {
		return x, nil
	}
	return &Node{kind: kCompare, pos: pos, ops: ops, args: args}, nil
}

// levels of the binary operators, loosest first.
var levels = [][]string{{"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}}

func (p *parser) binary(level int) (*Node, error) {
	if level == len(levels) {
		return p.unary()
	}
	x, err := p.binary(level + 1)
	for err == nil && p.kind == tOp && contains(levels[level], p.tok) {
		op, pos := p.tok, p.pos
		if op == "@" {
			return nil, p.errorf("matrix multiplication (@) is not supported")
		}
		if err = p.next(); err != nil {
			return nil, err
		}
		var y *Node
		y, err = p.binary(level + 1)
		x = &Node{kind: kBinary, pos: pos, op: op, args: []*Node{x, y}}
	}
	return x, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *parser) unary() (*Node, error) {
	if p.is("-") || p.is("+") || p.is("~") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		op, pos := p.tok, p.pos
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		return &Node{kind: kUnary, pos: pos, op: op, x: x}, err
	}
	return p.power()
}

func (p *parser) power() (*Node, error) {
	x, err := p.primary()
	if err != nil || !p.is("**") {
		return x, err
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	pos := p.pos
	if err := p.next(); err != nil {
		return nil, err
	}
	y, err := p.unary() // right-associative: 2**-1, 2**3**2
	return &Node{kind: kBinary, pos: pos, op: "**", args: []*Node{x, y}}, err
}

func (p *parser) primary() (*Node, error) {
	x, err := p.atom()
	if err != nil {
		return nil, err
	}
	for p.is(".") || p.is("(") || p.is("[") {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		pos := p.pos
		switch p.tok {
		case ".":
			if err := p.next(); err != nil {
				return nil, err
			}
			if p.kind != tName {
				return nil, p.errorf("expected a name after \".\"")
			}
			x = &Node{kind: kAttr, pos: pos, x: x, name: p.tok}
			if err := p.next(); err != nil {
				return nil, err
			}
		case "(":
			if x, err = p.call(x, pos); err != nil {
				return nil, err
			}
		case "[":
			if x, err = p.subscript(x, pos); err != nil {
				return nil, err
			}
		}
	}
	return x, nil
}

func (p *parser) call(f *Node, pos int) (*Node, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	n := &Node{kind: kCall, pos: pos, x: f}
	for !p.is(")") {
		if len(n.args)+len(n.kw) >= MaxItems {
			return nil, p.errorf("more than %d arguments", MaxItems)
		}
		if p.kind == tName {
			// keyword argument?
			save := *p
			name := p.tok
			if err := p.next(); err != nil {
				return nil, err
			}
			if p.is("=") {
				if err := p.next(); err != nil {
					return nil, err
				}
				v, err := p.expr()
				if err != nil {
					return nil, err
				}
				if n.kw == nil {
					n.kw = map[string]*Node{}
				}
				if _, dup := n.kw[name]; dup {
					return nil, p.errorf("keyword argument %s repeated", name)
				}
				n.kw[name] = v
				if !p.is(")") {
					if err := p.expect(","); err != nil {
						return nil, err
					}
				}
				continue
			}
			*p = save
		}
		if n.kw != nil {
			return nil, p.errorf("positional argument after a keyword argument")
		}
		if p.is("*") || p.is("**") {
			return nil, p.errorf("argument unpacking (* and **) is not supported")
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, v)
		if !p.is(")") {
			if err := p.expect(","); err != nil {
				return nil, err
			}
		}
	}
	return n, p.next()
}

func (p *parser) subscript(x *Node, pos int) (*Node, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	var parts [3]*Node
	colons := 0
	for {
		if !p.is(":") && !p.is("]") {
			v, err := p.expr()
			if err != nil {
				return nil, err
			}
			parts[colons] = v
		}
		if p.is(":") && colons < 2 {
			colons++
			if err := p.next(); err != nil {
				return nil, err
			}
			continue
		}
		break
	}
	if err := p.expect("]"); err != nil {
		return nil, err
	}
	if colons == 0 {
		if parts[0] == nil {
			return nil, p.errorf("empty subscript")
		}
		return &Node{kind: kIndex, pos: pos, x: x, args: parts[:1]}, nil
	}
	return &Node{kind: kSlice, pos: pos, x: x, args: parts[:]}, nil
}

func (p *parser) atom() (*Node, error) {
	pos := p.pos
	switch p.kind {
	case tEOF:
		return nil, p.errorf("unexpected end")
	case tNum:
		v, err := parseNumber(p.tok)
		if err != nil {
			return nil, p.errorf("%v", err)
		}
		return &Node{kind: kConst, pos: pos, val: v}, p.next()
	case tStr:
		var b strings.Builder
		for p.kind == tStr {
			s, err := unquote(p.tok)
			if err != nil {
				return nil, p.errorf("%v", err)
			}
			b.WriteString(s)
			if err := p.next(); err != nil {
				return nil, err
			}
		}
		return &Node{kind: kConst, pos: pos, val: b.String()}, nil
	case tName:
		n := &Node{kind: kName, pos: pos, name: p.tok}
		return n, p.next()
	}
	switch p.tok {
	case "None":
		return &Node{kind: kConst, pos: pos}, p.next()
	case "True", "False":
		return &Node{kind: kConst, pos: pos, val: p.tok == "True"}, p.next()
	case "(":
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		if err := p.next(); err != nil {
			return nil, err
		}
		items, trailing, err := p.items(")")
		if err != nil {
			return nil, err
		}
		if len(items) == 1 && !trailing {
			return items[0], nil
		}
		return &Node{kind: kTuple, pos: pos, args: items}, nil
	case "[":
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.is("]") {
			return &Node{kind: kList, pos: pos}, p.next()
		}
		first, err := p.expr()
		if err != nil {
			return nil, err
		}
		if p.is("for") {
			return p.comprehension(first, pos)
		}
		items := []*Node{first}
		if p.is(",") {
			if err := p.next(); err != nil {
				return nil, err
			}
			more, _, err := p.items("]")
			if err != nil {
				return nil, err
			}
			items = append(items, more...)
		} else if err := p.expect("]"); err != nil {
			return nil, err
		}
		return &Node{kind: kList, pos: pos, args: items}, nil
	case "{":
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		if err := p.next(); err != nil {
			return nil, err
		}
		n := &Node{kind: kDict, pos: pos}
		for !p.is("}") {
			if len(n.args) >= 2*MaxItems {
				return nil, p.errorf("more than %d entries", MaxItems)
			}
			k, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expect(":"); err != nil {
				return nil, err
			}
			v, err := p.expr()
			if err != nil {
				return nil, err
			}
			n.args = append(n.args, k, v)
			if !p.is("}") {
				if err := p.expect(","); err != nil {
					return nil, err
				}
			}
		}
		return n, p.next()
	}
	return nil, p.errorf("unexpected %q", p.tok)
}

// items parses expressions separated by commas up to close, which it
// consumes; trailing reports a comma before close.
func (p *parser) items(close string) ([]*Node, bool, error) {
	var items []*Node
	trailing := false
	for !p.is(close) {
		if len(items) >= MaxItems {
			return nil, false, p.errorf("more than %d items", MaxItems)
		}
		v, err := p.expr()
		if err != nil {
			return nil, false, err
		}
		items = append(items, v)
		trailing = false
		if !p.is(close) {
			if err := p.expect(","); err != nil {
				return nil, false, err
			}
			trailing = true
		}
	}
	return items, trailing, p.next()
}

func (p *parser) comprehension(elem *Node, pos int) (*Node, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.kind != tName {
		return nil, p.errorf("a comprehension's variable must be a single name")
	}
	name := p.tok
	if err := p.next(); err != nil {
		return nil, err
	}
	if err := p.expect("in"); err != nil {
		return nil, err
	}
	iter, err := p.or()
	if err != nil {
		return nil, err
	}
	var cond *Node
	if p.is("if") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if cond, err = p.or(); err != nil {
			return nil, err
		}
	}
	if p.is("for") {
		return nil, p.errorf("nested comprehensions are not supported")
	}
	if err := p.expect("]"); err != nil {
		return nil, err
	}
	return &Node{kind: kListComp, pos: pos, name: name, args: []*Node{elem, iter, cond}}, nil
}

func parseNumber(s string) (Value, error) {
	t := strings.ReplaceAll(s, "_", "")
	if t == "" {
		return nil, fmt.Errorf("bad number %q", s)
	}
	if last := t[len(t)-1]; last == 'j' || last == 'J' {
		f, err := strconv.ParseFloat(t[:len(t)-1], 64)
		if err != nil {
			return nil, fmt.Errorf("bad number %q", s)
		}
		return complex(0, f), nil
	}
	isInt := !strings.ContainsAny(t, ".eE") || strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X")
	if isInt {
		base := 10
		if len(t) > 1 && t[0] == '0' {
			switch t[1] {
			case 'x', 'X':
				base, t = 16, t[2:]
			case 'o', 'O':
				base, t = 8, t[2:]
			case 'b', 'B':
				base, t = 2, t[2:]
			default:
				if strings.Trim(t, "0") != "" {
					return nil, fmt.Errorf("bad number %q (leading zeros)", s)
				}
			}
		}
		i, err := strconv.ParseInt(t, base, 64)
		if err != nil {
			return nil, fmt.Errorf("integer %q out of range", s)
		}
		return i, nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return nil, fmt.Errorf("bad number %q", s)
	}
	return f, nil
}

// unquote decodes a Python string literal (with an optional r, b or u prefix).
func unquote(tok string) (string, error) {
	raw := false
	switch tok[0] {
	case 'r', 'R':
		raw, tok = true, tok[1:]
	case 'b', 'B', 'u', 'U':
		tok = tok[1:]
	}
	q := tok[:1]
	if strings.HasPrefix(tok, q+q+q) && len(tok) >= 6 {
		tok = tok[3 : len(tok)-3]
	} else {
		tok = tok[1 : len(tok)-1]
	}
	if raw || !strings.Contains(tok, `\`) {
		return tok, nil
	}
	var b strings.Builder
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c != '\\' || i+1 == len(tok) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := tok[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case '\\', '\'', '"':
			b.WriteByte(e)
		case '\n':
		case 'x':
			if i+3 > len(tok) {
				return "", fmt.Errorf("bad \\x escape")
			}
			v, err := strconv.ParseUint(tok[i+1:i+3], 16, 8)
			if err != nil {
				return "", fmt.Errorf("bad \\x escape")
			}
			b.WriteRune(rune(v))
			i += 2
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), nil
}
