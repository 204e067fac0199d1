// Package ui serves a web app that shows a running flowgraph.Graph: its
// blocks and connections with live statistics (throughput, items in and
// out, time in Work, state, buffer fill), the frames of its display sinks
// (spectrum, waterfall, scope, constellation, number: the blocks that
// implement display.Sink), a control for every settable parameter, built
// from the blocks' registry specs, and one for every bounded variable that
// Options.Variables gives. flowrun run --ui serves it; a Go program serves
// it with Serve or mounts a Server.
//
// The app is plain JavaScript drawing the graph in SVG and the displays on
// canvases, embedded in the binary; it loads nothing from elsewhere. Endpoints:
//
//	GET /                              the app
//	GET /ui/app.js, /ui/style.css      its code and style
//	GET /ui/graph                      blocks, connections with their ports, settable parameters, bounded variables, and their values
//	GET /ui/stats                      the statistics the WebSocket sends
//	GET /ui/ws                         WebSocket: statistics a few times a second, parameter and variable values when they change, display frames as they come
//	PUT /ui/params/{block}/{param}     change a parameter: body {"value": ...}, through flowgraph.Graph.SetContext
//	PUT /ui/variables/{name}           change a variable: body {"value": number}, through Options.Variables
//
// Display frames reach a browser at most at the sink's display rate,
// reduced on the server (spectra to at most MaxBins bins, traces to at
// most MaxPoints points, values quantised to 16 bits) so that a browser
// gets a few hundred kB/s. A client that does not read is dropped after
// Options.WriteTimeout; the graph never waits for a client: the server
// only reads the sinks' newest frames and the graph's counters.
package ui

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/internal/httpstatus"

	"github.com/flowrun/flowrun/internal/jsonvalue"

	"github.com/coder/websocket"

	"github.com/flowrun/flowrun/display"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/registry"
)

//go:embed web
var web embed.FS

// Options configure a Server. The zero value serves on loopback only.
type Options struct {
	// Name is the graph's name, shown in the page's title.
	Name string
	// Guard wraps every request's handler: it decides which requests reach
	// the UI (flowrun run passes the control API's checks: Host, Origin,
	// JSON bodies, a bearer token when not on loopback). Nil means
	// LoopbackOnly.
	Guard func(http.Handler) http.Handler
	// Fallback serves the paths the UI does not (flowrun run mounts its
	// control API there), behind Guard too; nil answers 404.
	Fallback http.Handler
	// StatsInterval is the time between two statistics messages (default 250 ms).
	StatsInterval time.Duration
	// WriteTimeout is how long a write to a WebSocket client may take
	// before the server drops the client (default 5 s).
	WriteTimeout time.Duration
	// MaxClients bounds the WebSocket clients served at once (default 8).
	MaxClients int
	// Variables are the graph's bounded variables, each shown with a
	// control; nil means none. flowrun run passes those of its graph file.
	Variables Variables
}

// Variables are variables of a graph that a control changes while it
// runs: a graph file's bounded variables, whose change sets the block
// parameters written with them (graphfile.Loaded.SetVariable). Their
// methods may be called from several goroutines at once.
type Variables interface {
	// Variables returns the variables with their current values, in the
	// order the controls show them.
	Variables() []Variable
	// SetVariable changes variable name to value, or returns why not.
	SetVariable(ctx context.Context, name string, value float64) error
}

// Variable is a variable of a graph and its bounds: nil when it has none.
// Step is what a control moves it by.
type Variable struct {
	Name           string
	Value          float64
	Min, Max, Step *float64
}

// Server serves the web UI of one graph. Create it with New; Close ends its
// WebSocket sessions.
type Server struct {
	g       *flowgraph.Graph
	o       Options
	h       http.Handler
	start   time.Time
	sinks   []sinkRef
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	clients atomic.Int32
	dropped atomic.Uint64 // clients dropped because a write timed out
	writing atomic.Int64  // when the latest WebSocket write began (UnixNano), 0 once it ended
}

// sinkRef is a display sink of the graph.
type sinkRef struct {
	name    string
	sink    display.Sink
	dropped *atomic.Uint64 // Frame.Dropped of the newest frame a session took
}

