package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The web UI in a real browser: headless Chromium, driven with chromedp,
// against flowrun run --ui. The tests skip when no Chromium is installed.

// syncBuffer is a bytes.Buffer safe for one writer and readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// chromium returns the path of a Chromium or Chrome binary, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium found (chromium, chromium-browser, google-chrome or headless-shell on PATH): " +
		"install it (Debian: apt-get install chromium) to run the browser tests")
	return ""
}

// screenshotDir returns $FLOWRUN_UI_SCREENSHOTS, made if missing, or a new
// temporary directory that the test leaves for you to look at.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("FLOWRUN_UI_SCREENSHOTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "flowrun-ui-"); err != nil {
			t.Fatal(err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// uiRun runs flowrun run on the graph file path with --ui on a free
// loopback port and returns the UI's base URL; the run is stopped (POST
// /stop) at the end of the test.
func uiRun(t *testing.T, path string, extra ...string) string {
	t.Helper()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	args := append([]string{"run", path, "--ui", "127.0.0.1:0", "--stats", "none", "--progress", "off", "--duration", "2m"}, extra...)
	go func() { done <- run(args, &stdout, &stderr) }()
	re := regexp.MustCompile(`web UI on (http://127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("flowrun run ended (%d) before serving the UI: %s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no UI address after 10 s: %s", stderr.String())
		}
	}
	t.Cleanup(func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/stop", nil)
		for i, a := range extra {
			if a == "--control-token" && i+1 < len(extra) {
				req.Header.Set("Authorization", "Bearer "+extra[i+1])
			}
		}
		if r, err := http.DefaultClient.Do(req); err == nil {
			r.Body.Close()
		}
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("flowrun run: exit status %d: %s", code, stderr.String())
			}
		case <-time.After(10 * time.Second):
			t.Errorf("flowrun run did not stop: %s", stderr.String())
		}
	})
	return base
}

// browser starts headless Chromium for the rest of the test. At the end of
// the test, the page must not have written an error to its console.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // root in a container
		chromedp.DisableGPU,
		chromedp.WindowSize(1400, 1000),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, tcancel := context.WithTimeout(ctx, 3*time.Minute)
	var (
		mu   sync.Mutex
		errs []string
	)
	if err := chromedp.Do(ctx); err != nil { // start the browser and its first tab
		t.Fatal(err)
	}
	cctx, ccancel := context.WithCancel(ctx)
	listening := make(chan struct{})
	go func() {
		defer close(listening)
		for m, err := range chromedp.Console(cctx) {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				errs = append(errs, m.String())
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		for _, e := range errs {
			t.Errorf("the page's console: %s", e)
		}
		mu.Unlock()
		ccancel()
		<-listening
		tcancel()
		cancel()
		acancel()
	})
	return ctx
}

// waitJS evaluates expr until it is true.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	for deadline := time.Now().Add(45 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 45 s (%s)", what, expr)
		}
	}
}

// shoot saves a screenshot of the element sel (the full page if "") as name.
func shoot(t *testing.T, ctx context.Context, dir, name, sel string) {
	t.Helper()
	action := chromedp.FullScreenshot(100)
	if sel != "" {
		action = chromedp.Screenshot(chromedp.CSS(sel))
	}
	buf, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// uiToneGraph is a complex tone of 3 kHz at 48 kS/s, throttled, shown by
// a spectrum, a waterfall, a scope and a number.
const uiToneGraph = `
metadata: {name: tone, file_format: 1}
blocks:
  - {name: src, id: signal_source, parameters: {type: complex64, frequency: 3000, sample_rate: 48000, amplitude: 0.5}}
  - {name: throttle, id: throttle, parameters: {type: complex64, sample_rate: 48000}}
  - {name: spectrum, id: freq_sink, parameters: {fft_size: 2048, sample_rate: 48000, average: 0.5, y_min: -160, y_max: 0}}
  - {name: waterfall, id: waterfall_sink, parameters: {fft_size: 1024, sample_rate: 48000, min_db: -160, max_db: 0}}
  - {name: scope, id: time_sink, parameters: {length: 256, sample_rate: 48000, trigger: level, level: 0.2}}
  - {name: mag, id: complex_to_mag}
  - {name: level, id: number_sink, parameters: {min: 0, max: 1}}
connections:
  - [src, out, throttle, in]
  - [throttle, out, spectrum, in]
  - [throttle, out, waterfall, in]
  - [throttle, out, scope, in]
  - [throttle, out, mag, in]
  - [mag, out, level, in]
`

// uiStats is GET /stats of the control API.
type uiStats struct {
	Blocks []struct {
		Name     string   `json:"name"`
		Consumed []uint64 `json:"items_in"`
		Produced []uint64 `json:"items_out"`
	} `json:"blocks"`
}

func getStats(t *testing.T, base string) uiStats {
	t.Helper()
	r, err := http.Get(base + "/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var s uiStats
	if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestUIInABrowserShowsTheSpectrumAndMovesItsPeak(t *testing.T) {
	ctx := browser(t)
	path := filepath.Join(t.TempDir(), "tone.yaml")
	if err := os.WriteFile(path, []byte(uiToneGraph), 0o644); err != nil {
		t.Fatal(err)
	}
	base := uiRun(t, path)
	dir := screenshotDir(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "graph drawn", `window.flowrun && window.flowrun.painted > 0`)
	painted, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.flowrun.painted`))
	if err != nil {
		t.Fatal(err)
	}
	fcp, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
		`(performance.getEntriesByName("first-contentful-paint")[0] || {startTime: -1}).startTime`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first contentful paint %.0f ms, graph drawn %.0f ms after navigation started", fcp, painted)
	if painted > 3000 {
		t.Errorf("the graph was drawn %.0f ms after navigation started, want well under a second on loopback", painted)
	}

	// The peak is at the tone's 3 kHz, within a bin (48000/2048 Hz).
	const bin = 48000.0 / 2048
	peak := func() float64 {
		f, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.flowrun.peaks.spectrum.freq`))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	waitJS(t, ctx, "a spectrum frame", `!!(window.flowrun.peaks.spectrum)`)
	if f := peak(); math.Abs(f-3000) > bin {
		t.Errorf("peak at %v Hz, want 3000 ± %v", f, bin)
	}
	waitJS(t, ctx, "scope, number and waterfall frames",
		`["scope", "level", "waterfall"].every(n => window.flowrun.frames[n])`)
	time.Sleep(3 * time.Second) // let the waterfall fill a little for the screenshots
	shoot(t, ctx, dir, "ui-tone-page.png", "")
	shoot(t, ctx, dir, "ui-tone-graph.png", "#graph-view")
	shoot(t, ctx, dir, "ui-tone-spectrum.png", `[data-display="spectrum"]`)
	shoot(t, ctx, dir, "ui-tone-waterfall.png", `[data-display="waterfall"]`)
	shoot(t, ctx, dir, "ui-tone-scope.png", `[data-display="scope"]`)

	// Move the frequency control as a user does: clear the field, type a
	// value, press Enter (the number field's change event).
	sel := `[data-param="src.frequency"] input[type=number]`
	if err := chromedp.Do(ctx,
		chromedp.ScrollIntoView(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel)),
		chromedp.SendKeys(chromedp.CSS(sel), "-7500\r"),
	); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the peak moves to -7500 Hz", fmt.Sprintf(`Math.abs(window.flowrun.peaks.spectrum.freq + 7500) <= %v`, bin))
	r, err := http.Get(base + "/blocks/src/params/frequency")
	if err != nil {
		t.Fatal(err)
	}
	var p struct{ Value float64 }
	json.NewDecoder(r.Body).Decode(&p)
	r.Body.Close()
	if p.Value != -7500 {
		t.Errorf("the control API reads frequency %v, want -7500", p.Value)
	}
	shoot(t, ctx, dir, "ui-tone-controls.png", "#controls")

	// A change through the control API shows on the page: the control
	// follows (once the user has left it), and the peak moves.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`)); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPut, base+"/blocks/src/params/frequency", strings.NewReader(`{"value": 9000}`))
	req.Header.Set("Content-Type", "application/json")
	if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("PUT frequency through the control API: %v %v", r, err)
	} else {
		r.Body.Close()
	}
	waitJS(t, ctx, "the control shows 9000", fmt.Sprintf(`document.querySelector(%q).value === "9000"`, sel))
	waitJS(t, ctx, "the peak moves to 9000 Hz", fmt.Sprintf(`Math.abs(window.flowrun.peaks.spectrum.freq - 9000) <= %v`, bin))

	// The graph page's numbers against GET /stats: read between two calls,
	// each block's items lie between the two (the page lags by up to a
	// statistics interval, 250 ms, at 48000 items/s).
	before := getStats(t, base)
	type pageBlock struct {
		Name, In, Out, State string
	}
	page, err := chromedp.Run(ctx, chromedp.Evaluate[[]pageBlock](`[...document.querySelectorAll("#graph-svg g.blk")].map(g =>
		({Name: g.dataset.block, In: g.dataset.itemsIn, Out: g.dataset.itemsOut, State: g.dataset.state}))`))
	if err != nil {
		t.Fatal(err)
	}
	after := getStats(t, base)
	if len(page) != len(after.Blocks) {
		t.Fatalf("the page shows %d blocks, /stats %d", len(page), len(after.Blocks))
	}
	states := "idle running waiting for input waiting for space waiting done failed"
	for i, b := range page {
		if b.Name != after.Blocks[i].Name || !strings.Contains(states, b.State) || b.State == "" {
			t.Errorf("block %d: page %q in state %q, /stats %q", i, b.Name, b.State, after.Blocks[i].Name)
		}
		for _, c := range []struct {
			what   string
			page   string
			lo, hi []uint64
		}{{"items in", b.In, before.Blocks[i].Consumed, after.Blocks[i].Consumed}, {"items out", b.Out, before.Blocks[i].Produced, after.Blocks[i].Produced}} {
			got := strings.Split(c.page, ",")
			if c.page == "" {
				got = nil
			}
			if len(got) != len(c.hi) {
				t.Errorf("%s %s: page %q, /stats %v", b.Name, c.what, c.page, c.hi)
				continue
			}
			for k, s := range got {
				var n uint64
				fmt.Sscan(s, &n)
				if lo := c.lo[k] - min(c.lo[k], 48000); n < lo || n > c.hi[k] {
					t.Errorf("%s %s: the page shows %d, /stats %d then %d", b.Name, c.what, n, c.lo[k], c.hi[k])
				}
			}
		}
	}
	edges, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#graph-svg g.edge").length`))
	if err != nil {
		t.Fatal(err)
	}
	if edges != 6 {
		t.Errorf("the page draws %d connections, want 6", edges)
	}
}

