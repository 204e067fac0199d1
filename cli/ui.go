package cli

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/ui"
)

// flowrun run --ui ADDR serves the web UI (package ui) and, on the same
// server, the control API (see control.go), behind the control API's
// checks (controlAccess): loopback only unless --control-allow-remote, the
// Host and Origin checks, JSON bodies, and a bearer token when not on
// loopback. A browser cannot send a bearer token itself: it opens
// http://ADDR/?token=TOKEN once, which stores the token in a cookie
// (HttpOnly, SameSite=Strict, so no other site's page sends it) that
// stands for the Authorization header from then on.

// uiTokenCookie is the cookie that carries the bearer token of a browser.
const uiTokenCookie = "flowrun_token"

// uiServer serves the web UI of one run.
type uiServer struct {
	srv     *http.Server
	ui      *ui.Server
	addr    string
	served  chan struct{}
	once    sync.Once
	stopped atomic.Bool // POST /stop was called
}

// checkUIAddr refuses addresses other than loopback ones unless remote
// access was allowed.
func checkUIAddr(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--ui %q: %w (want host:port, e.g. 127.0.0.1:8080)", addr, err)
	}
	if allowRemote || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--ui %q: not a loopback address: "+
		"use 127.0.0.1 or [::1], or add --control-allow-remote (a bearer token is then required)", addr)
}

// startUI listens on addr (nothing if empty) and serves the web UI and the
// control API for l, with the access rules of f (--control-allow-remote,
// --control-token); POST /stop calls stop. A nil server (no --ui) is valid.
func startUI(cmd *cobra.Command, addr string, f *controlFlags, l *graphfile.Loaded, stop func()) (*uiServer, error) {
	if addr == "" {
		return nil, nil
	}
	if err := checkUIAddr(addr, f.allowRemote); err != nil {
		return nil, badInput(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, badInput(fmt.Errorf("--ui: %w", err))
	}
	tcp := ln.Addr().(*net.TCPAddr)
	if !f.allowRemote && !tcp.IP.IsLoopback() {
		ln.Close()
		return nil, badInput(fmt.Errorf("--ui %q resolves to %v, not a loopback address (add --control-allow-remote)", addr, tcp.IP))
	}
	token, generated := f.token, false
	if token == "" && !tcp.IP.IsLoopback() {
		if token, err = newControlToken(); err != nil {
			ln.Close()
			return nil, failure(err)
		}
		generated = true
	}
	given, _, _ := net.SplitHostPort(addr)
	acc := newControlAccess(given, tcp, token)
	u := &uiServer{addr: ln.Addr().String(), served: make(chan struct{})}
	api := newControlHandler(l, func() { u.stopped.Store(true); stop() }, acc)
	u.ui = ui.New(l.Graph, ui.Options{Name: l.Name, Guard: acc.guard, Fallback: api, Variables: uiVariables{l}})
	u.srv = &http.Server{Handler: tokenFromCookie(u.ui), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		defer close(u.served)
		_ = u.srv.Serve(ln)
	}()
	w := cmd.ErrOrStderr()
	fmt.Fprintf(w, "flowrun: web UI on http://%s/ (and the control API)\n", u.addr)
	switch {
	case generated:
		fmt.Fprintf(w, "flowrun: web UI token: open http://%s/?token=%s (or send \"Authorization: Bearer %s\")\n", u.addr, token, token)
	case token != "":
		fmt.Fprintf(w, "flowrun: open http://%s/?token=TOKEN with the --control-token once\n", u.addr)
	}
	return u, nil
}

// tokenFromCookie lets a browser carry the bearer token: GET /?token=T
// stores T in a cookie and redirects to /; a request without an
// Authorization header but with the cookie gets "Authorization: Bearer"
// and the cookie's value, which the guard then checks.
func tokenFromCookie(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if t := r.URL.Query().Get("token"); t != "" && r.Method == http.MethodGet && r.URL.Path == "/" {
			http.SetCookie(w, &http.Cookie{Name: uiTokenCookie, Value: t, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		if r.Header.Get("Authorization") == "" {
			if c, err := r.Cookie(uiTokenCookie); err == nil {
				r = r.Clone(r.Context())
				r.Header.Set("Authorization", "Bearer "+c.Value)
			}
		}
		h.ServeHTTP(w, r)
	})
}

// close ends the WebSocket sessions and shuts the server down, letting
// requests in flight finish for a moment. Idempotent; nil-safe.
func (u *uiServer) close() {
	if u == nil {
		return
	}
	u.once.Do(func() {
		u.ui.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := u.srv.Shutdown(ctx); err != nil {
			u.srv.Close()
		}
		<-u.served
	})
}

// stopRequested reports whether POST /stop stopped the graph. Nil-safe.
func (u *uiServer) stopRequested() bool { return u != nil && u.stopped.Load() }

// uiVariables gives the web UI the bounded variables of a graph file
// (those written with a min, a max or a step), changed through
// graphfile.Loaded.SetVariable as PUT /variables/{name} does.
type uiVariables struct{ l *graphfile.Loaded }

// Variables implements ui.Variables. It reads only the fields that
// SetVariable does not write, and the values under the Loaded's lock.
func (u uiVariables) Variables() []ui.Variable {
	var out []ui.Variable
	for i := range u.l.Variables {
		v := &u.l.Variables[i]
		if v.Min == nil && v.Max == nil && v.Step == nil {
			continue
		}
		value, _ := u.l.Variable(v.Name)
		out = append(out, ui.Variable{Name: v.Name, Value: value, Min: v.Min, Max: v.Max, Step: v.Step})
	}
	return out
}

// SetVariable implements ui.Variables.
func (u uiVariables) SetVariable(ctx context.Context, name string, value float64) error {
	return u.l.SetVariable(ctx, name, value)
}
