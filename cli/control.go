package cli

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/internal/httpstatus"

	"github.com/flowrun/flowrun/internal/jsonvalue"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
)

// The control API of flowrun run --control ADDR: JSON over HTTP.
//
//	GET  /blocks                          blocks, their ports and settable parameters, edges
//	GET  /blocks/{name}                   one block, with the values of its settable parameters
//	GET  /stats                           live per-block statistics
//	GET  /blocks/{name}/params/{param}    a settable parameter's value
//	PUT  /blocks/{name}/params/{param}    change it: body {"value": ...} (POST too)
//	GET  /variables                       the graph's variables, values and bounds
//	GET  /variables/{name}                one variable
//	PUT  /variables/{name}                change it, and the parameters written with it:
//	                                      body {"value": number} (POST too; see graphfile.Loaded.SetVariable)
//	POST /stop                            stop the graph cleanly
//
// Errors are 4xx (5xx for a block that does not answer) with {"error": "..."}.
//
// Every request passes controlAccess.guard first, so that a web page the
// user happens to visit cannot drive the API (cross-site requests, DNS
// rebinding): the Host header must name this server (421), a request from a
// browser page must come from the server's own origin (403), a body must be
// JSON (415: a page can post text/plain without a CORS preflight, never
// application/json), and, when a token is set (always on a non-loopback
// address), the request must carry it as "Authorization: Bearer TOKEN"
// (401). Only PUT and POST change anything.

// controlSetTimeout bounds the wait for a block to take a request between
// two Work calls.
const controlSetTimeout = 5 * time.Second

// controlMaxBody bounds a request body.
const controlMaxBody = 1 << 20

type controlFlags struct {
	addr        string
	allowRemote bool
	token       string
}

func addControlFlags(cmd *cobra.Command) *controlFlags {
	var f controlFlags
	cmd.Flags().StringVar(&f.addr, "control", "", "serve the control API (JSON over HTTP) on this address, e.g. 127.0.0.1:8090")
	cmd.Flags().BoolVar(&f.allowRemote, "control-allow-remote", false,
		"let --control listen on a non-loopback address (requests then need a bearer token: --control-token, or one generated and printed)")
	cmd.Flags().StringVar(&f.token, "control-token", "", "require this bearer token (Authorization: Bearer TOKEN) on every control API request")
	return &f
}

// checkControlAddr refuses addresses other than loopback ones unless remote
// access was allowed.
func checkControlAddr(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--control %q: %v (want host:port, e.g. 127.0.0.1:8090)", addr, err)
	}
	if allowRemote {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--control %q: not a loopback address: "+
		"use 127.0.0.1 or [::1], or add --control-allow-remote (a bearer token is then required)", addr)
}

// controlServer serves the control API of one run.
type controlServer struct {
	srv     *http.Server
	addr    string
	served  chan struct{}
	once    sync.Once
	stopped atomic.Bool // POST /stop was called
}

// startControl listens on f.addr (nothing if empty) and serves the API for
// l; POST /stop calls stop. A nil server (no --control) is valid.
func startControl(cmd *cobra.Command, f *controlFlags, l *graphfile.Loaded, stop func()) (*controlServer, error) {
	if f.addr == "" {
		return nil, nil
	}
	if err := checkControlAddr(f.addr, f.allowRemote); err != nil {
		return nil, badInput(err)
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return nil, badInput(fmt.Errorf("--control: %w", err))
	}
	tcp := ln.Addr().(*net.TCPAddr)
	if !f.allowRemote && !tcp.IP.IsLoopback() {
		ln.Close()
		return nil, badInput(fmt.Errorf("--control %q resolves to %v, not a loopback address (add --control-allow-remote)", f.addr, tcp.IP))
	}
	token, generated := f.token, false
	if token == "" && !tcp.IP.IsLoopback() {
		// Anyone who can reach the address could drive the graph: never
		// without a token.
		if token, err = newControlToken(); err != nil {
			ln.Close()
			return nil, failure(err)
		}
		generated = true
	}
	given, _, _ := net.SplitHostPort(f.addr)
	c := &controlServer{addr: ln.Addr().String(), served: make(chan struct{})}
	c.srv = &http.Server{
		Handler:           newControlHandler(l, func() { c.stopped.Store(true); stop() }, newControlAccess(given, tcp, token)),
		ReadHeaderTimeout: 5 * time.Second,
	}
	go func() {
		defer close(c.served)
		_ = c.srv.Serve(ln)
	}()
	fmt.Fprintf(cmd.ErrOrStderr(), "flowrun: control API on http://%s\n", c.addr)
	if generated {
		fmt.Fprintf(cmd.ErrOrStderr(), "flowrun: control API token (send \"Authorization: Bearer TOKEN\"): %s\n", token)
	}
	return c, nil
}