// uiVariableGraph is uiToneGraph's tone, its frequency a bounded variable.
const uiVariableGraph = `
metadata: {name: tone-variable, file_format: 1}
variables:
  freq: {value: 3000, min: -12000, max: 12000, step: 1500}
blocks:
  - {name: src, id: signal_source, parameters: {type: complex64, frequency: freq, sample_rate: 48000, amplitude: 0.5}}
  - {name: throttle, id: throttle, parameters: {type: complex64, sample_rate: 48000}}
  - {name: spectrum, id: freq_sink, parameters: {fft_size: 2048, sample_rate: 48000, average: 0.5, y_min: -160, y_max: 0}}
connections:
  - [src, out, throttle, in]
  - [throttle, out, spectrum, in]
`

// getVariable is a variable's value as GET /variables of the control API reports it.
func getVariable(t *testing.T, base, name string) float64 {
	t.Helper()
	r, err := http.Get(base + "/variables")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var vs struct {
		Variables []struct {
			Name  string
			Value float64
		}
	}
	if err := json.NewDecoder(r.Body).Decode(&vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs.Variables {
		if v.Name == name {
			return v.Value
		}
	}
	t.Fatalf("GET /variables: no %s in %+v", name, vs)
	return 0
}

func TestUIInABrowserMovesAVariableAndItsPeak(t *testing.T) {
	ctx := browser(t)
	path := filepath.Join(t.TempDir(), "tone-variable.yaml")
	if err := os.WriteFile(path, []byte(uiVariableGraph), 0o644); err != nil {
		t.Fatal(err)
	}
	base := uiRun(t, path)
	dir := screenshotDir(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	const bin = 48000.0 / 2048
	waitJS(t, ctx, "the peak at 3000 Hz", fmt.Sprintf(`!!window.flowrun.peaks.spectrum && Math.abs(window.flowrun.peaks.spectrum.freq - 3000) <= %v`, bin))
	slider := `[data-variable="freq"] input[type=range]`
	field := `[data-variable="freq"] input[type=number]`
	type bounds struct{ Min, Max, Step, Value string }
	got, err := chromedp.Run(ctx, chromedp.Evaluate[bounds](fmt.Sprintf(
		`(s => ({Min: s.min, Max: s.max, Step: s.step, Value: s.value}))(document.querySelector(%q))`, slider)))
	if err != nil {
		t.Fatal(err)
	}
	if want := (bounds{"-12000", "12000", "1500", "3000"}); got != want {
		t.Errorf("the slider has %+v, want %+v", got, want)
	}

	// Move the slider as a user does with the keyboard: one step right.
	if err := chromedp.Do(ctx,
		chromedp.ScrollIntoView(chromedp.CSS(slider)),
		chromedp.Focus(chromedp.CSS(slider)),
		chromedp.KeyEvent(kb.ArrowRight),
	); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "the peak moves to 4500 Hz", fmt.Sprintf(`Math.abs(window.flowrun.peaks.spectrum.freq - 4500) <= %v`, bin))
	waitJS(t, ctx, "the number field shows 4500", fmt.Sprintf(`document.querySelector(%q).value === "4500"`, field))
	if v := getVariable(t, base, "freq"); v != 4500 {
		t.Errorf("GET /variables reports freq = %v, want 4500", v)
	}
	shoot(t, ctx, dir, "ui-variable-controls.png", "#controls")

	// A change through the control API shows on the page: the control
	// follows (once the user has left it), and the peak moves.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`)); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPut, base+"/variables/freq", strings.NewReader(`{"value": -9000}`))
	req.Header.Set("Content-Type", "application/json")
	if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("PUT /variables/freq: %v %v", r, err)
	} else {
		r.Body.Close()
	}
	waitJS(t, ctx, "the slider and the number field show -9000",
		fmt.Sprintf(`document.querySelector(%q).value === "-9000" && document.querySelector(%q).value === "-9000"`, slider, field))
	waitJS(t, ctx, "the peak moves to -9000 Hz", fmt.Sprintf(`Math.abs(window.flowrun.peaks.spectrum.freq + 9000) <= %v`, bin))
}

