package graphfile

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/flowrun/flowrun/graphfile/expr"
	"github.com/flowrun/flowrun/registry"
)

// A variable is a number or an expression of earlier variables, or a
// mapping that gives it bounds as well, for a control that changes it
// while the graph runs (Loaded.SetVariable, flowrun's control API):
//
//	variables:
//	  samp_rate: 32000
//	  freq: {value: samp_rate/32, min: 0, max: samp_rate/2, step: 100}
//
// Block parameters written as expressions of variables follow a change:
// they are evaluated again and set on their blocks.

// ErrBadVariable is matched by the errors of a variable's value: out of
// its bounds, not finite, or a change that a block parameter cannot take.
var ErrBadVariable = errors.New("graphfile: bad variable value")

// ErrUnknownVariable is matched by SetVariable's error for a name that is
// not a variable of the graph.
var ErrUnknownVariable = errors.New("graphfile: no such variable")

// Variable is a variable of a loaded graph.
type Variable struct {
	Name  string
	Value float64
	// Expr is its expression as written (or as --set gave it).
	Expr string
	// Min, Max and Step are the bounds a {value, min, max, step} mapping
	// gave it, or nil; Step is what a control moves it by.
	Min, Max, Step *float64

	pinned bool // set directly (--set, SetVariable): not evaluated again
}

func (v Variable) outOfBounds(f float64) string {
	switch {
	case v.Min != nil && f < *v.Min:
		return fmt.Sprintf("%v is below its minimum %v", f, *v.Min)
	case v.Max != nil && f > *v.Max:
		return fmt.Sprintf("%v is above its maximum %v", f, *v.Max)
	}
	return ""
}

// boundedVariable reads a {value, min, max, step} mapping into vr and
// returns the value's node.
func (l *loader) boundedVariable(m *yaml.Node, vr *Variable) (*yaml.Node, bool) {
	var value *yaml.Node
	ok := true
	l.forEach(m, []string{"value", "min", "max", "step"}, func(key string, _, v *yaml.Node) {
		if key == "value" {
			value = v
			return
		}
		f, fok := l.number(v)
		if !fok {
			ok = false
			return
		}
		switch key {
		case "min":
			vr.Min = &f
		case "max":
			vr.Max = &f
		case "step":
			if f <= 0 {
				l.errorf(v, ErrBadVariable, "variable %s: step %v must be > 0", vr.Name, f)
				ok = false
				return
			}
			vr.Step = &f
		}
	})
	if value == nil {
		l.errorf(m, ErrBadVariable, "variable %s: {value: ..., min: ..., max: ..., step: ...} without a value", vr.Name)
		return nil, false
	}
	if vr.Min != nil && vr.Max != nil && *vr.Min > *vr.Max {
		l.errorf(m, ErrBadVariable, "variable %s: min %v is above max %v", vr.Name, *vr.Min, *vr.Max)
		return nil, false
	}
	vr.Expr = value.Value
	return value, ok
}

// paramExpr is a block parameter written as an expression, evaluated
// again when a variable changes.
type paramExpr struct {
	block, param, expr string
	typ                registry.ParamType
}

// noteExpr records a number parameter written as an expression (not a
// literal), so that SetVariable can evaluate it again.
func (l *loader) noteExpr(block, param string, t registry.ParamType, v *yaml.Node) {
	if v.Kind != yaml.ScalarNode || t != registry.ParamFloat && t != registry.ParamInt && t != registry.ParamComplex {
		return
	}
	if _, err := strconv.ParseFloat(v.Value, 64); err == nil {
		return
	}
	l.exprs = append(l.exprs, paramExpr{block: block, param: param, expr: v.Value, typ: t})
}

// dropExpr forgets a parameter that --set gave a value.
func (l *loader) dropExpr(block, param string) {
	l.exprs = slices.DeleteFunc(l.exprs, func(e paramExpr) bool { return e.block == block && e.param == param })
}

// Variable returns the current value of variable name.
func (l *Loaded) Variable(name string) (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.Vars[name]
	return v, ok
}

// SetVariable changes variable name to value while the graph runs (or
// before): the variables written in terms of it are evaluated again, then
// the block parameters written as expressions of variables, and each
// parameter whose value changes is set on its block (Graph.SetContext).
// Nothing changes unless the value is within the variable's bounds and
// every parameter to change is settable; errors match ErrUnknownVariable,
// ErrBadVariable, registry.ErrNotSettable, or the errors of
// Graph.SetContext (a block that refuses the value: the parameters set
// before it keep their new values). A variable set this way is not
// evaluated again when another changes.
func (l *Loaded) SetVariable(ctx context.Context, name string, value float64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := slices.IndexFunc(l.Variables, func(v Variable) bool { return v.Name == name })
	if i < 0 {
		return fmt.Errorf("%w: %q", ErrUnknownVariable, name)
	}
	if math.IsNaN(value) || math.IsInf(value, 0) {
		return fmt.Errorf("%w: %s = %v is not finite", ErrBadVariable, name, value)
	}
	if msg := l.Variables[i].outOfBounds(value); msg != "" {
		return fmt.Errorf("%w: %s = %s", ErrBadVariable, name, msg)
	}
	vars := make(map[string]float64, len(l.Vars))
	for k, v := range l.Vars {
		vars[k] = v
	}
	vars[name] = value
	for _, v := range l.Variables {
		if v.Name == name || v.pinned {
			continue
		}
		f, err := expr.Eval(v.Expr, vars)
		if err != nil {
			return fmt.Errorf("%w: %s = %v makes variable %s: %w", ErrBadVariable, name, value, v.Name, err)
		}
		vars[v.Name] = f
	}
	type change struct {
		e paramExpr
		v any
	}
	var changes []change
	var refused []string
	for _, e := range l.exprs {
		now, err1 := expr.Eval(e.expr, l.Vars)
		next, err2 := expr.Eval(e.expr, vars)
		if err2 != nil {
			return fmt.Errorf("%w: %s = %v makes %s.%s: %w", ErrBadVariable, name, value, e.block, e.param, err2)
		}
		if err1 == nil && now == next {
			continue
		}
		if !slices.Contains(l.Graph.Settable(e.block), e.param) {
			refused = append(refused, e.block+"."+e.param)
			continue
		}
		var v any = next
		switch e.typ {
		case registry.ParamInt:
			if next != math.Trunc(next) || math.Abs(next) > 1<<53 {
				return fmt.Errorf("%w: %s = %v makes %s.%s %v, not a whole number", ErrBadVariable, name, value, e.block, e.param, next)
			}
			v = int(next)
		case registry.ParamComplex:
			v = complex(next, 0)
		}
		changes = append(changes, change{e, v})
	}
	if len(refused) > 0 {
		return fmt.Errorf("%w: variable %s: %s cannot change while the graph runs", registry.ErrNotSettable, name, strings.Join(refused, ", "))
	}
	for _, c := range changes {
		if err := l.Graph.SetContext(ctx, c.e.block, c.e.param, c.v); err != nil {
			return fmt.Errorf("variable %s: %w", name, err)
		}
	}
	for k, v := range vars {
		l.Vars[k] = v
	}
	for j := range l.Variables {
		l.Variables[j].Value = vars[l.Variables[j].Name]
	}
	l.Variables[i].pinned = true
	l.Variables[i].Expr = strconv.FormatFloat(value, 'g', -1, 64)
	return nil
}
