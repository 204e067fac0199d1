package registry_test

import (
	"errors"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

func TestValueConverts(t *testing.T) {
	if f, err := registry.ParamAs[float64]("f", int16(3)); err != nil || f != 3 {
		t.Errorf("float from int16: %v %v", f, err)
	}
	if i, err := registry.ParamAs[int]("i", 4.0); err != nil || i != 4 {
		t.Errorf("int from 4.0: %v %v", i, err)
	}
	if c, err := registry.ParamAs[complex128]("c", []any{1.0, -2.0}); err != nil || c != complex(1, -2) {
		t.Errorf("complex from pair: %v %v", c, err)
	}
	if l, err := registry.ParamAs[[]float64]("l", []any{1, 2.5}); err != nil || len(l) != 2 || l[1] != 2.5 {
		t.Errorf("list: %v %v", l, err)
	}
	for _, bad := range []func() error{
		func() error { _, err := registry.ParamAs[int]("i", 1.5); return err },
		func() error { _, err := registry.ParamAs[bool]("b", 1); return err },
		func() error { _, err := registry.ParamAs[float64]("f", "1"); return err },
		func() error { _, err := registry.ParamAs[float32]("f", 1.0); return err },
	} {
		if err := bad(); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("got %v, want ErrBadParam", err)
		}
	}
}

func TestCheckSettable(t *testing.T) {
	s := &registry.Spec{ID: "gain", Params: []registry.Param{
		{Name: "gain", Type: registry.ParamFloat, Min: registry.Bound(0), Settable: true},
		{Name: "size", Type: registry.ParamInt},
	}}
	if v, err := s.CheckSettable("gain", 2); err != nil || v != 2.0 {
		t.Errorf("gain 2: %v %v", v, err)
	}
	if _, err := s.CheckSettable("gain", -1); !errors.Is(err, block.ErrBadParam) {
		t.Errorf("gain -1: %v", err)
	}
	if _, err := s.CheckSettable("size", 2); !errors.Is(err, registry.ErrNotSettable) {
		t.Errorf("size: %v", err)
	}
	if _, err := s.CheckSettable("gian", 2); !errors.Is(err, registry.ErrUnknownParam) {
		t.Errorf("gian: %v", err)
	}
	if got := s.SettableParams(); len(got) != 1 || got[0] != "gain" {
		t.Errorf("SettableParams = %v", got)
	}
}
