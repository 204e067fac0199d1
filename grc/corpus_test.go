package grc_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/grc"
)

// corpusDir is where Debian's gnuradio package installs GNU Radio's
// example flowgraphs.
const corpusDir = "/usr/share/gnuradio/examples"

// The folders of issue 15's target, in its order.
var targetFolders = []string{"analog", "blocks", "filter", "tags", "zeromq", "network", "pdu", "channels"}

var (
	corpusRun = flag.Duration("grc.run", 0, "TestCorpus: also run each file that loads for this long (e.g. 3s)")
	corpusAll = flag.Bool("grc.all", false, "TestCorpus: every examples folder, not only the target ones")
)

// tcpPeers starts, for each TCP client block of l, the peer the example
// expects (GNU Radio's examples connect to one another or to netcat): a
// server on the block's address that sends zeros and discards what it
// receives. The returned function stops them.
func tcpPeers(t *testing.T, l *graphfile.Loaded) func() {
	var lns []net.Listener
	for _, b := range l.Blocks {
		if (b.ID != "tcp_sink" && b.ID != "tcp_source") || b.Params.String("mode") != "client" {
			continue
		}
		ln, err := net.Listen("tcp", b.Params.String("address"))
		if err != nil {
			t.Logf("no TCP peer for %s: %v", b.Name, err)
			continue
		}
		lns = append(lns, ln)
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go func() { _, _ = io.Copy(io.Discard, c) }()
				go func() {
					zeros := make([]byte, 8192)
					for {
						if _, err := c.Write(zeros); err != nil {
							c.Close()
							return
						}
					}
				}()
			}
		}()
	}
	return func() {
		for _, ln := range lns {
			ln.Close()
		}
	}
}

var unmappedRE = regexp.MustCompile(`\(([a-z0-9_]+), line \d+\)`)

// TestCorpus reports, per folder of GNU Radio's installed examples, how
// many files load (validate) and, with -grc.run=3s, how many run that long
// (or to completion) without error, TCP clients with a peer to connect to
// (tcpPeers); and, for each GNU Radio block id
// without a flowrun equivalent, how many files it keeps from loading.
//
//	go test ./grc -run TestCorpus -v -grc.run=3s
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("GNU Radio's examples are not installed (%v): nothing to measure", err)
	}
	folders := targetFolders
	if *corpusAll {
		entries, _ := os.ReadDir(corpusDir)
		folders = nil
		for _, e := range entries {
			if e.IsDir() {
				folders = append(folders, e.Name())
			}
		}
	}
	reg := blocks.NewRegistry()
	blockedBy := map[string]int{}
	other := map[string][]string{}
	var total, totalLoad, totalRun int
	t.Chdir(t.TempDir()) // the examples write their files where they run
	for _, folder := range folders {
		files, _ := filepath.Glob(filepath.Join(corpusDir, folder, "*.grc"))
		sub, _ := filepath.Glob(filepath.Join(corpusDir, folder, "*", "*.grc"))
		files = append(files, sub...)
		loads, runs := 0, 0
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(corpusDir, f)
			l, _, err := grc.Load(data, reg, grc.Options{File: rel})
			if err != nil {
				ids := map[string]bool{}
				for _, m := range unmappedRE.FindAllStringSubmatch(err.Error(), -1) {
					ids[m[1]] = true
				}
				for id := range ids {
					blockedBy[id]++
				}
				if len(ids) == 0 || !errors.Is(err, grc.ErrUnsupported) {
					first, _, _ := strings.Cut(err.Error(), "\n")
					other[folder] = append(other[folder], first)
				}
				continue
			}
			loads++
			if *corpusRun == 0 {
				continue
			}
			stop := tcpPeers(t, l)
			ctx, cancel := context.WithTimeout(context.Background(), *corpusRun)
			err = l.Graph.Run(ctx)
			cancel()
			stop()
			if err == nil || errors.Is(err, context.DeadlineExceeded) {
				runs++
			} else {
				first, _, _ := strings.Cut(err.Error(), "\n")
				other[folder] = append(other[folder], fmt.Sprintf("%s: run: %s", rel, first))
			}
		}
		total, totalLoad, totalRun = total+len(files), totalLoad+loads, totalRun+runs
		if *corpusRun > 0 {
			t.Logf("%-10s %3d files, %3d load, %3d run %v without error", folder, len(files), loads, runs, *corpusRun)
		} else {
			t.Logf("%-10s %3d files, %3d load", folder, len(files), loads)
		}
	}
	t.Logf("%-10s %3d files, %3d load, %3d run", "total", total, totalLoad, totalRun)
	ids := make([]string, 0, len(blockedBy))
	for id := range blockedBy {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if blockedBy[ids[i]] != blockedBy[ids[j]] {
			return blockedBy[ids[i]] > blockedBy[ids[j]]
		}
		return ids[i] < ids[j]
	})
	t.Log("GNU Radio blocks without a flowrun equivalent, by the number of files they keep from loading:")
	for _, id := range ids {
		t.Logf("  %3d %s", blockedBy[id], id)
	}
	for _, folder := range folders {
		for _, e := range other[folder] {
			t.Logf("other: %s", e)
		}
	}
	if totalLoad == 0 {
		t.Errorf("no file of the corpus loads")
	}
}
