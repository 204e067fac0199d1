//go:build unix

package blocks

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/flowgraph"
)

func mkfifo(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	return path
}

// initWithin runs b.Init with a context done after 100 ms and fails the
// test if Init has not returned 10 s later.
func initWithin(t *testing.T, b block.Initializer) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- b.Init(ctx) }()
	select {
	case err := <-done:
		if el := time.Since(start); el > 5*time.Second {
			t.Errorf("Init returned after %v", el)
		}
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Init still waits 10 s after its context was done")
		return nil
	}
}

func TestFileSourceInitOnAFIFOWithoutWriterEndsWithItsContext(t *testing.T) {
	path := mkfifo(t)
	src, err := NewFileSource[float32](path, false, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := initWithin(t, src); !errors.Is(err, context.DeadlineExceeded) {
		src.Deinit()
		t.Fatalf("Init: %v, want the context's deadline", err)
	}
	wav, err := NewWavSource(path, -1, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := initWithin(t, wav); !errors.Is(err, context.DeadlineExceeded) {
		wav.Deinit()
		t.Fatalf("wav_source Init: %v, want the context's deadline", err)
	}
}

func TestFileSourceSkipOfAnEndlessDeviceEndsWithItsContext(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	src, err := NewFileSource[complex64]("/dev/zero", false, 1e15, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := initWithin(t, src); !errors.Is(err, context.DeadlineExceeded) {
		src.Deinit()
		t.Fatalf("Init: %v, want the context's deadline", err)
	}
}

func TestFileSourceRefusesAnOffsetBeyondAnyFile(t *testing.T) {
	if _, err := NewFileSource[complex64]("/dev/zero", false, 1<<61, 0); !errors.Is(err, block.ErrBadParam) {
		t.Fatalf("offset 2^61 complex items: %v, want ErrBadParam", err)
	}
}

// feedFIFO opens path for writing (waiting for the reader) and writes data,
// then closes it; its error, if any, is sent on the returned channel.
func feedFIFO(path string, data []byte) <-chan error {
	done := make(chan error, 1)
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			done <- err
			return
		}
		_, err = f.Write(data)
		done <- errors.Join(err, f.Close())
	}()
	return done
}

func TestFileSourceFIFOEndsAtItsEndOfFileAfterSkipping(t *testing.T) {
	path := mkfifo(t)
	data := fileRandom[int16](100_000, 4)
	fed := feedFIFO(path, sourcesBytes(data))
	src, err := NewFileSource[int16](path, false, 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := blocktest.Run(src)
	if err != nil {
		t.Fatalf("a FIFO that ends is no error: %v", err)
	}
	if err := <-fed; err != nil {
		t.Fatal(err)
	}
	got := outs[0].Items.([]int16)
	if len(got) != len(data)-1000 || got[0] != data[1000] || got[len(got)-1] != data[len(data)-1] {
		t.Fatalf("%d items, want the %d after the first 1000", len(got), len(data)-1000)
	}
}

func TestFileSourceReadWaitingOnAQuietFIFOEndsWithTheGraph(t *testing.T) {
	path := mkfifo(t)
	w := make(chan *os.File, 1)
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0) // a writer that writes nothing
		if err != nil {
			t.Error(err)
		}
		w <- f
	}()
	src, err := NewFileSource[float32](path, false, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	snk := NewNullSink[float32]()
	g := flowgraph.New()
	if err := errors.Join(g.Add("src", src), g.Add("snk", snk), flowgraph.Connect(g, &src.Out, &snk.In)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	ran := make(chan error, 1)
	go func() { ran <- g.Run(ctx) }()
	select {
	case err = <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("Run still waits 10 s after its context was done")
	}
	if f := <-w; f != nil {
		f.Close()
	}
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("Run: %v after %v, want the deadline after about 200ms", err, time.Since(start))
	}
}
