package blocks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/registry"
)

// The tags of rtl_tcp_source, as gr-osmosdr's sources put them: the
// frequency and the sample rate in effect from the tagged sample on, both
// float64, in Hz.
const (
	RxFreqTag = "rx_freq"
	RxRateTag = "rx_rate"
)

// RTLTCPConfig is the configuration of an RTLTCPSource: one field per
// rtl_tcp command. Its zero value is an automatic gain, no correction and
// everything off, at 0 Hz and a sample rate that must be set.
type RTLTCPConfig struct {
	// Frequency is the center frequency, Hz (command 0x01).
	Frequency float64
	// SampleRate is the sample rate, Hz, > 0 (command 0x02).
	SampleRate float64
	// ManualGain selects the manual tuner gain (command 0x03 with 1),
	// rather than the tuner's automatic gain (0x03 with 0).
	ManualGain bool
	// Gain is the tuner gain in dB, sent in tenths of a dB (0x04) when
	// ManualGain is set and GainIndex is negative.
	Gain float64
	// GainIndex, when 0 or more, selects a gain by its index in the tuner's
	// list (0x0d) instead of Gain (ManualGain set).
	GainIndex int
	// PPM is the frequency correction in parts per million (0x05).
	PPM int
	// AGC turns on the RTL2832's digital AGC (0x08).
	AGC bool
	// DirectSampling is 0 (off), 1 (I branch) or 2 (Q branch) (0x09).
	DirectSampling int
	// OffsetTuning turns on the tuner's offset tuning (0x0a).
	OffsetTuning bool
	// BiasTee powers the antenna input (0x0e).
	BiasTee bool
}

// RTLTCPSource is a client of an rtl_tcp server (librtlsdr's rtl_tcp, or an
// RTLTCPSink): it connects, reads the server's 12-byte header, sends its
// settings as rtl_tcp commands and outputs the server's unsigned 8-bit I/Q
// samples as complex64, scaled as gr-osmosdr's rtl_tcp source does:
// (x − 127.4) / 128 for each of I and Q.
//
// # Stream Outputs
//
// Out: the samples, complex64.
//
// # Message Inputs
//
//   - set: setting changes (block.Setting), a map {"frequency": value} or
//     a pair ["frequency", value] (also sample_rate and gain), applied
//     between Work calls and tagged like flowgraph.Graph.Set; a bad message
//     is counted (flowgraph.BlockStats.MsgRejected), not fatal. The graph
//     makes this input for every block with settings; it may stay
//     unconnected.
//
// # Parameters
//
//   - address: the server, host:port (rtl_tcp's default port is 1234).
//   - frequency (Hz), sample_rate (Hz) and gain (dB): settable while
//     running — the Frequency, SampleRate and Gain fields (b.Frequency.Set(f)
//     from Go code, flowgraph.Graph.Set, or a message to set). A change is
//     sent to the server as its command at the start of the next Work call
//     (within 50 ms when the server is quiet, at once when it streams).
//     A gain change is sent as a gain in tenths of a dB, which the server
//     applies in manual gain mode.
//   - gain_mode ("manual" or "auto"), gain_index, ppm, agc, direct_sampling,
//     offset_tuning and bias_tee: see RTLTCPConfig; sent once, at the start.
//
// At the start, the first Work call sends, in this order: sample rate
// (0x02), frequency correction (0x05), gain mode (0x03), AGC (0x08), direct
// sampling (0x09), offset tuning (0x0a), bias-T (0x0e), in manual gain mode
// the gain (0x04) or the gain index (0x0d), and the frequency (0x01) last,
// so that it is tuned with the correction in force. Frequencies and rates
// are rounded to whole hertz.
//
// # End of stream
//
// The stream ends (the block finishes) when the server closes the
// connection; a trailing lone byte (half a sample) is dropped and counted
// (DroppedBytes). The header is awaited for 10 s at most; a server that
// does not start with "RTL0" is an error.
//
// # Tags
//
// rx_freq and rx_rate (RxFreqTag, RxRateTag), float64 Hz, on the first
// sample and on the first sample read after a change (samples already on
// their way may still be of the old setting); set:frequency, set:sample_rate
// and set:gain after a change while running.
//
// # Usage
//
//	src, err := blocks.NewRTLTCPSource("127.0.0.1:1234", blocks.RTLTCPConfig{
//		Frequency: 100e6, SampleRate: 2.048e6, ManualGain: true, Gain: 20, GainIndex: -1})
//	if err != nil { ... }
//	g.Add("rtl", src)
//	flowgraph.Connect(g, &src.Out, &snk.In)
//	...
//	src.Frequency.Set(101e6) // while running: retunes the server
type RTLTCPSource struct {
	Out block.Out[complex64]
	// Frequency is the center frequency in Hz: parameter "frequency".
	Frequency block.Setting[float64]
	// SampleRate is the sample rate in Hz: parameter "sample_rate".
	SampleRate block.Setting[float64] `param:"sample_rate"`
	// Gain is the tuner gain in dB: parameter "gain".
	Gain block.Setting[float64]

	cfg     RTLTCPConfig
	s       netStream
	started bool // the first commands were sent
	lut     [256]float32
	raw     []byte
	odd     int // 1 if raw[0] holds the I byte of a sample not complete
	tuner   atomic.Uint32
	gains   atomic.Uint32
	lost    atomic.Uint64
	sent    atomic.Uint64 // commands sent
}

