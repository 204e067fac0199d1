package blocks

import (
	"context"
	"errors"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/internal/port"
)

// newIO returns the IO that a scheduler would hand to Work, for ctx: for
// tests and benchmarks that call Work themselves.
func newIO(ctx context.Context) *block.IO {
	io := new(block.IO)
	port.IOOf(io).SetContext(ctx)
	return io
}

// srcTake runs a source block alone (Init, Work, Deinit) until it has
// produced n items or finished, through an output buffer of about capItems
// items, and returns what it produced with the tags.
func srcTake[T any](t testing.TB, b block.Block, out *block.Out[T], n, capItems int) ([]T, []buffer.Tag, error) {
	t.Helper()
	pout := port.OutOf[T](out)
	if err := pout.Open(capItems); err != nil {
		t.Fatal(err)
	}
	defer pout.Close()
	var peer port.In[T]
	if err := pout.Attach(&peer, nil, nil); err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	if in, ok := b.(block.Initializer); ok {
		if err := in.Init(context.Background()); err != nil {
			return nil, nil, err
		}
	}
	if de, ok := b.(block.Deinitializer); ok {
		defer func() {
			if err := de.Deinit(); err != nil {
				t.Error(err)
			}
		}()
	}
	io := newIO(context.Background())
	var items []T
	var tags []buffer.Tag
	for len(items) < n {
		err := b.Work(io)
		s := peer.Slice()
		s = s[:min(len(s), n-len(items))]
		items = append(items, s...)
		for _, tg := range peer.Tags() {
			if tg.Offset < peer.Offset()+uint64(len(s)) {
				tags = append(tags, tg)
			}
		}
		peer.Consume(len(s))
		if errors.Is(err, block.ErrDone) {
			break
		}
		if err != nil {
			return items, tags, err
		}
	}
	return items, tags, nil
}

// srcRegistryCases are parameters with which each block of the family builds.
func srcRegistryCases(dir string) map[string]map[string]any {
	return map[string]map[string]any{
		"null_source":     {},
		"constant_source": {},
		"vector_source":   {"values": []any{1, 2, 3}},
		"signal_source":   {},
		"noise_source":    {},
		"file_source":     {"path": dir + "/x.raw"},
		"wav_source":      {"path": dir + "/x.wav"},
		"null_sink":       {},
		"vector_sink":     {},
		"tag_debug":       {},
		"probe":           {},
		"count_sink":      {},
		"file_sink":       {"path": dir + "/y.raw"},
		"wav_sink":        {"path": dir + "/y.wav"},
	}
}

func TestSourcesAndSinksBuildFromTheRegistryForEveryType(t *testing.T) {
	r := NewRegistry()
	for id, params := range srcRegistryCases(t.TempDir()) {
		spec, ok := r.Lookup(id)
		if !ok {
			t.Errorf("%s not registered", id)
			continue
		}
		types := []any{nil}
		for _, p := range spec.Params {
			if p.Name == "type" {
				types = nil
				for _, ty := range p.Allowed {
					types = append(types, ty)
				}
			}
		}
		for _, ty := range types {
			raw := map[string]any{}
			for k, v := range params {
				raw[k] = v
			}
			if ty != nil {
				raw["type"] = ty
			}
			b, err := r.Build(id, raw)
			if err != nil || b == nil {
				t.Errorf("%s %v: %v", id, ty, err)
				continue
			}
			ps, err := port.Find(b)
			if err != nil {
				t.Errorf("%s %v: %v", id, ty, err)
				continue
			}
			if ty != nil {
				var p port.Port
				if len(ps.Out) > 0 {
					p = ps.Out[0]
				} else {
					p = ps.In[0]
				}
				if got := p.ItemType().String(); got != ty {
					t.Errorf("%s type %v has port of %s", id, ty, got)
				}
			}
		}
	}
}

func TestSourcesAndSinksRefuseBadParameters(t *testing.T) {
	r := NewRegistry()
	dir := t.TempDir()
	for _, tc := range []struct {
		id  string
		raw map[string]any
	}{
		{"constant_source", map[string]any{"type": "int8", "value": 300}},
		{"constant_source", map[string]any{"type": "uint8", "value": 1.5}},
		{"constant_source", map[string]any{"type": "float32", "value": []any{1, 2}}},
		{"null_source", map[string]any{"type": "string"}},
		{"vector_source", map[string]any{"type": "int16", "values": []any{1, 70000}}},
		{"vector_source", map[string]any{"values": []any{}, "repeat": true}},
		{"signal_source", map[string]any{"sample_rate": 0}},
		{"signal_source", map[string]any{"sample_rate": -1}},
		{"signal_source", map[string]any{"waveform": "noise"}},
		{"signal_source", map[string]any{"type": "int8"}},
		{"noise_source", map[string]any{"noise": "pink"}},
		{"noise_source", map[string]any{"seed": -1}},
		{"file_source", map[string]any{"path": dir + "/x", "offset": -1}},
		{"file_source", map[string]any{"path": ""}},
		{"wav_source", map[string]any{"path": dir + "/x", "channel": -2}},
		{"wav_sink", map[string]any{"path": dir + "/x", "channels": 0}},
		{"probe", map[string]any{"window": 0}},
		{"count_sink", map[string]any{"expect": -5}},
		{"file_sink", map[string]any{"path": dir + "/x", "append": "yes"}},
	} {
		if _, err := r.Build(tc.id, tc.raw); !errors.Is(err, block.ErrBadParam) {
			t.Errorf("%s %v: error %v, want one wrapping ErrBadParam", tc.id, tc.raw, err)
		}
	}
}

// srcBenchSource measures a source's Work per item, its output drained.
func srcBenchSource[T any](b *testing.B, blk block.Block, out *block.Out[T]) {
	pout := port.OutOf[T](out)
	if err := pout.Open(8192); err != nil {
		b.Fatal(err)
	}
	defer pout.Close()
	var peer port.In[T]
	if err := pout.Attach(&peer, nil, nil); err != nil {
		b.Fatal(err)
	}
	defer peer.Close()
	if in, ok := blk.(block.Initializer); ok {
		if err := in.Init(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	if de, ok := blk.(block.Deinitializer); ok {
		defer de.Deinit()
	}
	io := newIO(context.Background())
	items := 0
	b.ReportAllocs()
	for b.Loop() {
		if err := blk.Work(io); err != nil {
			b.Fatal(err)
		}
		n := len(peer.Slice())
		peer.Consume(n)
		items += n
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(items), "ns/sample")
}