// TestUIInABrowserRunsTheFMReceiver opens the UI of
// examples/fm_receiver_ui.yaml: every display shows frames, the graph page
// shows the throttle's rate as /stats measures it (240 kS/s on a machine
// not too busy), and the page receives at most 1000 kB/s. Its screenshots
// are those of docs/ui.md.
func TestUIInABrowserRunsTheFMReceiver(t *testing.T) {
	ctx := browser(t)
	t.Chdir("..") // the example's paths are relative to the repository root
	base := uiRun(t, "examples/fm_receiver_ui.yaml")
	dir := screenshotDir(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, "every display's frames",
		`["spectrum", "waterfall", "channel_spectrum", "audio_scope", "audio_level"].every(n => window.flowrun.frames && window.flowrun.frames[n])`)
	bytes := func() float64 {
		b, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.flowrun.bytes`))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	throttled := func() (items, seconds float64) {
		r, err := http.Get(base + "/stats")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		var s struct {
			Seconds float64
			Blocks  []struct {
				Name     string
				Produced []float64 `json:"items_out"`
			}
		}
		if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
			t.Fatal(err)
		}
		for _, b := range s.Blocks {
			if b.Name == "throttle" {
				return b.Produced[0], s.Seconds
			}
		}
		t.Fatal("no throttle in /stats")
		return 0, 0
	}
	b0, t0 := bytes(), time.Now()
	i0, s0 := throttled()
	time.Sleep(4 * time.Second) // a waterfall of a few seconds, a steady rate
	i1, s1 := throttled()
	kBps := (bytes() - b0) / time.Since(t0).Seconds() / 1e3
	t.Logf("the page receives %.0f kB/s over its WebSocket", kBps)
	if kBps > 1000 {
		t.Errorf("the page receives %.0f kB/s, want a few hundred at most", kBps)
	}
	rate, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`+document.querySelector('#graph-svg g.blk[data-block="throttle"]').dataset.rate`))
	if err != nil {
		t.Fatal(err)
	}
	// The graph runs at the recording's 240 kS/s unless the machine is too
	// busy; the page shows the rate over its last second, which a busy
	// machine makes uneven (the throttle catches up after a stall): it must
	// be within half of what /stats measures over 4 s.
	want := (i1 - i0) / (s1 - s0)
	t.Logf("the page shows the throttle at %.0f items/s; /stats over 4 s: %.0f", rate, want)
	if math.Abs(rate-want) > 0.5*want {
		t.Errorf("the page shows the throttle at %.0f items/s, /stats %.0f", rate, want)
	}
	shoot(t, ctx, dir, "ui-fm-page.png", "")
	shoot(t, ctx, dir, "ui-fm-graph.png", "#graph-view")
	shoot(t, ctx, dir, "ui-fm-spectrum.png", `[data-display="spectrum"]`)
	shoot(t, ctx, dir, "ui-fm-waterfall.png", `[data-display="waterfall"]`)
	shoot(t, ctx, dir, "ui-fm-audio-scope.png", `[data-display="audio_scope"]`)
	shoot(t, ctx, dir, "ui-fm-controls.png", "#controls")
}