// NewRTLTCPSource returns an rtl_tcp client for the server at address.
func NewRTLTCPSource(address string, cfg RTLTCPConfig) (*RTLTCPSource, error) {
	if _, _, err := net.SplitHostPort(address); err != nil {
		return nil, netBadParam("rtl_tcp_source", "address %q: %v", address, err)
	}
	if cfg.DirectSampling < 0 || cfg.DirectSampling > 2 {
		return nil, netBadParam("rtl_tcp_source", "direct_sampling %d is not 0, 1 or 2", cfg.DirectSampling)
	}
	b := &RTLTCPSource{cfg: cfg, s: netStream{id: "rtl_tcp_source", address: address}}
	b.Frequency.SetCheck(func(f float64) error { return rtlTCPCheckHz("frequency", f, false) })
	b.SampleRate.SetCheck(func(f float64) error { return rtlTCPCheckHz("sample_rate", f, true) })
	b.Gain.SetCheck(rtlTCPCheckGain)
	if err := errors.Join(b.Frequency.Set(cfg.Frequency), b.SampleRate.Set(cfg.SampleRate), b.Gain.Set(cfg.Gain)); err != nil {
		return nil, err
	}
	for i := range b.lut {
		b.lut[i] = (float32(i) - 127.4) / 128
	}
	return b, nil
}

// TunerType returns the tuner type the server announced (RTLTunerR820T,
// ...), and GainCount the number of its gains; 0 before Init.
func (b *RTLTCPSource) TunerType() uint32 { return b.tuner.Load() }

// GainCount returns the number of tuner gains the server announced.
func (b *RTLTCPSource) GainCount() uint32 { return b.gains.Load() }

// CommandsSent returns the number of commands sent so far.
func (b *RTLTCPSource) CommandsSent() uint64 { return b.sent.Load() }

// DroppedBytes returns 1 if the server closed in the middle of a sample.
func (b *RTLTCPSource) DroppedBytes() uint64 { return b.lost.Load() }

// Init connects and reads the server's header.
func (b *RTLTCPSource) Init(ctx context.Context) error {
	if err := b.s.open(ctx, false); err != nil {
		return err
	}
	hdr := make([]byte, 12)
	b.s.conn.SetReadDeadline(time.Now().Add(netDialTimeout))
	if ctx.Err() != nil { // (its interruption may have come before the deadline)
		b.s.close()
		return context.Cause(ctx)
	}
	if _, err := io.ReadFull(b.s.conn, hdr); err != nil {
		b.s.close()
		return fmt.Errorf("rtl_tcp_source: reading the header: %w", err)
	}
	tuner, gains, err := rtlTCPParseHeader(hdr)
	if err != nil {
		b.s.close()
		return fmt.Errorf("rtl_tcp_source: %s: %w", b.s.address, err)
	}
	b.tuner.Store(tuner)
	b.gains.Store(gains)
	b.started, b.odd = false, 0
	if b.raw == nil {
		b.raw = make([]byte, 1<<16)
	}
	return nil
}

