package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// node is a block of a test graph, built from the standard registry.
type node struct {
	name, id string
	params   map[string]any
}

// build makes a graph of the standard blocks, with their specs, connected
// in a chain in the order given.
func build(t *testing.T, nodes ...node) *flowgraph.Graph {
	t.Helper()
	reg := blocks.NewRegistry()
	g := flowgraph.New()
	for i, n := range nodes {
		b, err := reg.Build(n.id, n.params)
		if err != nil {
			t.Fatal(err)
		}
		spec, _ := reg.Lookup(n.id)
		if err := errors.Join(g.Add(n.name, b), g.SetSpec(n.name, spec)); err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			if err := g.ConnectByName(nodes[i-1].name, "out", n.name, "in", 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	return g
}

// toneGraph is signal_source (a complex tone of 1 kHz at 48 kS/s) →
// throttle → freq_sink.
func toneGraph(t *testing.T) *flowgraph.Graph {
	return build(t,
		node{"src", "signal_source", map[string]any{"frequency": 1000.0, "sample_rate": 48000.0}},
		node{"throttle", "throttle", map[string]any{"sample_rate": 48000.0}},
		node{"spectrum", "freq_sink", map[string]any{"fft_size": 1024, "sample_rate": 48000.0}})
}

// serve serves the UI of g on a loopback port until the test ends.
func serve(t *testing.T, g *flowgraph.Graph, o Options) (*Server, *httptest.Server) {
	t.Helper()
	s := New(g, o)
	hs := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); hs.Close() })
	return s, hs
}

// runGraph runs g until the test ends; wait waits for Run's result.
func runGraph(t *testing.T, g *flowgraph.Graph) (wait func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var err error
	go func() { err = g.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return func() error { <-done; return err }
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	r, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, r.Status)
	}
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func TestGraphDescribesBlocksEdgesAndControls(t *testing.T) {
	_, hs := serve(t, toneGraph(t), Options{Name: "tone"})
	var g struct {
		Name   string      `json:"name"`
		Blocks []blockJSON `json:"blocks"`
		Edges  []edgeJSON  `json:"edges"`
	}
	getJSON(t, hs.URL+"/ui/graph", &g)
	if g.Name != "tone" || len(g.Blocks) != 3 || len(g.Edges) != 2 {
		t.Fatalf("graph %+v", g)
	}
	if e := g.Edges[1]; e.Src != "throttle" || e.Dst != "spectrum" || e.Type != "complex64" {
		t.Errorf("edge %+v", e)
	}
	if b := g.Blocks[2]; b.ID != "freq_sink" || b.Display != "spectrum" {
		t.Errorf("sink %+v", b)
	}
	params := map[string]paramJSON{}
	for _, p := range g.Blocks[0].Params {
		params[p.Name] = p
	}
	if f := params["frequency"]; f.Type != "float" || f.Unit != "Hz" || f.Value != 1000.0 {
		t.Errorf("signal_source.frequency %+v", f)
	}
	for _, p := range g.Blocks[2].Params {
		if p.Name == "average" && (p.Min == nil || *p.Min != 0.001 || *p.Max != 1) {
			t.Errorf("freq_sink.average: bounds %v, %v", p.Min, p.Max)
		}
	}
	r, err := http.Get(hs.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if ct := r.Header.Get("Content-Type"); r.StatusCode != 200 || !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET /: %s %s", r.Status, ct)
	}
}

func put(t *testing.T, url, body string, hdr map[string]string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(r.Body).Decode(&m)
	return r.StatusCode, m
}

func TestSetParamChangesTheRunningGraph(t *testing.T) {
	g := toneGraph(t)
	_, hs := serve(t, g, Options{})
	runGraph(t, g)
	code, m := put(t, hs.URL+"/ui/params/src/frequency", `{"value": 5000}`, nil)
	if code != http.StatusOK || m["value"] != 5000.0 {
		t.Fatalf("PUT: %d %v", code, m)
	}
	if v, _ := g.Get("src", "frequency"); v != 5000.0 {
		t.Errorf("the graph holds %v", v)
	}
	for _, c := range []struct {
		path, body string
		want       int
	}{
		{"/ui/params/nope/frequency", `{"value": 1}`, http.StatusNotFound},
		{"/ui/params/src/nope", `{"value": 1}`, http.StatusNotFound},
		{"/ui/params/spectrum/average", `{"value": 2}`, http.StatusBadRequest}, // above its bound
		{"/ui/params/src/frequency", `{"value": null}`, http.StatusBadRequest},
	} {
		if code, m := put(t, hs.URL+c.path, c.body, nil); code != c.want {
			t.Errorf("PUT %s %s: %d %v, want %d", c.path, c.body, code, m, c.want)
		}
	}
}

