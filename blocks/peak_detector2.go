package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// PeakDetector2 marks peaks of a float stream as GNU Radio's
// peak_detector2_fb does. It keeps a running average of the input
// (avg = alpha·x + (1−alpha)·avg, from 0); an item above avg·(1+rise),
// avg updated with it, opens a window of lookahead items starting there,
// over which the average goes on; the first largest item of the window gets
// a 1 on Peaks, every other item a 0, and the search starts again after the
// window. At the end of the stream the items of a window not yet complete
// are dropped, as in GNU Radio.
//
// # Stream Inputs
//
//   - In: float32 items.
//
// # Stream Outputs
//
//   - Peaks: int8 (GNU Radio's char), 1 at each peak, 0 elsewhere.
//   - Avg: float32, the running average after each item (GNU Radio's
//     optional second output; here it must be connected, as every output).
//
// # Parameters
//
// rise: the threshold factor (default 0.25); lookahead: the window in
// items (at least 1, default 10); alpha: the averaging weight (default
// 0.001).
//
// # Tags
//
// Carried to the same item of both outputs.
//
// # Usage
//
//	pd, _ := blocks.NewPeakDetector2(0.3, 29, 0.001)
//	flowgraph.Connect(g, &src.Out, &pd.In)
//	flowgraph.Connect(g, &pd.Peaks, &flags.In)
//	flowgraph.Connect(g, &pd.Avg, &avg.In)
type PeakDetector2 struct {
	In    block.In[float32]
	Peaks block.Out[int8]
	Avg   block.Out[float32]
	rise  float32
	alpha float32
	look  int
	avg   float32
	// found: the first item of In's slice opened a window (its average is
	// already in avg and in first).
	found bool
	first float32
}

// NewPeakDetector2 returns a PeakDetector2; lookahead must be at least 1.
func NewPeakDetector2(rise float32, lookahead int, alpha float32) (*PeakDetector2, error) {
	if lookahead < 1 || lookahead > maxRun {
		return nil, streamBadParam("lookahead %d must be in [1, %d]", lookahead, maxRun)
	}
	b := &PeakDetector2{rise: rise, alpha: alpha, look: lookahead}
	b.In.SetMinItems(lookahead)
	b.Peaks.SetMinSpace(lookahead)
	b.Avg.SetMinSpace(lookahead)
	return b, nil
}

// Work searches item by item and writes a window when all of it is there.
func (b *PeakDetector2) Work(*block.IO) error {
	in := b.In.Slice()
	peaks, avgs := b.Peaks.Slice(), b.Avg.Slice()
	n := min(len(in), len(peaks), len(avgs))
	i := 0
	for i < n {
		if !b.found {
			x := in[i]
			b.avg = b.alpha*x + (1-b.alpha)*b.avg
			if x > b.avg*(1+b.rise) {
				// As GNU Radio: this item starts the window, not consumed yet.
				b.found, b.first = true, b.avg
				continue
			}
			peaks[i], avgs[i] = 0, b.avg
			i++
			continue
		}
		if n-i < b.look {
			break
		}
		w := in[i : i+b.look]
		peak, at := w[0], 0
		avgs[i], peaks[i] = b.first, 0
		for j := 1; j < len(w); j++ {
			b.avg = b.alpha*w[j] + (1-b.alpha)*b.avg
			avgs[i+j], peaks[i+j] = b.avg, 0
			if w[j] > peak {
				peak, at = w[j], j
			}
		}
		peaks[i+at] = 1
		b.found = false
		i += b.look
	}
	b.In.Consume(i)
	b.Peaks.Produce(i)
	b.Avg.Produce(i)
	return nil
}

// peakDetector2Spec is the registry entry of peak_detector2.
func peakDetector2Spec() registry.Spec {
	return registry.Spec{
		ID:  "peak_detector2",
		Doc: "marks the largest item of a window opened by a rise above the running average (GNU Radio peak_detector2_fb)",
		Params: []registry.Param{
			{Name: "rise", Type: registry.ParamFloat, Default: 0.25, Doc: "threshold factor: a window opens above avg·(1+rise)"},
			{Name: "lookahead", Type: registry.ParamInt, Default: 10, Unit: "items", Min: registry.Bound(1), Max: registry.Bound(maxRun), Doc: "window length"},
			{Name: "alpha", Type: registry.ParamFloat, Default: 0.001, Doc: "weight of a new item in the running average"},
		},
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewPeakDetector2(float32(p.Float("rise")), p.Int("lookahead"), float32(p.Float("alpha"))))
		},
	}
}
