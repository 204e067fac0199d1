package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// uiTestGraph writes the tone graph of the browser tests to a file.
func uiTestGraph(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tone.yaml")
	if err := os.WriteFile(path, []byte(uiToneGraph), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func status(t *testing.T, req *http.Request) (int, http.Header, string) {
	t.Helper()
	r, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return r.StatusCode, r.Header, string(b)
}

func TestUIServesTheAppAndTheControlAPIOnOneServer(t *testing.T) {
	base := uiRun(t, uiTestGraph(t))
	for _, c := range []struct{ path, want string }{
		{"/", "<!doctype html>"},
		{"/ui/app.js", "window.flowrun"},
		{"/ui/graph", `"display":"spectrum"`},
		{"/stats", `"items_in"`},  // the control API
		{"/blocks", `"throttle"`}, // the control API
	} {
		req, _ := http.NewRequest(http.MethodGet, base+c.path, nil)
		if code, _, body := status(t, req); code != http.StatusOK || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d %.80q, want 200 with %q", c.path, code, body, c.want)
		}
	}
	// The control API's checks guard the UI's endpoints too.
	req, _ := http.NewRequest(http.MethodPut, base+"/ui/params/src/frequency", strings.NewReader(`{"value": 5}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.example")
	if code, _, _ := status(t, req); code != http.StatusForbidden {
		t.Errorf("PUT from another origin: %d, want 403", code)
	}
	req, _ = http.NewRequest(http.MethodGet, base+"/ui/graph", nil)
	req.Host = "evil.example"
	if code, _, _ := status(t, req); code != http.StatusMisdirectedRequest {
		t.Errorf("GET with a foreign Host: %d, want 421", code)
	}
}

func TestUIRefusesARemoteAddressWithoutAllowRemote(t *testing.T) {
	code, _, stderr := flowrun(t, "run", uiTestGraph(t), "--ui", "0.0.0.0:0", "--duration", "1s")
	if code != 2 || !strings.Contains(stderr, "not a loopback address") || !strings.Contains(stderr, "--control-allow-remote") {
		t.Errorf("--ui 0.0.0.0:0: exit %d, %s", code, stderr)
	}
}

func TestUIWithATokenWantsItAndABrowserKeepsItInACookie(t *testing.T) {
	base := uiRun(t, uiTestGraph(t), "--control-token", "s3cret")
	get := func(path string, cookie *http.Cookie) (int, http.Header, string) {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		return status(t, req)
	}
	if code, _, _ := get("/ui/graph", nil); code != http.StatusUnauthorized {
		t.Errorf("without the token: %d, want 401", code)
	}
	code, hdr, _ := get("/?token=s3cret", nil)
	if code != http.StatusSeeOther || hdr.Get("Location") != "/" {
		t.Fatalf("/?token=: %d to %q, want 303 to /", code, hdr.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: hdr}).Cookies() {
		if c.Name == uiTokenCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookie %+v, want an HttpOnly SameSite=Strict %s", cookie, uiTokenCookie)
	}
	code, _, body := get("/ui/graph", cookie)
	var g struct{ Name string }
	if code != http.StatusOK || json.Unmarshal([]byte(body), &g) != nil || g.Name != "tone" {
		t.Errorf("with the cookie: %d %.80q", code, body)
	}
	if code, _, _ := get("/ui/graph", &http.Cookie{Name: uiTokenCookie, Value: "wrong"}); code != http.StatusUnauthorized {
		t.Errorf("with a wrong token in the cookie: %d, want 401", code)
	}
}