// setTimeout bounds the wait for a block to take a parameter change.
const setTimeout = 5 * time.Second

// maxBody bounds a request body.
const maxBody = 1 << 20

// New returns the UI server of g, which may be running or not yet.
func New(g *flowgraph.Graph, o Options) *Server {
	if o.StatsInterval <= 0 {
		o.StatsInterval = 250 * time.Millisecond
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 5 * time.Second
	}
	if o.MaxClients <= 0 {
		o.MaxClients = 8
	}
	if o.Guard == nil {
		o.Guard = LoopbackOnly
	}
	s := &Server{g: g, o: o, start: time.Now()}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	for _, name := range g.Blocks() {
		if d, ok := g.Block(name).(display.Sink); ok {
			s.sinks = append(s.sinks, sinkRef{name, d, new(atomic.Uint64)})
		}
	}
	assets, _ := fs.Sub(web, "web")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.Handle("GET /ui/app.js", http.StripPrefix("/ui/", http.FileServerFS(assets)))
	mux.Handle("GET /ui/style.css", http.StripPrefix("/ui/", http.FileServerFS(assets)))
	mux.HandleFunc("GET /ui/graph", s.graph)
	mux.HandleFunc("GET /ui/stats", s.stats)
	mux.HandleFunc("GET /ui/ws", s.ws)
	mux.HandleFunc("PUT /ui/params/{block}/{param}", s.setParam)
	mux.HandleFunc("PUT /ui/variables/{name}", s.setVariable)
	fallback := o.Fallback
	if fallback == nil {
		fallback = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, fmt.Errorf("no endpoint %s %s", r.Method, r.URL.Path))
		})
	}
	mux.Handle("/", fallback)
	s.h = o.Guard(mux)
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

// Close ends every WebSocket session and waits for them. Requests that
// come later are still answered, but WebSockets are refused.
func (s *Server) Close() {
	s.cancel()
	s.wg.Wait()
}

// Serve serves the UI of g on ln until ctx is done, then shuts the server
// down. With a nil o.Guard it refuses a listener that is not on a loopback
// address. It returns nil after ctx is done, or the server's error.
func Serve(ctx context.Context, g *flowgraph.Graph, ln net.Listener, o Options) error {
	if o.Guard == nil {
		if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
			return fmt.Errorf("ui: %v is not a loopback address: give Options.Guard to serve others", ln.Addr())
		}
	}
	s := New(g, o)
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		s.Close()
		return fmt.Errorf("ui: %w", err)
	case <-ctx.Done():
	}
	s.Close()
	sctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("ui: %w", err)
	}
	return nil
}

