package port

import (
	"fmt"

	"github.com/flowrun/flowrun/pmt"
)

// setPort makes the "set" message input of a block with settings: each
// message changes settings between Work calls, tagged as Setting.Set
// tags. A change that cannot be applied (not a map or pair, an unknown
// setting, a bad value) does not stop the graph: it is counted (Rejected)
// and the last error kept (LastError); the message's other changes still
// apply.
func setPort(ps *Ports) *MsgIn {
	p := &MsgIn{auto: true}
	p.SetHandler(func(v pmt.Value) error {
		for _, c := range ParamChanges(v) {
			if c.Err == nil {
				c.Err = p.applySetting(ps, c.Name, c.Value)
			}
			if c.Err != nil {
				p.reject(c.Err)
			}
		}
		return nil
	})
	return p
}

func (p *MsgIn) applySetting(ps *Ports, name string, v any) error {
	i := ps.LookupSetting(name)
	if i < 0 {
		return fmt.Errorf("%w: no setting %q (settings: %v)", ErrBadMessage, name, ps.SettingName)
	}
	if conv := p.convert.Load(); conv != nil {
		var err error
		if v, err = (*conv)(name, v); err != nil {
			return fmt.Errorf("%w: %w", ErrBadMessage, err)
		}
	}
	apply, err := ps.Setting[i].Prepare(v)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadMessage, err)
	}
	apply(true)
	return nil
}

// SetConvert gives a "set" input the conversion of the block's registry
// spec (Spec.CheckSettable), applied to a value before the setting's own.
// Schedulers call it before the graph runs.
func (p *MsgIn) SetConvert(f func(name string, v any) (any, error)) { p.convert.Store(&f) }

func (p *MsgIn) reject(err error) {
	p.rejected.Add(1)
	p.lastErr.Store(&err)
}

// Rejected returns the changes a "set" input refused; safe from any goroutine.
func (p *MsgIn) Rejected() uint64 { return p.rejected.Load() }

// LastError returns the error of the last change a "set" input refused, or
// nil; safe from any goroutine.
func (p *MsgIn) LastError() error {
	if e := p.lastErr.Load(); e != nil {
		return *e
	}
	return nil
}
