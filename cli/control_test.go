package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/pmt"
)

// serveControl serves the control API of l on a loopback port until the
// test ends, requiring token unless it is empty.
func serveControl(t *testing.T, l *graphfile.Loaded, stop func(), token string) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = newControlHandler(l, stop, newControlAccess("127.0.0.1", srv.Listener.Addr().(*net.TCPAddr), token))
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// runGraphFile loads a graph file with the standard blocks and runs it in
// the background until cancel (also called at the end of the test); done
// receives Run's result.
func runGraphFile(t *testing.T, file string) (*graphfile.Loaded, context.CancelFunc, <-chan error) {
	t.Helper()
	l, err := load(blocks.NewRegistry(), file, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() { done <- l.Graph.Run(ctx) }()
	return l, cancel, done
}

// waitRunning waits until block i of l has called Work.
func waitRunning(t *testing.T, l *graphfile.Loaded, i int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); l.Graph.Stats()[i].WorkCalls == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s has not run after 5 s", l.Blocks[i].Name)
		}
	}
}

// call makes one request, with a JSON body if any, and decodes the JSON
// answer, which every answer is.
func call(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	var hdr map[string]string
	if body != "" {
		hdr = map[string]string{"Content-Type": "application/json"}
	}
	return callWith(t, method, url, body, hdr)
}