// LoopbackOnly is the Guard of a Server without one: it refuses a request
// whose Host header is not a loopback name or address (421: DNS
// rebinding), one from a page of another origin by its Origin or
// Sec-Fetch-Site header (403), and a body not declared JSON (415: a page
// may post text/plain without asking).
func LoopbackOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		host = strings.Trim(host, "[]")
		ip := net.ParseIP(host)
		if !strings.EqualFold(host, "localhost") && (ip == nil || !ip.IsLoopback()) {
			writeError(w, http.StatusMisdirectedRequest, fmt.Errorf("the Host header %q is not a loopback name", r.Host))
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !strings.EqualFold(o, "http://"+r.Host) {
			writeError(w, http.StatusForbidden, fmt.Errorf("requests from origin %q are refused", o))
			return
		}
		if sfs := r.Header.Get("Sec-Fetch-Site"); sfs != "" && sfs != "same-origin" && sfs != "none" {
			writeError(w, http.StatusForbidden, fmt.Errorf("%s requests are refused (Sec-Fetch-Site)", sfs))
			return
		}
		if ct := r.Header.Get("Content-Type"); ct != "" || r.ContentLength != 0 {
			if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
				writeError(w, http.StatusUnsupportedMediaType, fmt.Errorf("a request body must be sent with Content-Type application/json, not %q", ct))
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// index serves the app's page.
func (s *Server) index(w http.ResponseWriter, _ *http.Request) {
	b, err := web.ReadFile("web/index.html")
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; connect-src 'self'; img-src 'self' data:")
	w.Header().Set("X-Frame-Options", "DENY")
	_, _ = w.Write(b)
}

// paramJSON describes a settable parameter, for the control widgets.
type paramJSON struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"` // "float", "int", "bool", "string", or "value" (shown, not editable)
	Unit    string   `json:"unit,omitempty"`
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
	Allowed []string `json:"allowed,omitempty"`
	Doc     string   `json:"doc,omitempty"`
	Value   any      `json:"value"`
}

type blockJSON struct {
	Name    string      `json:"name"`
	ID      string      `json:"id"`
	Doc     string      `json:"doc,omitempty"`
	Display string      `json:"display,omitempty"` // the display.Sink kind
	Params  []paramJSON `json:"params"`
}

type variableJSON struct {
	Name  string   `json:"name"`
	Value any      `json:"value"`
	Min   *float64 `json:"min,omitempty"`
	Max   *float64 `json:"max,omitempty"`
	Step  *float64 `json:"step,omitempty"`
}

// variables returns the variables of Options.Variables, none if nil.
func (s *Server) variables() []Variable {
	if s.o.Variables == nil {
		return nil
	}
	return s.o.Variables.Variables()
}

type edgeJSON struct {
	Src     string `json:"src"`
	SrcPort string `json:"src_port"`
	Dst     string `json:"dst"`
	DstPort string `json:"dst_port"`
	Type    string `json:"type,omitempty"`
	Message bool   `json:"message,omitempty"`
}

// graph describes the graph for the app.
func (s *Server) graph(w http.ResponseWriter, _ *http.Request) {
	out := struct {
		Name      string         `json:"name"`
		Blocks    []blockJSON    `json:"blocks"`
		Edges     []edgeJSON     `json:"edges"`
		Variables []variableJSON `json:"variables"`
	}{Name: s.o.Name, Blocks: []blockJSON{}, Edges: []edgeJSON{}, Variables: []variableJSON{}}
	for _, v := range s.variables() {
		out.Variables = append(out.Variables, variableJSON{v.Name, jsonvalue.Of(v.Value), v.Min, v.Max, v.Step})
	}
	for _, name := range s.g.Blocks() {
		b := blockJSON{Name: name, ID: fmt.Sprintf("%T", s.g.Block(name)), Params: []paramJSON{}}
		spec := s.g.Spec(name)
		if spec != nil {
			b.ID, b.Doc = spec.ID, spec.Doc
		}
		if d, ok := s.g.Block(name).(display.Sink); ok {
			b.Display = d.DisplayKind()
		}
		for _, p := range s.g.Settable(name) {
			v, err := s.g.Get(name, p)
			if err != nil {
				writeError(w, http.StatusInternalServerError, err)
				return
			}
			b.Params = append(b.Params, describeParam(spec, p, v))
		}
		out.Blocks = append(out.Blocks, b)
	}
	for _, e := range s.g.Edges() {
		out.Edges = append(out.Edges, edgeJSON{e.Src, e.SrcPort, e.Dst, e.DstPort, e.Type, e.Message})
	}
	writeJSON(w, http.StatusOK, out)
}

// describeParam describes setting name with value v, from its spec's Param
// if there is one, else from v's Go type.
func describeParam(spec *registry.Spec, name string, v any) paramJSON {
	p := paramJSON{Name: name, Value: jsonvalue.Of(v)}
	if spec != nil {
		for _, sp := range spec.Params {
			if sp.Name != name {
				continue
			}
			p.Unit, p.Min, p.Max, p.Allowed, p.Doc = sp.Unit, sp.Min, sp.Max, sp.Allowed, sp.Doc
			switch sp.Type {
			case registry.ParamFloat, registry.ParamInt, registry.ParamBool, registry.ParamString:
				p.Type = sp.Type.String()
			default:
				p.Type = "value"
			}
			return p
		}
	}
	switch rv := reflect.ValueOf(v); {
	case rv.Kind() == reflect.Bool:
		p.Type = "bool"
	case rv.CanInt() || rv.CanUint():
		p.Type = "int"
	case rv.CanFloat():
		p.Type = "float"
	case rv.Kind() == reflect.String:
		p.Type = "string"
	default:
		p.Type = "value"
	}
	return p
}

// setParam changes a parameter through flowgraph.Graph.SetContext, as the
// control API does, and answers with the value it then holds.
func (s *Server) setParam(w http.ResponseWriter, r *http.Request) {
	name, param := r.PathValue("block"), r.PathValue("param")
	var body struct {
		Value any `json:"value"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	if err := dec.Decode(&body); err != nil || body.Value == nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("body: want {\"value\": ...} with a value: %v", err))
		return
	}
	if err := dec.Decode(new(json.RawMessage)); err != io.EOF {
		writeError(w, http.StatusBadRequest, errors.New("body: want one JSON object"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), setTimeout)
	defer cancel()
	if err := s.g.SetContext(ctx, name, param, body.Value); err != nil {
		writeError(w, httpstatus.Of(err), err)
		return
	}
	v, err := s.g.Get(name, param)
	if err != nil {
		writeError(w, httpstatus.Of(err), err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"block": name, "param": param, "value": jsonvalue.Of(v)})
}

// setVariable changes a variable through Options.Variables, as the
// control API does, and answers with the value it then holds.
func (s *Server) setVariable(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	i := slices.IndexFunc(s.variables(), func(v Variable) bool { return v.Name == name })
	if i < 0 {
		writeError(w, http.StatusNotFound, fmt.Errorf("no variable %q", name))
		return
	}
	var body struct {
		Value *float64 `json:"value"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	if err := dec.Decode(&body); err != nil || body.Value == nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("body: want {\"value\": number}: %v", err))
		return
	}
	if err := dec.Decode(new(json.RawMessage)); err != io.EOF {
		writeError(w, http.StatusBadRequest, errors.New("body: want one JSON object"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), setTimeout)
	defer cancel()
	if err := s.o.Variables.SetVariable(ctx, name, *body.Value); err != nil {
		writeError(w, httpstatus.Of(err), err)
		return
	}
	for _, v := range s.variables() {
		if v.Name == name {
			writeJSON(w, http.StatusOK, map[string]any{"name": name, "value": jsonvalue.Of(v.Value)})
			return
		}
	}
	writeError(w, http.StatusNotFound, fmt.Errorf("no variable %q", name))
}

// statsJSON is one block's statistics.
type statsJSON struct {
	Name        string   `json:"name"`
	State       string   `json:"state"`
	WorkCalls   uint64   `json:"work_calls"`
	Consumed    []uint64 `json:"items_in"`
	Produced    []uint64 `json:"items_out"`
	Fill        []int    `json:"buffered_out"`
	Capacity    []int    `json:"capacity_out"`
	WorkSeconds float64  `json:"work_seconds"`
	WaitSeconds float64  `json:"wait_seconds"`
	Dropped     *uint64  `json:"frames_dropped,omitempty"` // a display sink's frames replaced before a client took them, as of the newest taken
}

type statsMsg struct {
	Type    string      `json:"t"` // "stats"
	Seconds float64     `json:"seconds"`
	Blocks  []statsJSON `json:"blocks"`
}

// snapshot reads the graph's statistics.
func (s *Server) snapshot() statsMsg {
	st := s.g.Stats()
	m := statsMsg{Type: "stats", Seconds: time.Since(s.start).Seconds(), Blocks: make([]statsJSON, len(st))}
	for i, b := range st {
		m.Blocks[i] = statsJSON{Name: b.Name, State: b.State.String(), WorkCalls: b.WorkCalls,
			Consumed: nonNil(b.Consumed), Produced: nonNil(b.Produced), Fill: nonNil(b.Fill), Capacity: nonNil(b.Capacity),
			WorkSeconds: b.WorkTime.Seconds(), WaitSeconds: b.WaitTime.Seconds()}
	}
	for _, d := range s.sinks {
		for i := range m.Blocks {
			if m.Blocks[i].Name == d.name {
				n := d.dropped.Load()
				m.Blocks[i].Dropped = &n
			}
		}
	}
	return m
}

func (s *Server) stats(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.snapshot())
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// paramsMsg is the values of every settable parameter: block → param →
// value, and of every variable of Options.Variables: name → value.
type paramsMsg struct {
	Type      string                    `json:"t"` // "params"
	Values    map[string]map[string]any `json:"values"`
	Variables map[string]any            `json:"variables,omitempty"`
}

// params reads every settable parameter and variable.
func (s *Server) params() paramsMsg {
	m := paramsMsg{Type: "params", Values: map[string]map[string]any{}}
	for _, name := range s.g.Blocks() {
		for _, p := range s.g.Settable(name) {
			if v, err := s.g.Get(name, p); err == nil {
				if m.Values[name] == nil {
					m.Values[name] = map[string]any{}
				}
				m.Values[name][p] = jsonvalue.Of(v)
			}
		}
	}
	for _, v := range s.variables() {
		if m.Variables == nil {
			m.Variables = map[string]any{}
		}
		m.Variables[v.Name] = jsonvalue.Of(v.Value)
	}
	return m
}

// ws serves one WebSocket client: statistics every StatsInterval, with the
// settable parameters' values when one changed, and each display sink's new
// frames, polled framePoll apart.
func (s *Server) ws(w http.ResponseWriter, r *http.Request) {
	if s.ctx.Err() != nil {
		writeError(w, http.StatusServiceUnavailable, errors.New("the UI server is closing"))
		return
	}
	if int(s.clients.Add(1)) > s.o.MaxClients {
		s.clients.Add(-1)
		writeError(w, http.StatusServiceUnavailable, fmt.Errorf("already %d clients", s.o.MaxClients))
		return
	}
	defer s.clients.Add(-1)
	// The guard has checked Origin against Host already.
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled, InsecureSkipVerify: true})
	if err != nil {
		return // Accept wrote the response
	}
	s.wg.Add(1)
	defer s.wg.Done()
	ctx := c.CloseRead(s.ctx) // the client sends nothing; this answers pings and sees the close
	err = s.session(ctx, c)
	if errors.Is(err, context.DeadlineExceeded) {
		s.dropped.Add(1)
		c.CloseNow()
		return
	}
	c.Close(websocket.StatusNormalClosure, "")
}

