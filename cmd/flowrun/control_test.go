package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
)

// call makes one request and decodes the JSON answer, which every answer is.
func call(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q", method, url, ct)
	}
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: answer is not a JSON object: %v", method, url, err)
	}
	return resp.StatusCode, out
}

func TestControlAPI(t *testing.T) {
	l, err := load(blocks.NewRegistry(), "testdata/control.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- l.Graph.Run(ctx) }()
	srv := httptest.NewServer(newControlHandler(l, cancel))
	defer srv.Close()
	u := srv.URL

	code, got := call(t, "GET", u+"/blocks", "")
	if code != 200 || got["graph"] != "tone" {
		t.Fatalf("GET /blocks: %d %v", code, got)
	}
	bs := got["blocks"].([]any)
	if len(bs) != 5 {
		t.Fatalf("%d blocks", len(bs))
	}
	src := bs[0].(map[string]any)
	if src["name"] != "src" || src["id"] != "signal_source" ||
		len(src["inputs"].([]any)) != 0 || src["outputs"].([]any)[0].(map[string]any)["type"] != "complex64" ||
		strings.Join(strs(src["settable"]), ",") != "frequency,amplitude" {
		t.Errorf("src: %v", src)
	}
	if e := got["edges"].([]any)[0].(map[string]any); e["src"] != "src" || e["src_port"] != "out" || e["dst"] != "thr" || e["dst_port"] != "in" {
		t.Errorf("first edge %v", e)
	}

	code, got = call(t, "GET", u+"/blocks/gain", "")
	if code != 200 || got["params"].(map[string]any)["k"].([]any)[0] != 0.5 {
		t.Errorf("GET /blocks/gain: %d %v", code, got)
	}

	time.Sleep(20 * time.Millisecond)
	code, got = call(t, "GET", u+"/stats", "")
	if code != 200 || len(got["blocks"].([]any)) != 5 {
		t.Fatalf("GET /stats: %d %v", code, got)
	}
	if st := got["blocks"].([]any)[0].(map[string]any); st["name"] != "src" || st["items_out"].([]any)[0].(float64) == 0 {
		t.Errorf("src stats %v", st)
	}

	code, got = call(t, "GET", u+"/blocks/src/params/frequency", "")
	if code != 200 || got["value"] != 1000.0 || got["block"] != "src" || got["param"] != "frequency" {
		t.Errorf("GET frequency: %d %v", code, got)
	}
	code, got = call(t, "PUT", u+"/blocks/src/params/frequency", `{"value": 2500}`)
	if code != 200 || got["value"] != 2500.0 {
		t.Errorf("PUT frequency: %d %v", code, got)
	}
	code, got = call(t, "POST", u+"/blocks/gain/params/k", `{"value": [0, 2]}`)
	if code != 200 || strings.Join(strs(got["value"]), ",") != "0,2" {
		t.Errorf("POST k: %d %v", code, got)
	}
	code, got = call(t, "PUT", u+"/blocks/lp/params/taps", `{"value": [1, 0.5]}`)
	if code != 200 || strings.Join(strs(got["value"]), ",") != "1,0.5" {
		t.Errorf("PUT taps: %d %v", code, got)
	}
	code, got = call(t, "PUT", u+"/blocks/thr/params/sample_rate", `{"value": 96000}`)
	if code != 200 || got["value"] != 96000.0 {
		t.Errorf("PUT sample_rate: %d %v", code, got)
	}

	for _, c := range []struct {
		method, path, body string
		code               int
		msg                string
	}{
		{"PUT", "/blocks/src/params/frequency", `{"value": 1`, 400, "JSON"},
		{"PUT", "/blocks/src/params/frequency", ``, 400, "JSON"},
		{"PUT", "/blocks/src/params/frequency", `[1]`, 400, "JSON object"},
		{"PUT", "/blocks/src/params/frequency", `{"value": 1} {}`, 400, "found more"},
		{"PUT", "/blocks/src/params/frequency", `{"valu": 1}`, 400, "exactly one field"},
		{"PUT", "/blocks/src/params/frequency", `{"value": null}`, 400, "null"},
		{"PUT", "/blocks/src/params/frequency", `{"value": "fast"}`, 400, "bad value"},
		{"PUT", "/blocks/lp/params/taps", `{"value": [1, 2, 3, 4, 5]}`, 400, "history"},
		{"PUT", "/blocks/thr/params/sample_rate", `{"value": -1}`, 400, "bad value"},
		{"PUT", "/blocks/nope/params/frequency", `{"value": 1}`, 404, `unknown block: "nope"`},
		{"GET", "/blocks/nope/params/frequency", ``, 404, `unknown block`},
		{"GET", "/blocks/nope", ``, 404, `blocks: [gain lp snk src thr]`},
		{"PUT", "/blocks/src/params/frequence", `{"value": 1}`, 404, "did you mean frequency?"},
		{"GET", "/blocks/src/params/bogus", ``, 404, "unknown parameter"},
		{"PUT", "/blocks/src/params/sample_rate", `{"value": 1}`, 409, "not settable"},
		{"PUT", "/blocks/snk/params/x", `{"value": 1}`, 409, "no settable parameters"},
		{"GET", "/nothing", ``, 404, "no endpoint GET /nothing"},
		{"DELETE", "/blocks", ``, 404, "endpoints:"},
	} {
		code, got := call(t, c.method, u+c.path, c.body)
		msg, _ := got["error"].(string)
		if code != c.code || !strings.Contains(msg, c.msg) {
			t.Errorf("%s %s %s: %d %q, want %d with %q", c.method, c.path, c.body, code, msg, c.code, c.msg)
		}
	}
	if _, got := call(t, "GET", u+"/blocks/src/params/frequency", ""); got["value"] != 2500.0 {
		t.Errorf("refused changes changed the value: %v", got)
	}

	code, got = call(t, "POST", u+"/stop", "")
	if code != 200 || got["stopping"] != true {
		t.Errorf("POST /stop: %d %v", code, got)
	}
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the graph did not stop")
	}
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		b, _ := json.Marshal(x)
		out = append(out, strings.Trim(string(b), `"`))
	}
	return out
}