// callWith is call with the given headers only ("Host" sets the Host header).
func callWith(t *testing.T, method, url, body string, hdr map[string]string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
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
	l, cancel, done := runGraphFile(t, "testdata/control.yaml")
	srv := serveControl(t, l, cancel, "")
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
		{"PUT", "/blocks/src/params/frequency", `{"value": 1e400}`, 400, "number 1e400 is out of range"},
		{"PUT", "/blocks/lp/params/taps", `{"value": [1, -1e400]}`, 400, "number -1e400 is out of range"},
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
	l, cancel, done := runGraphFile(t, "testdata/control_msg.yaml")
	srv := serveControl(t, l, cancel, "")
	u := srv.URL + "/blocks/debug/messages/"
	waitRunning(t, l, 1) // posted before Run opens the queues, a message gets 409

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
	dbg := l.Blocks[1].Block.(interface{ Messages() []pmt.Value })
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

func TestControlAPIRefusesRequestsAWebPageCouldMake(t *testing.T) {
	l, cancel, done := runGraphFile(t, "testdata/control.yaml")
	var stops atomic.Int32
	srv := serveControl(t, l, func() { stops.Add(1); cancel() }, "")
	u := srv.URL
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	own := fmt.Sprintf("127.0.0.1:%d", port)
	jsonCT := "application/json"
	for _, c := range []struct {
		name, method, path, body string
		hdr                      map[string]string
		code                     int
		msg                      string
	}{
		{"simple cross-site POST", "POST", "/stop", "", map[string]string{"Content-Type": "text/plain"}, 415, "application/json"},
		{"form PUT", "PUT", "/blocks/src/params/frequency", `{"value": 1}`,
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, "application/json"},
		{"body without a type", "PUT", "/blocks/src/params/frequency", `{"value": 1}`, nil, 415, "application/json"},
		{"message as text", "POST", "/blocks/src/messages/set", `{"value": {"frequency": 1}}`,
			map[string]string{"Content-Type": "text/plain;charset=UTF-8"}, 415, "application/json"},
		{"rebound name reads blocks", "GET", "/blocks", "", map[string]string{"Host": fmt.Sprintf("evil.example:%d", port)}, 421, "does not name this server"},
		{"rebound name reads stats", "GET", "/stats", "", map[string]string{"Host": fmt.Sprintf("evil.example:%d", port)}, 421, "does not name this server"},
		{"other port", "GET", "/blocks", "", map[string]string{"Host": fmt.Sprintf("localhost:%d", port+1)}, 421, "does not name this server"},
		{"no port", "GET", "/blocks", "", map[string]string{"Host": "localhost"}, 421, "does not name this server"},
		{"foreign origin", "POST", "/stop", "", map[string]string{"Origin": "http://evil.example"}, 403, "origin"},
		{"foreign origin with JSON", "PUT", "/blocks/src/params/frequency", `{"value": 1}`,
			map[string]string{"Content-Type": jsonCT, "Origin": "http://evil.example"}, 403, "origin"},
		{"null origin", "GET", "/blocks", "", map[string]string{"Origin": "null"}, 403, "origin"},
		{"other port's origin", "GET", "/stats", "", map[string]string{"Origin": fmt.Sprintf("http://127.0.0.1:%d", port+1)}, 403, "origin"},
		{"cross-site fetch", "GET", "/stats", "", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "cross-site"},
		{"same-site fetch", "POST", "/stop", "", map[string]string{"Sec-Fetch-Site": "same-site"}, 403, "same-site"},
		{"GET does not stop", "GET", "/stop", "", nil, 404, "no endpoint"},
	} {
		code, got := callWith(t, c.method, u+c.path, c.body, c.hdr)
		msg, _ := got["error"].(string)
		if code != c.code || !strings.Contains(msg, c.msg) {
			t.Errorf("%s: %s %s: %d %q, want %d with %q", c.name, c.method, c.path, code, msg, c.code, c.msg)
		}
	}
	if _, got := call(t, "GET", u+"/blocks/src/params/frequency", ""); got["value"] != 1000.0 {
		t.Errorf("refused requests changed the frequency: %v", got)
	}
	if stops.Load() != 0 {
		t.Fatal("a refused request stopped the graph")
	}
	for _, c := range []struct {
		name, method, path, body string
		hdr                      map[string]string
	}{
		{"localhost", "GET", "/blocks", "", map[string]string{"Host": fmt.Sprintf("localhost:%d", port)}},
		{"LOCALHOST", "GET", "/stats", "", map[string]string{"Host": fmt.Sprintf("LOCALHOST:%d", port)}},
		{"[::1]", "GET", "/stats", "", map[string]string{"Host": fmt.Sprintf("[::1]:%d", port)}},
		{"own origin", "PUT", "/blocks/src/params/frequency", `{"value": 1500}`,
			map[string]string{"Content-Type": "application/json; charset=utf-8", "Origin": "http://" + own, "Sec-Fetch-Site": "same-origin"}},
		{"own origin under another loopback name", "GET", "/blocks", "",
			map[string]string{"Host": fmt.Sprintf("localhost:%d", port), "Origin": fmt.Sprintf("http://localhost:%d", port)}},
		{"typed in the address bar", "GET", "/blocks", "", map[string]string{"Sec-Fetch-Site": "none"}},
		{"POST /stop without a body", "POST", "/stop", "", nil},
	} {
		if code, got := callWith(t, c.method, u+c.path, c.body, c.hdr); code != 200 {
			t.Errorf("%s: %s %s: %d %v, want 200", c.name, c.method, c.path, code, got)
		}
	}
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || stops.Load() != 1 {
			t.Fatalf("Run: %v after %d stops", err, stops.Load())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the graph did not stop")
	}
}

func TestControlAPIToken(t *testing.T) {
	l, err := load(blocks.NewRegistry(), "testdata/control.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := serveControl(t, l, func() {}, "s3cret")
	for _, c := range []struct {
		auth string
		code int
	}{
		{"", 401},
		{"Bearer", 401},
		{"Bearer wrong", 401},
		{"Basic s3cret", 401},
		{"Bearer s3cret!", 401},
		{"Bearer s3cret", 200},
	} {
		hdr := map[string]string{}
		if c.auth != "" {
			hdr["Authorization"] = c.auth
		}
		code, got := callWith(t, "GET", srv.URL+"/stats", "", hdr)
		if code != c.code {
			t.Errorf("Authorization %q: %d %v, want %d", c.auth, code, got, c.code)
		}
	}
}

func TestControlAccessOnEveryAddress(t *testing.T) {
	a := newControlAccess("0.0.0.0", &net.TCPAddr{IP: net.IPv4zero, Port: 8090}, "t")
	for host, ok := range map[string]bool{
		"192.168.1.5:8090": true, "[fe80::1]:8090": true, "localhost:8090": true, "0.0.0.0:8090": true,
		"192.168.1.5:8091": false, "evil.example:8090": false, "192.168.1.5": false,
	} {
		if a.hostOK(host) != ok {
			t.Errorf("listening on 0.0.0.0:8090, Host %q accepted: %v, want %v", host, !ok, ok)
		}
	}
	a = newControlAccess("localhost", &net.TCPAddr{IP: net.IPv6loopback, Port: 80}, "")
	for host, ok := range map[string]bool{
		"localhost": true, "localhost:80": true, "[::1]": true, "127.0.0.1": true, "localhost.:80": false, "10.0.0.1": false,
	} {
		if a.hostOK(host) != ok {
			t.Errorf("listening on [::1]:80, Host %q accepted: %v, want %v", host, !ok, ok)
		}
	}
}

func TestRunControlOnAnyAddressNeedsAToken(t *testing.T) {
	stderr := &lines{ch: make(chan string, 16)}
	var stdout strings.Builder
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"run", "testdata/control.yaml", "--control", "0.0.0.0:0", "--control-allow-remote",
			"--stats", "none", "--progress", "off"}, &stdout, stderr)
	}()
	var base, token string
	for base == "" || token == "" {
		select {
		case line := <-stderr.ch:
			if b, ok := strings.CutPrefix(line, "flowrun: control API on "); ok {
				base = b
			} else if _, tk, ok := strings.Cut(line, "control API token"); ok {
				token = tk[strings.LastIndex(tk, " ")+1:]
			}
		case code := <-exit:
			t.Fatalf("exit %d before serving: %s", code, stderr.buf.String())
		case <-time.After(5 * time.Second):
			t.Fatalf("no address and token on stderr: %q", stderr.buf.String())
		}
	}
	if len(token) != 32 {
		t.Errorf("token %q", token)
	}
	if code, _ := call(t, "GET", base+"/blocks", ""); code != 401 {
		t.Errorf("GET /blocks without the token: %d, want 401", code)
	}
	if code, _ := callWith(t, "POST", base+"/stop", "", map[string]string{"Authorization": "Bearer " + token}); code != 200 {
		t.Fatalf("POST /stop with the token: %d", code)
	}
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.buf.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("flowrun run did not stop")
	}
}

