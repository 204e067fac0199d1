package blocks_test

import (
	"reflect"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/internal/port"
)

// TestRateChangeMatchesWhatBlocksDo runs every registered block that
// declares its rate change (block.RateChanger) and builds from its
// defaults, or from the parameters below, on zeros, and checks that each
// output carries interpolation/decimation items per item of each input, to
// within one group (the items a block keeps for its history or a whole
// decimation), as the latency budget assumes.
func TestRateChangeMatchesWhatBlocksDo(t *testing.T) {
	params := map[string]map[string]any{
		"head":               {"items": 1 << 20},
		"keep_one_in_n":      {"n": 3},
		"fir_filter":         {"taps": []float64{1, 2, 3}, "decimation": 4},
		"fft_filter":         {"taps": []float64{1, 2, 3}, "decimation": 2},
		"rational_resampler": {"interpolation": 3, "decimation": 5},
		"deinterleave":       {"streams": 3},
		"interleave":         {"streams": 2},
		"stream_to_vector":   {"n": 4},
	}
	const n = 6000
	reg := blocks.NewRegistry()
	var checked []string
	for _, id := range reg.IDs() {
		b, err := reg.Build(id, params[id])
		if err != nil {
			continue // needs parameters this test does not give
		}
		rc, ok := b.(block.RateChanger)
		if !ok {
			continue
		}
		ps, err := port.Find(b)
		if err != nil || len(ps.In) == 0 || len(ps.Out) == 0 {
			continue
		}
		interp, decim := rc.RateChange()
		var ins []blocktest.Stream
		for _, p := range ps.In {
			ins = append(ins, blocktest.Stream{Items: reflect.MakeSlice(reflect.SliceOf(p.ItemType()), n, n).Interface()})
		}
		outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: 1 << 16}, ins...)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		want := n * interp / decim
		for i, o := range outs {
			got := reflect.ValueOf(o.Items).Len()
			if got < want-max(interp, decim, 64) || got > want+interp {
				t.Errorf("%s output %d: %d items from %d, want about %d (RateChange %d/%d)", id, i, got, n, want, interp, decim)
			}
		}
		checked = append(checked, id)
	}
	t.Logf("checked %d blocks: %v", len(checked), checked)
	if len(checked) < 20 {
		t.Errorf("only %d blocks checked", len(checked))
	}
}