// lines is a stderr that hands over its lines as they are written.
type lines struct {
	mu  sync.Mutex
	buf strings.Builder
	ch  chan string
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	sc := bufio.NewScanner(strings.NewReader(string(p)))
	for sc.Scan() {
		select {
		case l.ch <- sc.Text():
		default:
		}
	}
	return len(p), nil
}

func TestRunControlEndToEnd(t *testing.T) {
	stderr := &lines{ch: make(chan string, 16)}
	var stdout strings.Builder
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"run", "testdata/control.yaml", "--control", "127.0.0.1:0", "--stats", "json", "--progress", "off"}, &stdout, stderr)
	}()
	var base string
	select {
	case line := <-stderr.ch:
		var ok bool
		if base, ok = strings.CutPrefix(line, "flowrun: control API on "); !ok {
			t.Fatalf("stderr line %q", line)
		}
	case code := <-exit:
		t.Fatalf("exit %d before serving: %s", code, stderr.buf.String())
	}
	if code, got := call(t, "GET", base+"/blocks", ""); code != 200 || len(got["blocks"].([]any)) != 5 {
		t.Fatalf("GET /blocks: %d %v", code, got)
	}
	if code, got := call(t, "PUT", base+"/blocks/src/params/amplitude", `{"value": 0.25}`); code != 200 || got["value"] != 0.25 {
		t.Fatalf("PUT amplitude: %d %v", code, got)
	}
	if code, _ := call(t, "POST", base+"/stop", ""); code != 200 {
		t.Fatalf("POST /stop: %d", code)
	}
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit %d after POST /stop: %s", code, stderr.buf.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("flowrun run did not stop")
	}
	if !strings.Contains(stdout.String(), `"graph": "tone"`) {
		t.Errorf("no statistics after the run: %q", stdout.String())
	}
	// The server is gone with the run.
	if _, err := http.Get(base + "/blocks"); err == nil {
		t.Error("the control API still answers after the run")
	}
}

func TestRunControlRefusesRemoteAddresses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8090", "example.com:80"} {
		code, _, stderr := flowrun(t, "run", "testdata/control.yaml", "--control", addr, "--stats", "none")
		if code != 2 || !strings.Contains(stderr, "not a loopback address") || !strings.Contains(stderr, "--control-allow-remote") {
			t.Errorf("--control %s: exit %d, stderr %q", addr, code, stderr)
		}
	}
	code, _, stderr := flowrun(t, "run", "testdata/control.yaml", "--control", "nonsense", "--stats", "none")
	if code != 2 || !strings.Contains(stderr, "want host:port") {
		t.Errorf("--control nonsense: exit %d, stderr %q", code, stderr)
	}
	for _, addr := range []string{"127.0.0.1:1", "[::1]:1", "localhost:1", "127.0.0.2:1"} {
		if err := checkControlAddr(addr, false); err != nil {
			t.Errorf("%s refused: %v", addr, err)
		}
	}
	if err := checkControlAddr("0.0.0.0:1", true); err != nil {
		t.Errorf("0.0.0.0 with --control-allow-remote refused: %v", err)
	}
}

func TestControlAPIPostsMessages(t *testing.T) {
	l, err := load(blocks.NewRegistry(), "testdata/control_msg.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- l.Graph.Run(ctx) }()
	srv := httptest.NewServer(newControlHandler(l, cancel))
	defer srv.Close()
	u := srv.URL + "/blocks/debug/messages/"

	code, got := call(t, "POST", u+"in", `{"value": {"freq": 1e3, "on": true}}`)
	if code != http.StatusAccepted {
		t.Fatalf("post: %d %v", code, got)
	}
	for _, tc := range []struct {
		port, body string
		code       int
		want       string
	}{
		{"nope", `{"value": 1}`, http.StatusNotFound, `no message input "nope"`},
		{"in", `{"value": `, http.StatusBadRequest, "body"},
		{"in", `{"value": null}`, http.StatusBadRequest, "null"},
	} {
		code, got := call(t, "POST", u+tc.port, tc.body)
		if code != tc.code || !strings.Contains(fmt.Sprint(got["error"]), tc.want) {
			t.Errorf("POST %s %s: %d %v; want %d mentioning %q", tc.port, tc.body, code, got, tc.code, tc.want)
		}
	}
	if code, got := call(t, "POST", srv.URL+"/blocks/ghost/messages/in", `{"value": 1}`); code != http.StatusNotFound {
		t.Errorf("unknown block: %d %v", code, got)
	}
	// The debug block collects what it handles.
	dbg := l.Blocks[1].Block.(interface{ Messages() []block.Value })
	deadline := time.Now().Add(5 * time.Second)
	for len(dbg.Messages()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if msgs := dbg.Messages(); len(msgs) == 0 || !strings.Contains(msgs[0].String(), "freq") {
		t.Fatalf("debug block collected %v, want the posted map", msgs)
	}
}