// newControlToken returns 128 random bits in hex.
func newControlToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("control token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// controlAccess decides which requests reach the control API (see guard).
type controlAccess struct {
	hosts map[string]bool // Host header values that name this server, lower case
	port  string          // the listening port
	anyIP bool            // listening on every address: any IP literal with the port names it
	token string          // required as a bearer token unless empty
}

// newControlAccess accepts the Host names of a server listening on addr,
// given as host in --control; token "" requires none.
func newControlAccess(host string, addr *net.TCPAddr, token string) *controlAccess {
	port := strconv.Itoa(addr.Port)
	a := &controlAccess{hosts: map[string]bool{}, port: port, token: token}
	add := func(h string) {
		h = strings.ToLower(strings.TrimSuffix(h, "."))
		a.hosts[net.JoinHostPort(h, port)] = true
		if port == "80" {
			a.hosts[hostOnly(h)] = true
		}
	}
	if host != "" {
		add(host)
	}
	add(addr.IP.String())
	switch {
	case addr.IP.IsLoopback():
		add("localhost")
		add("127.0.0.1")
		add("::1")
	case addr.IP.IsUnspecified():
		// A DNS rebinding attack needs a name it controls: an IP literal
		// is safe to accept, and the token guards the rest.
		a.anyIP = true
		add("localhost")
		if name, err := os.Hostname(); err == nil {
			add(name)
		}
	}
	return a
}

// hostOnly writes h as a Host header without a port writes it.
func hostOnly(h string) string {
	if strings.Contains(h, ":") {
		return "[" + h + "]"
	}
	return h
}

// hostOK reports whether a Host header names this server.
func (a *controlAccess) hostOK(host string) bool {
	host = strings.ToLower(host)
	if a.hosts[host] {
		return true
	}
	if !a.anyIP {
		return false
	}
	h, p, err := net.SplitHostPort(host)
	if err != nil {
		h, p = strings.Trim(host, "[]"), "80"
	}
	return p == a.port && net.ParseIP(h) != nil
}

// guard refuses, before h sees them: a Host that does not name this server
// (421), a request from another origin, by its Origin or Sec-Fetch-Site
// header (403), one without the token when there is one (401), and a body
// that is not declared JSON (415).
func (a *controlAccess) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.hostOK(r.Host) {
			want := make([]string, 0, len(a.hosts))
			for k := range a.hosts {
				want = append(want, k)
			}
			sort.Strings(want)
			writeError(w, http.StatusMisdirectedRequest, fmt.Errorf("the Host header %q does not name this server (use one of %v)", r.Host, want))
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !strings.EqualFold(o, "http://"+r.Host) {
			writeError(w, http.StatusForbidden, fmt.Errorf("requests from origin %q are refused: only the server's own origin may call the control API", o))
			return
		}
		if s := r.Header.Get("Sec-Fetch-Site"); s != "" && s != "same-origin" && s != "none" {
			writeError(w, http.StatusForbidden, fmt.Errorf("%s requests are refused (Sec-Fetch-Site)", s))
			return
		}
		if a.token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(a.token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="flowrun"`)
				writeError(w, http.StatusUnauthorized, errors.New("missing or wrong bearer token (Authorization: Bearer TOKEN, as given by --control-token or printed at start)"))
				return
			}
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

// close shuts the server down, letting requests in flight finish for a
// moment, and waits for it. Idempotent; nil-safe.
func (c *controlServer) close() {
	if c == nil {
		return
	}
	c.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := c.srv.Shutdown(ctx); err != nil {
			c.srv.Close()
		}
		<-c.served
	})
}

// stopRequested reports whether POST /stop stopped the graph. Nil-safe.
func (c *controlServer) stopRequested() bool { return c != nil && c.stopped.Load() }

// controlAPI holds what the handlers need.
type controlAPI struct {
	l     *graphfile.Loaded
	stop  func()
	start time.Time
	byID  map[string]*graphfile.LoadedBlock
}

// newControlHandler serves the API for l behind acc's checks; POST /stop calls stop.
func newControlHandler(l *graphfile.Loaded, stop func(), acc *controlAccess) http.Handler {
	a := &controlAPI{l: l, stop: stop, start: time.Now(), byID: map[string]*graphfile.LoadedBlock{}}
	for i := range l.Blocks {
		a.byID[l.Blocks[i].Name] = &l.Blocks[i]
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /blocks", a.blocks)
	mux.HandleFunc("GET /blocks/{name}", a.block)
	mux.HandleFunc("GET /stats", a.stats)
	mux.HandleFunc("GET /blocks/{name}/params/{param}", a.getParam)
	mux.HandleFunc("PUT /blocks/{name}/params/{param}", a.setParam)
	mux.HandleFunc("POST /blocks/{name}/params/{param}", a.setParam)
	mux.HandleFunc("POST /blocks/{name}/messages/{port}", a.postMessage)
	mux.HandleFunc("GET /variables", a.variables)
	mux.HandleFunc("GET /variables/{name}", a.variable)
	mux.HandleFunc("PUT /variables/{name}", a.setVariable)
	mux.HandleFunc("POST /variables/{name}", a.setVariable)
	mux.HandleFunc("POST /stop", a.stopGraph)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Errorf("no endpoint %s %s; endpoints: GET /blocks, GET /blocks/{name}, "+
			"GET /stats, GET|PUT|POST /blocks/{name}/params/{param}, POST /blocks/{name}/messages/{port}, POST /stop", r.Method, r.URL.Path))
	})
	return acc.guard(mux)
}

type portJSON struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type blockJSON struct {
	Name     string         `json:"name"`
	ID       string         `json:"id"`
	Inputs   []portJSON     `json:"inputs"`
	Outputs  []portJSON     `json:"outputs"`
	Settable []string       `json:"settable"`
	Params   map[string]any `json:"params,omitempty"` // the settable ones, current values (GET /blocks/{name})
}

type edgeJSON struct {
	Src     string `json:"src"`
	SrcPort string `json:"src_port"`
	Dst     string `json:"dst"`
	DstPort string `json:"dst_port"`
}

func (a *controlAPI) describe(lb *graphfile.LoadedBlock) blockJSON {
	b := blockJSON{Name: lb.Name, ID: lb.ID, Inputs: []portJSON{}, Outputs: []portJSON{}, Settable: a.l.Graph.Settable(lb.Name)}
	if b.Settable == nil {
		b.Settable = []string{}
	}
	if ps, err := port.Find(lb.Block); err == nil {
		for i, n := range ps.InName {
			b.Inputs = append(b.Inputs, portJSON{n, ps.In[i].ItemType().String()})
		}
		for i, n := range ps.OutName {
			b.Outputs = append(b.Outputs, portJSON{n, ps.Out[i].ItemType().String()})
		}
	}
	return b
}

// portName resolves a port reference (name or index) of block name.
func (a *controlAPI) portName(name, ref string, out bool) string {
	lb := a.byID[name]
	if lb == nil {
		return ref
	}
	ps, err := port.Find(lb.Block)
	if err != nil {
		return ref
	}
	i := ps.Lookup(ref, out)
	switch {
	case i < 0:
		return ref
	case out:
		return ps.OutName[i]
	}
	return ps.InName[i]
}

func (a *controlAPI) blocks(w http.ResponseWriter, _ *http.Request) {
	out := struct {
		Graph  string      `json:"graph"`
		Blocks []blockJSON `json:"blocks"`
		Edges  []edgeJSON  `json:"edges"`
	}{Graph: a.l.Name, Blocks: []blockJSON{}, Edges: []edgeJSON{}}
	for i := range a.l.Blocks {
		out.Blocks = append(out.Blocks, a.describe(&a.l.Blocks[i]))
	}
	for _, c := range a.l.Connections {
		out.Edges = append(out.Edges, edgeJSON{c[0], a.portName(c[0], c[1], true), c[2], a.portName(c[2], c[3], false)})
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *controlAPI) lookup(w http.ResponseWriter, name string) *graphfile.LoadedBlock {
	lb := a.byID[name]
	if lb == nil {
		names := make([]string, 0, len(a.byID))
		for n := range a.byID {
			names = append(names, n)
		}
		sort.Strings(names)
		writeError(w, http.StatusNotFound, fmt.Errorf("%w: %q (blocks: %v)", flowgraph.ErrUnknownBlock, name, names))
	}
	return lb
}

func (a *controlAPI) block(w http.ResponseWriter, r *http.Request) {
	lb := a.lookup(w, r.PathValue("name"))
	if lb == nil {
		return
	}
	b := a.describe(lb)
	b.Params = map[string]any{}
	for _, p := range b.Settable {
		v, err := a.l.Graph.Get(lb.Name, p)
		if err != nil {
			writeError(w, httpstatus.Of(err), err)
			return
		}
		b.Params[p] = jsonvalue.Of(v)
	}
	writeJSON(w, http.StatusOK, b)
}

type statsJSON struct {
	Name        string      `json:"name"`
	ID          string      `json:"id"`
	WorkCalls   uint64      `json:"work_calls"`
	Consumed    []uint64    `json:"items_in"`
	Produced    []uint64    `json:"items_out"`
	Fill        []int       `json:"buffered_out"`
	Buffers     []outBuffer `json:"out_buffers"` // capacity, limit, rate and latency per output
	WorkSeconds float64     `json:"work_seconds"`
	WaitSeconds float64     `json:"wait_seconds"`
	Finished    bool        `json:"finished"`
}

func (a *controlAPI) stats(w http.ResponseWriter, _ *http.Request) {
	st := a.l.Graph.Stats()
	out := struct {
		Graph   string      `json:"graph"`
		Seconds float64     `json:"seconds"`
		Blocks  []statsJSON `json:"blocks"`
	}{Graph: a.l.Name, Seconds: time.Since(a.start).Seconds(), Blocks: make([]statsJSON, len(st))}
	for i, s := range st {
		out.Blocks[i] = statsJSON{Name: s.Name, ID: a.l.Blocks[i].ID, WorkCalls: s.WorkCalls,
			Consumed: nonNil(s.Consumed), Produced: nonNil(s.Produced), Fill: nonNil(s.Fill), Buffers: outBuffers(s),
			WorkSeconds: s.WorkTime.Seconds(), WaitSeconds: s.WaitTime.Seconds(), Finished: s.Finished}
	}
	writeJSON(w, http.StatusOK, out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

type paramJSON struct {
	Block string `json:"block"`
	Param string `json:"param"`
	Value any    `json:"value"`
}

func (a *controlAPI) getParam(w http.ResponseWriter, r *http.Request) {
	lb := a.lookup(w, r.PathValue("name"))
	if lb == nil {
		return
	}
	p := r.PathValue("param")
	v, err := a.l.Graph.Get(lb.Name, p)
	if err != nil {
		writeError(w, httpstatus.Of(err), err)
		return
	}
	writeJSON(w, http.StatusOK, paramJSON{lb.Name, p, jsonvalue.Of(v)})
}

func (a *controlAPI) setParam(w http.ResponseWriter, r *http.Request) {
	lb := a.lookup(w, r.PathValue("name"))
	if lb == nil {
		return
	}
	p := r.PathValue("param")
	v, ok := decodeValue(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), controlSetTimeout)
	defer cancel()
	if err := a.l.Graph.SetContext(ctx, lb.Name, p, v); err != nil {
		writeError(w, httpstatus.Of(err), err)
		return
	}
	nv, err := a.l.Graph.Get(lb.Name, p)
	if err != nil {
		writeError(w, httpstatus.Of(err), err)
		return
	}
	writeJSON(w, http.StatusOK, paramJSON{lb.Name, p, jsonvalue.Of(nv)})
}

// decodeValue reads a body {"value": ...} with a non-null value; it writes
// the 400 response itself when the body is bad.
func decodeValue(w http.ResponseWriter, r *http.Request) (any, bool) {
	var body map[string]json.RawMessage
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, controlMaxBody))
	if err := dec.Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("body: want a JSON object {\"value\": ...}: %v", err))
		return nil, false
	}
	if err := dec.Decode(new(json.RawMessage)); err != io.EOF {
		writeError(w, http.StatusBadRequest, errors.New("body: want one JSON object {\"value\": ...}, found more"))
		return nil, false
	}
	raw, ok := body["value"]
	if !ok || len(body) != 1 {
		writeError(w, http.StatusBadRequest, errors.New("body: want exactly one field, {\"value\": ...}"))
		return nil, false
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && strings.HasPrefix(te.Value, "number") {
			err = fmt.Errorf("%s is out of range (a float64 holds magnitudes up to %g)", te.Value, math.MaxFloat64)
		}
		writeError(w, http.StatusBadRequest, fmt.Errorf("body: \"value\": %w", err))
		return nil, false
	}
	if v == nil {
		writeError(w, http.StatusBadRequest, errors.New("body: \"value\" must not be null"))
		return nil, false
	}
	return v, true
}

// postMessage delivers {"value": ...} to a message input of a running block.
func (a *controlAPI) postMessage(w http.ResponseWriter, r *http.Request) {
	lb := a.lookup(w, r.PathValue("name"))
	if lb == nil {
		return
	}
	port := r.PathValue("port")
	x, ok := decodeValue(w, r)
	if !ok {
		return
	}
	v, err := pmt.FromAny(x)
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("value: %w", err))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), controlSetTimeout)
	defer cancel()
	switch err := a.l.Graph.Send(ctx, lb.Name, port, v); {
	case errors.Is(err, flowgraph.ErrUnknownPort):
		writeError(w, http.StatusNotFound, err)
	case errors.Is(err, block.ErrMsgNotRunning):
		writeError(w, http.StatusConflict, fmt.Errorf("%s.%s: %w", lb.Name, port, err))
	case errors.Is(err, block.ErrMsgDropped):
		writeError(w, http.StatusServiceUnavailable, fmt.Errorf("%s.%s: %w", lb.Name, port, err))
	case err != nil:
		writeError(w, httpstatus.Of(err), err)
	default:
		writeJSON(w, http.StatusAccepted, map[string]any{"block": lb.Name, "port": port, "posted": v.String()})
	}
}

// variableJSON is a variable of the graph.
type variableJSON struct {
	Name  string   `json:"name"`
	Value float64  `json:"value"`
	Min   *float64 `json:"min,omitempty"`
	Max   *float64 `json:"max,omitempty"`
	Step  *float64 `json:"step,omitempty"`
}

// variableJSON describes variable name. It reads only the fields that
// Loaded.SetVariable does not write (a copy of a Variable would read its
// Value, which SetVariable writes under the Loaded's lock), and the value
// under that lock.
func (a *controlAPI) variableJSON(name string) (variableJSON, bool) {
	for i := range a.l.Variables {
		if v := &a.l.Variables[i]; v.Name == name {
			value, _ := a.l.Variable(name)
			return variableJSON{v.Name, value, v.Min, v.Max, v.Step}, true
		}
	}
	return variableJSON{}, false
}

func (a *controlAPI) variables(w http.ResponseWriter, _ *http.Request) {
	out := []variableJSON{}
	for i := range a.l.Variables {
		vj, _ := a.variableJSON(a.l.Variables[i].Name)
		out = append(out, vj)
	}
	writeJSON(w, http.StatusOK, map[string]any{"variables": out})
}

func (a *controlAPI) variable(w http.ResponseWriter, r *http.Request) {
	vj, ok := a.variableJSON(r.PathValue("name"))
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Errorf("%w: %q", graphfile.ErrUnknownVariable, r.PathValue("name")))
		return
	}
	writeJSON(w, http.StatusOK, vj)
}

func (a *controlAPI) setVariable(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	x, ok := decodeValue(w, r)
	if !ok {
		return
	}
	f, ok := x.(float64)
	if !ok {
		writeError(w, http.StatusBadRequest, fmt.Errorf("body: \"value\": a variable is a number, not %s", jsonKind(x)))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), controlSetTimeout)
	defer cancel()
	if err := a.l.SetVariable(ctx, name, f); err != nil {
		status := httpstatus.Of(err)
		switch {
		case errors.Is(err, graphfile.ErrUnknownVariable):
			status = http.StatusNotFound
		case errors.Is(err, graphfile.ErrBadVariable):
			status = http.StatusBadRequest
		}
		writeError(w, status, err)
		return
	}
	vj, _ := a.variableJSON(name)
	writeJSON(w, http.StatusOK, vj)
}

// jsonKind names the JSON kind of a decoded value.
func jsonKind(x any) string {
	switch x.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", x)
}

func (a *controlAPI) stopGraph(w http.ResponseWriter, _ *http.Request) {
	a.stop()
	writeJSON(w, http.StatusOK, map[string]bool{"stopping": true})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(map[string]string{"error": "encoding the response: " + err.Error()})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