// toneVariable is a variable "f" in [-20000, 20000] that sets
// src.frequency, as a graph file's variable does.
type toneVariable struct {
	g  *flowgraph.Graph
	mu sync.Mutex
	f  float64
}

func (v *toneVariable) Variables() []Variable {
	v.mu.Lock()
	defer v.mu.Unlock()
	lo, hi, step := -20000.0, 20000.0, 500.0
	return []Variable{{Name: "f", Value: v.f, Min: &lo, Max: &hi, Step: &step}}
}

func (v *toneVariable) SetVariable(ctx context.Context, name string, value float64) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if name != "f" {
		return fmt.Errorf("no variable %q", name)
	}
	if value < -20000 || value > 20000 {
		return fmt.Errorf("f = %v is out of its bounds", value)
	}
	if err := v.g.SetContext(ctx, "src", "frequency", value); err != nil {
		return err
	}
	v.f = value
	return nil
}

func TestSetVariableChangesTheRunningGraph(t *testing.T) {
	g := toneGraph(t)
	_, hs := serve(t, g, Options{Variables: &toneVariable{g: g, f: 1000}})
	runGraph(t, g)
	var desc struct {
		Variables []variableJSON `json:"variables"`
	}
	getJSON(t, hs.URL+"/ui/graph", &desc)
	if len(desc.Variables) != 1 || desc.Variables[0].Name != "f" || desc.Variables[0].Value != 1000.0 ||
		*desc.Variables[0].Min != -20000 || *desc.Variables[0].Max != 20000 || *desc.Variables[0].Step != 500 {
		t.Fatalf("variables %+v", desc.Variables)
	}
	code, m := put(t, hs.URL+"/ui/variables/f", `{"value": 5000}`, nil)
	if code != http.StatusOK || m["value"] != 5000.0 {
		t.Fatalf("PUT: %d %v", code, m)
	}
	if v, _ := g.Get("src", "frequency"); v != 5000.0 {
		t.Errorf("the graph holds frequency %v", v)
	}
	for _, c := range []struct {
		path, body string
		want       int
	}{
		{"/ui/variables/nope", `{"value": 1}`, http.StatusNotFound},
		{"/ui/variables/f", `{"value": "1"}`, http.StatusBadRequest},
		{"/ui/variables/f", `{"value": null}`, http.StatusBadRequest},
		{"/ui/variables/f", `{"value": 30000}`, http.StatusUnprocessableEntity}, // refused by SetVariable
	} {
		if code, m := put(t, hs.URL+c.path, c.body, nil); code != c.want {
			t.Errorf("PUT %s %s: %d %v, want %d", c.path, c.body, code, m, c.want)
		}
	}
	if v, _ := g.Get("src", "frequency"); v != 5000.0 {
		t.Errorf("after the refused changes, the graph holds frequency %v", v)
	}
	_, hs = serve(t, g, Options{})
	if code, m := put(t, hs.URL+"/ui/variables/f", `{"value": 1}`, nil); code != http.StatusNotFound {
		t.Errorf("PUT without Options.Variables: %d %v, want 404", code, m)
	}
}

func TestLoopbackOnlyRefusesOtherHostsOriginsAndBodies(t *testing.T) {
	_, hs := serve(t, toneGraph(t), Options{})
	for _, c := range []struct {
		name string
		hdr  map[string]string
		want int
	}{
		{"rebinding", map[string]string{"Host": "evil.example:80"}, http.StatusMisdirectedRequest},
		{"other origin", map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"text body", map[string]string{"Content-Type": "text/plain"}, http.StatusUnsupportedMediaType},
	} {
		req, _ := http.NewRequest(http.MethodPut, hs.URL+"/ui/params/src/frequency", strings.NewReader(`{"value": 1}`))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range c.hdr {
			req.Header.Set(k, v)
			if k == "Host" {
				req.Host = v
			}
		}
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != c.want {
			t.Errorf("%s: %s, want %d", c.name, r.Status, c.want)
		}
	}
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Skip(err)
	}
	defer ln.Close()
	if err := Serve(context.Background(), toneGraph(t), ln, Options{}); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("Serve on %v without a guard: %v", ln.Addr(), err)
	}
}