// framePoll is how often a session looks for new display frames: the
// highest display rate (a sink faster than that loses frames, counted as
// dropped).
const framePoll = time.Second / 120

// session sends to c until ctx is done or a write fails.
func (s *Server) session(ctx context.Context, c *websocket.Conn) error {
	seen := make([]uint64, len(s.sinks))
	var lastParams []byte
	write := func(b []byte) error {
		wctx, cancel := context.WithTimeout(ctx, s.o.WriteTimeout)
		defer cancel()
		s.writing.Store(time.Now().UnixNano())
		defer s.writing.Store(0)
		return c.Write(wctx, websocket.MessageText, b)
	}
	send := func(v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("ui: %w", err)
		}
		return write(b)
	}
	if err := send(s.snapshot()); err != nil {
		return err
	}
	frames := time.NewTicker(framePoll)
	defer frames.Stop()
	stats := time.NewTicker(s.o.StatsInterval)
	defer stats.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-stats.C:
			if err := send(s.snapshot()); err != nil {
				return err
			}
			// The settable parameters and variables, when one changed
			// (from another client, the control API, a message or a
			// tag): the page's controls follow.
			p, err := json.Marshal(s.params())
			if err != nil {
				return fmt.Errorf("ui: %w", err)
			}
			if !bytes.Equal(p, lastParams) {
				lastParams = p
				if err := write(p); err != nil {
					return err
				}
			}
		case <-frames.C:
			for i, d := range s.sinks {
				f := d.sink.Frame(seen[i])
				if f == nil {
					continue
				}
				seen[i] = f.Seq
				d.dropped.Store(f.Dropped)
				if err := send(encodeFrame(d.name, d.sink.DisplayKind(), f)); err != nil {
					return err
				}
			}
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(map[string]string{"error": "encoding the response: " + err.Error()})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