// commands returns the commands of the changes since the last call (every
// setting at the first call) and tags the next sample.
func (b *RTLTCPSource) commands() []byte {
	var cmd []byte
	rate, freq, gain := b.SampleRate.Changed(), b.Frequency.Changed(), b.Gain.Changed()
	if !b.started {
		c := b.cfg
		bit := func(v bool) uint32 {
			if v {
				return 1
			}
			return 0
		}
		cmd = rtlTCPAppendCommand(cmd, RTLTCPSetSampleRate, rtlTCPHz(b.SampleRate.Get()))
		cmd = rtlTCPAppendCommand(cmd, RTLTCPSetFreqCorrection, uint32(int32(c.PPM)))
		cmd = rtlTCPAppendCommand(cmd, RTLTCPSetGainMode, bit(c.ManualGain))
		cmd = rtlTCPAppendCommand(cmd, RTLTCPSetAGC, bit(c.AGC))
		cmd = rtlTCPAppendCommand(cmd, RTLTCPSetDirectSampling, uint32(c.DirectSampling))
		cmd = rtlTCPAppendCommand(cmd, RTLTCPSetOffsetTuning, bit(c.OffsetTuning))
		cmd = rtlTCPAppendCommand(cmd, RTLTCPSetBiasTee, bit(c.BiasTee))
		if c.ManualGain && c.GainIndex >= 0 {
			cmd = rtlTCPAppendCommand(cmd, RTLTCPSetGainByIndex, uint32(c.GainIndex))
		} else if c.ManualGain {
			cmd = rtlTCPAppendCommand(cmd, RTLTCPSetGain, rtlTCPTenths(b.Gain.Get()))
		}
		cmd = rtlTCPAppendCommand(cmd, RTLTCPSetFrequency, rtlTCPHz(b.Frequency.Get()))
		rate, freq, b.started = true, true, true
	} else {
		if rate {
			cmd = rtlTCPAppendCommand(cmd, RTLTCPSetSampleRate, rtlTCPHz(b.SampleRate.Get()))
		}
		if gain {
			cmd = rtlTCPAppendCommand(cmd, RTLTCPSetGain, rtlTCPTenths(b.Gain.Get()))
		}
		if freq {
			cmd = rtlTCPAppendCommand(cmd, RTLTCPSetFrequency, rtlTCPHz(b.Frequency.Get()))
		}
	}
	at := b.Out.Offset()
	if freq {
		b.Out.AddTag(buffer.Tag{Offset: at, Key: RxFreqTag, Value: float64(rtlTCPHz(b.Frequency.Get()))})
	}
	if rate {
		b.Out.AddTag(buffer.Tag{Offset: at, Key: RxRateTag, Value: float64(rtlTCPHz(b.SampleRate.Get()))})
	}
	return cmd
}

