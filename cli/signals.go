package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// errStopped is wrapped by the error of a run that a signal stopped.
var errStopped = errors.New("stopped")

// stopSignals are the signals that stop a run cleanly: Ctrl-C (SIGINT),
// SIGTERM (kill, timeout, systemd, Docker) and SIGHUP (a closed terminal).
// Go's syscall package defines all three on every platform, Windows too.
func stopSignals() []os.Signal {
	return []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
}

// signalName names sig the way kill(1) and the shells do.
func signalName(sig os.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGPIPE:
		return "SIGPIPE"
	}
	return sig.String()
}

// signalExitCode is the exit status of a run stopped by sig: 128 plus the
// signal's number, what a shell reports for a process the signal killed, so
// that a script sees the same status whether flowrun stopped cleanly or was
// killed outright.
func signalExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok && s > 0 && s < 128 {
		return 128 + int(s)
	}
	return 1
}

// signalStop turns the first stop signal into a clean stop of a run and a
// second one into an immediate exit, as Ctrl-C twice does.
type signalStop struct {
	sigs    chan os.Signal
	pipe    chan os.Signal
	stopped chan struct{} // closed once sig is set
	sig     os.Signal     // the first signal
	quit    chan struct{}
	done    chan struct{}
}

// watchSignals starts watching the stop signals: the first calls stop and
// is reported by received; the second calls exit with its exit status.
// A stop signal the process was started ignoring (nohup ignores SIGHUP, a
// shell SIGINT for a background job) stays ignored.
// It also receives SIGPIPE, without acting on it: Go then lets a write to a
// closed standard output fail with EPIPE, a write error of the block that
// made it, instead of killing the process mid-run. close ends the watch,
// release undoes it.
func watchSignals(stop func(), warn io.Writer, exit func(int)) *signalStop {
	w := newSignalStop()
	for _, s := range stopSignals() {
		if !signal.Ignored(s) {
			signal.Notify(w.sigs, s)
		}
	}
	signal.Notify(w.pipe, syscall.SIGPIPE)
	go w.watch(stop, warn, exit)
	return w
}

func newSignalStop() *signalStop {
	return &signalStop{
		sigs:    make(chan os.Signal, 2),
		pipe:    make(chan os.Signal, 1),
		stopped: make(chan struct{}),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
}

func (w *signalStop) watch(stop func(), warn io.Writer, exit func(int)) {
	defer close(w.done)
	select {
	case w.sig = <-w.sigs:
		close(w.stopped)
	case <-w.quit:
		return
	}
	fmt.Fprintf(warn, "\nflowrun: %s: stopping (send it again to exit at once)\n", signalName(w.sig))
	stop()
	select {
	case s := <-w.sigs:
		exit(signalExitCode(s))
	case <-w.quit:
	}
}

// received returns the signal that stopped the run, nil if none did.
func (w *signalStop) received() os.Signal {
	select {
	case <-w.stopped:
		return w.sig
	default:
		return nil
	}
}

// close ends the watch: a stop signal arriving later is ignored until
// release. It can be called more than once.
func (w *signalStop) close() {
	select {
	case <-w.quit:
	default:
		close(w.quit)
	}
	<-w.done
}

// release ends the watch and restores the default handling of the signals.
func (w *signalStop) release() {
	w.close()
	signal.Stop(w.sigs)
	signal.Stop(w.pipe)
}
