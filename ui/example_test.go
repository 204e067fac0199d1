package ui_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/ui"
)

// A graph built in Go, shown in a browser: a tone, throttled to real time,
// into a spectrum display. Open the address printed, while it runs.
func ExampleServe() {
	src, _ := blocks.NewSignalSource[complex64](blocks.SignalConfig{Frequency: 1000, SampleRate: 48000, Amplitude: 1})
	thr, _ := blocks.NewThrottle[complex64](48000)
	spectrum, _ := blocks.NewFreqSink[complex64](blocks.FreqSinkOptions{FFTSize: 1024, SampleRate: 48000})
	g := flowgraph.New()
	g.Add("src", src)
	g.Add("throttle", thr)
	g.Add("spectrum", spectrum)
	flowgraph.Connect(g, &src.Out, &thr.In)
	flowgraph.Connect(g, &thr.Out, &spectrum.In)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- ui.Serve(ctx, g, ln, ui.Options{Name: "tone"}) }()
	fmt.Println("open http://" + ln.Addr().(*net.TCPAddr).IP.String() + ":PORT/")
	err = g.Run(ctx) // until the context ends
	fmt.Println(err, <-served)
	// Output:
	// open http://127.0.0.1:PORT/
	// context deadline exceeded <nil>
}