func TestControlAPIPostsToAnUnconnectedDebug(t *testing.T) {
	l, cancel, done := runGraphFile(t, "testdata/control_debug.yaml")
	srv := serveControl(t, l, cancel, "")
	waitRunning(t, l, 3)
	time.Sleep(20 * time.Millisecond) // long enough for a block with nothing to do to have finished
	if code, got := call(t, "POST", srv.URL+"/blocks/debug/messages/in", `{"value": {"freq": 1e3}}`); code != http.StatusAccepted {
		t.Fatalf("post to the unconnected debug block: %d %v", code, got)
	}
	dbg := l.Blocks[3].Block.(interface{ Messages() []pmt.Value })
	for deadline := time.Now().Add(5 * time.Second); len(dbg.Messages()) == 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	if msgs := dbg.Messages(); len(msgs) != 1 || !strings.Contains(msgs[0].String(), "freq") {
		t.Fatalf("debug block collected %v, want the posted map", msgs)
	}
}

func TestControlAPIVariables(t *testing.T) {
	l, cancel, done := runGraphFile(t, "testdata/control_vars.yaml")
	srv := serveControl(t, l, cancel, "")
	u := srv.URL
	waitRunning(t, l, 0)

	code, got := call(t, "GET", u+"/variables", "")
	vs, _ := got["variables"].([]any)
	if code != 200 || len(vs) != 2 {
		t.Fatalf("GET /variables: %d %v", code, got)
	}
	if f := vs[1].(map[string]any); f["name"] != "freq" || f["value"] != 1000.0 || f["min"] != 0.0 || f["max"] != 24000.0 || f["step"] != 100.0 {
		t.Errorf("freq: %v", f)
	}
	code, got = call(t, "PUT", u+"/variables/freq", `{"value": 2500}`)
	if code != 200 || got["value"] != 2500.0 {
		t.Errorf("PUT freq: %d %v", code, got)
	}
	if code, got = call(t, "GET", u+"/blocks/src/params/frequency", ""); got["value"] != 2500.0 {
		t.Errorf("src.frequency after freq = 2500: %d %v", code, got)
	}
	for _, c := range []struct {
		method, path, body string
		code               int
		msg                string
	}{
		{"PUT", "/variables/freq", `{"value": 30000}`, 400, "above its maximum"},
		{"PUT", "/variables/freq", `{"value": "fast"}`, 400, "a variable is a number, not a string"},
		{"POST", "/variables/samp_rate", `{"value": 96000}`, 409, "src.sample_rate cannot change"},
		{"PUT", "/variables/nope", `{"value": 1}`, 404, "no such variable"},
		{"GET", "/variables/nope", ``, 404, "no such variable"},
	} {
		code, got := call(t, c.method, u+c.path, c.body)
		if code != c.code || !strings.Contains(fmt.Sprint(got["error"]), c.msg) {
			t.Errorf("%s %s %s: %d %v, want %d with %q", c.method, c.path, c.body, code, got, c.code, c.msg)
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}