func TestWebSocketSendsStatisticsAndFrames(t *testing.T) {
	g := toneGraph(t)
	_, hs := serve(t, g, Options{StatsInterval: 50 * time.Millisecond})
	runGraph(t, g)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(hs.URL, "http")+"/ui/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	var stats, frame bool
	for !stats || !frame {
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			T     string          `json:"t"`
			Block string          `json:"block"`
			Data  json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		switch m.T {
		case "stats":
			stats = true
		case "frame":
			var d spectrumMsg
			if err := json.Unmarshal(m.Data, &d); err != nil {
				t.Fatal(err)
			}
			if m.Block != "spectrum" || d.Bins != 1024 || len(d.Power.Q) != 2048 {
				t.Fatalf("frame of %q: %d bins, %d bytes", m.Block, d.Bins, len(d.Power.Q))
			}
			frame = true
		}
	}
	c.Close(websocket.StatusNormalClosure, "")
}

// source produces complex zeros as fast as it is let until stop is set.
type source struct {
	Out      block.Out[complex64]
	stop     atomic.Bool
	produced atomic.Uint64
}

func (s *source) Work(*block.IO) error {
	if s.stop.Load() {
		return block.ErrDone
	}
	out := s.Out.Slice()
	for i := range out {
		out[i] = complex(float32(i&7), 0)
	}
	s.Out.Produce(len(out))
	s.produced.Add(uint64(len(out)))
	return nil
}

// smallBuffers makes the server's side of every connection buffer little,
// so that a client that does not read stalls the server's writes soon.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(8 << 10)
	}
	return c, err
}

func TestStalledClientDoesNotSlowTheGraph(t *testing.T) {
	src := &source{}
	reg := blocks.NewRegistry()
	g := flowgraph.New()
	if err := g.Add("src", src); err != nil {
		t.Fatal(err)
	}
	// Three sinks sending as much as they may: the client falls behind fast.
	for _, n := range []node{
		{"wf", "waterfall_sink", map[string]any{"fft_size": 2048, "rate": 120.0}},
		{"spectrum", "freq_sink", map[string]any{"fft_size": 2048, "rate": 120.0, "max_hold": true}},
		{"scope", "time_sink", map[string]any{"length": 4096, "rate": 120.0}},
	} {
		b, err := reg.Build(n.id, n.params)
		if err != nil {
			t.Fatal(err)
		}
		if err := errors.Join(g.Add(n.name, b), g.ConnectByName("src", "out", n.name, "in", 0)); err != nil {
			t.Fatal(err)
		}
	}
	s := New(g, Options{WriteTimeout: 10 * time.Second})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &httptest.Server{Listener: smallBuffers{ln}, Config: &http.Server{Handler: s}}
	hs.Start()
	defer func() { s.Close(); hs.Close() }()
	wait := runGraph(t, g)

	items := func() uint64 { return g.Stats()[1].Consumed[0] }

	// The client: a tiny receive buffer, and it never reads.
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(4 << 10)
		}
		return c, err
	}}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(hs.URL, "http")+"/ui/ws", &websocket.DialOptions{HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	// Wait until the server is stuck writing to the client, then watch the
	// graph while it is (the write timeout is 10 s). No timing bound: a
	// graph that waited for the client would move nothing until the write
	// times out; this one must move a million items while it is blocked.
	for {
		if w := s.writing.Load(); w != 0 && time.Since(time.Unix(0, w)) > 200*time.Millisecond {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("the server's writes to the client that does not read never blocked")
		}
		time.Sleep(5 * time.Millisecond)
	}
	const moved = 1 << 20
	a := items()
	for items() < a+moved {
		if s.dropped.Load() != 0 || s.writing.Load() == 0 {
			t.Fatalf("the graph moved %d items while the server was blocked writing to a client that does not read (want %d)", items()-a, moved)
		}
		time.Sleep(5 * time.Millisecond)
	}
	for s.dropped.Load() == 0 {
		if ctx.Err() != nil {
			t.Fatal("the server never dropped the client that does not read")
		}
		time.Sleep(10 * time.Millisecond)
	}
	src.stop.Store(true)
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	st := g.Stats()
	for _, b := range st[1:] {
		if b.Consumed[0] != src.produced.Load() {
			t.Errorf("%s consumed %d of %d items", b.Name, b.Consumed[0], src.produced.Load())
		}
	}
}