// Work implements block.Block.
func (b *RTLTCPSource) Work(io *block.IO) error {
	if b.s.conn == nil {
		if b.s.ctx == nil {
			return errors.New("rtl_tcp_source: not initialized")
		}
		return block.ErrDone
	}
	ctx := io.Context()
	if cmd := b.commands(); len(cmd) > 0 {
		if !b.s.deadline(ctx, false) {
			return nil
		}
		if _, err := b.s.conn.Write(cmd); err != nil {
			// The server went: its samples end too.
			return fmt.Errorf("%w: rtl_tcp_source: sending commands: %w", block.ErrDone, err)
		}
		b.sent.Add(uint64(len(cmd) / 5))
	}
	out := b.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	raw := b.raw[:min(len(b.raw), 2*len(out))]
	k, err := b.s.recv(ctx, raw[b.odd:])
	k += b.odd
	n := k / 2
	lut := &b.lut
	for i := range out[:n] {
		out[i] = complex(lut[raw[2*i]], lut[raw[2*i+1]])
	}
	if b.odd = k % 2; b.odd == 1 {
		raw[0] = raw[k-1] // the lone I byte starts the next read
	}
	b.Out.Produce(n)
	if err != nil {
		b.lost.Add(uint64(b.odd))
		return fmt.Errorf("%w: rtl_tcp_source: %w", block.ErrDone, err)
	}
	if n == 0 {
		io.WakeAt(time.Now())
	}
	return nil
}

// Deinit closes the connection.
func (b *RTLTCPSource) Deinit() error {
	return netCloseErr("rtl_tcp_source", b.s.close())
}

// rtlTCPSourceSpec is the registry entry of rtl_tcp_source.
func rtlTCPSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "rtl_tcp_source",
		Doc: "client of an rtl_tcp server: sends its settings as commands, outputs the 8-bit I/Q as complex64 (gr-osmosdr rtl_tcp=)",
		Params: []registry.Param{
			{Name: "address", Type: registry.ParamString, Default: "127.0.0.1:1234", Doc: "the rtl_tcp server, host:port"},
			{Name: "frequency", Type: registry.ParamFloat, Default: 100e6, Unit: "Hz", Min: registry.Bound(0), Max: registry.Bound(4294967295), Settable: true,
				Doc: "center frequency (command 0x01)"},
			{Name: "sample_rate", Type: registry.ParamFloat, Default: 2.048e6, Unit: "Hz", Min: registry.Bound(1), Max: registry.Bound(4294967295), Settable: true,
				Doc: "sample rate (command 0x02)"},
			{Name: "gain_mode", Type: registry.ParamString, Default: "manual", Allowed: []string{"manual", "auto"},
				Doc: "tuner gain mode (command 0x03); manual sends gain or gain_index"},
			{Name: "gain", Type: registry.ParamFloat, Default: 0.0, Unit: "dB", Min: registry.Bound(-1000), Max: registry.Bound(1000), Settable: true,
				Doc: "tuner gain, sent in tenths of a dB (command 0x04)"},
			{Name: "gain_index", Type: registry.ParamInt, Default: -1, Min: registry.Bound(-1), Max: registry.Bound(255),
				Doc: "if 0 or more, the index of a tuner gain, sent instead of gain (command 0x0d)"},
			{Name: "ppm", Type: registry.ParamInt, Default: 0, Unit: "ppm", Min: registry.Bound(-1e6), Max: registry.Bound(1e6), Doc: "frequency correction (command 0x05)"},
			{Name: "agc", Type: registry.ParamBool, Default: false, Doc: "the RTL2832's digital AGC (command 0x08)"},
			{Name: "direct_sampling", Type: registry.ParamInt, Default: 0, Min: registry.Bound(0), Max: registry.Bound(2),
				Doc: "0 off, 1 I branch, 2 Q branch (command 0x09)"},
			{Name: "offset_tuning", Type: registry.ParamBool, Default: false, Doc: "tuner offset tuning (command 0x0a)"},
			{Name: "bias_tee", Type: registry.ParamBool, Default: false, Doc: "bias-T power on the antenna input (command 0x0e)"}},
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewRTLTCPSource(p.String("address"), RTLTCPConfig{
				Frequency: p.Float("frequency"), SampleRate: p.Float("sample_rate"),
				ManualGain: p.String("gain_mode") == "manual", Gain: p.Float("gain"), GainIndex: p.Int("gain_index"),
				PPM: p.Int("ppm"), AGC: p.Bool("agc"), DirectSampling: p.Int("direct_sampling"),
				OffsetTuning: p.Bool("offset_tuning"), BiasTee: p.Bool("bias_tee")}))
		},
	}
}
