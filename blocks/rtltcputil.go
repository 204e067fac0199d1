package blocks

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/flowrun/flowrun/pmt"
)

// The rtl_tcp protocol (librtlsdr's rtl_tcp.c), shared by rtl_tcp_source
// and rtl_tcp_sink: the server sends a 12-byte header, "RTL0", the tuner
// type and the number of tuner gains, both 32-bit big-endian, then
// interleaved unsigned 8-bit I/Q samples for as long as the client stays;
// the client sends 5-byte commands, a command byte and a 32-bit big-endian
// parameter.

// RTLTCPCommand is the command byte of an rtl_tcp command.
type RTLTCPCommand uint8

// The rtl_tcp commands (librtlsdr's rtl_tcp.c).
const (
	RTLTCPSetFrequency      RTLTCPCommand = 0x01 // Hz
	RTLTCPSetSampleRate     RTLTCPCommand = 0x02 // Hz
	RTLTCPSetGainMode       RTLTCPCommand = 0x03 // 0 automatic, 1 manual
	RTLTCPSetGain           RTLTCPCommand = 0x04 // tenths of a dB, signed
	RTLTCPSetFreqCorrection RTLTCPCommand = 0x05 // ppm, signed
	RTLTCPSetIFGain         RTLTCPCommand = 0x06 // stage<<16 | tenths of a dB
	RTLTCPSetTestMode       RTLTCPCommand = 0x07 // 0 or 1
	RTLTCPSetAGC            RTLTCPCommand = 0x08 // the RTL2832's digital AGC, 0 or 1
	RTLTCPSetDirectSampling RTLTCPCommand = 0x09 // 0 off, 1 I branch, 2 Q branch
	RTLTCPSetOffsetTuning   RTLTCPCommand = 0x0a // 0 or 1
	RTLTCPSetRTLXtal        RTLTCPCommand = 0x0b // Hz
	RTLTCPSetTunerXtal      RTLTCPCommand = 0x0c // Hz
	RTLTCPSetGainByIndex    RTLTCPCommand = 0x0d // index into the tuner's gains
	RTLTCPSetBiasTee        RTLTCPCommand = 0x0e // 0 or 1
)

// rtlTCPNames name the commands in the messages of rtl_tcp_sink, as the
// parameters of rtl_tcp_source.
var rtlTCPNames = map[RTLTCPCommand]string{
	RTLTCPSetFrequency: "frequency", RTLTCPSetSampleRate: "sample_rate", RTLTCPSetGainMode: "gain_mode",
	RTLTCPSetGain: "gain", RTLTCPSetFreqCorrection: "ppm", RTLTCPSetIFGain: "if_gain", RTLTCPSetTestMode: "test_mode",
	RTLTCPSetAGC: "agc", RTLTCPSetDirectSampling: "direct_sampling", RTLTCPSetOffsetTuning: "offset_tuning",
	RTLTCPSetRTLXtal: "rtl_xtal", RTLTCPSetTunerXtal: "tuner_xtal", RTLTCPSetGainByIndex: "gain_index", RTLTCPSetBiasTee: "bias_tee",
}

// The tuner types of the rtl_tcp header (librtlsdr's enum rtlsdr_tuner).
const (
	RTLTunerUnknown = 0
	RTLTunerE4000   = 1
	RTLTunerFC0012  = 2
	RTLTunerFC0013  = 3
	RTLTunerFC2580  = 4
	RTLTunerR820T   = 5
	RTLTunerR828D   = 6
)

// rtlTCPHeaderMagic starts the header the server sends.
const rtlTCPHeaderMagic = "RTL0"

// rtlTCPHeader returns the 12-byte header.
func rtlTCPHeader(tuner, gains uint32) []byte {
	b := make([]byte, 12)
	copy(b, rtlTCPHeaderMagic)
	binary.BigEndian.PutUint32(b[4:], tuner)
	binary.BigEndian.PutUint32(b[8:], gains)
	return b
}

// rtlTCPParseHeader checks a header and returns its tuner type and gain
// count.
func rtlTCPParseHeader(b []byte) (tuner, gains uint32, err error) {
	if len(b) != 12 || string(b[:4]) != rtlTCPHeaderMagic {
		return 0, 0, fmt.Errorf("not an rtl_tcp server: the header is %q, not \"RTL0\" and 8 bytes", b)
	}
	return binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:]), nil
}

// rtlTCPAppendCommand appends a 5-byte command to b.
func rtlTCPAppendCommand(b []byte, c RTLTCPCommand, param uint32) []byte {
	return binary.BigEndian.AppendUint32(append(b, byte(c)), param)
}

// rtlTCPTenths converts a gain in dB to tenths of a dB in two's complement,
// rounded to the nearest.
func rtlTCPTenths(db float64) uint32 { return uint32(int32(math.Round(db * 10))) }

// rtlTCPHz rounds a frequency to whole hertz.
func rtlTCPHz(hz float64) uint32 { return uint32(math.Round(hz)) }

// rtlTCPCheckHz checks that hz fits a command's 32 bits.
func rtlTCPCheckHz(what string, hz float64, positive bool) error {
	if !(hz >= 0 && hz <= math.MaxUint32) || positive && hz == 0 {
		return fmt.Errorf("%s %g Hz must be within (0 or more) and %d Hz", what, hz, uint32(math.MaxUint32))
	}
	return nil
}

// rtlTCPCheckGain checks a gain in dB.
func rtlTCPCheckGain(db float64) error {
	if !(db >= -1000 && db <= 1000) {
		return errors.New("gain must be within -1000 and 1000 dB")
	}
	return nil
}

// rtlTCPMessage is the message rtl_tcp_sink posts for a command: a map
// from the name of the matching rtl_tcp_source parameter to its value
// (frequency, sample_rate and gain as floats, in Hz and dB; gain_mode as
// "auto" or "manual"; agc, offset_tuning, bias_tee and test_mode as bools;
// ppm and the others as integers), or {"command_0xNN": param} for a
// command it does not know.
func rtlTCPMessage(c RTLTCPCommand, param uint32) pmt.Value {
	name, ok := rtlTCPNames[c]
	if !ok {
		return pmt.Map(map[string]pmt.Value{fmt.Sprintf("command_0x%02x", uint8(c)): pmt.Int(int64(param))})
	}
	var v pmt.Value
	switch c {
	case RTLTCPSetFrequency, RTLTCPSetSampleRate, RTLTCPSetRTLXtal, RTLTCPSetTunerXtal:
		v = pmt.Float(float64(param))
	case RTLTCPSetGain:
		v = pmt.Float(float64(int32(param)) / 10)
	case RTLTCPSetGainMode:
		v = pmt.String(map[bool]string{true: "manual", false: "auto"}[param != 0])
	case RTLTCPSetAGC, RTLTCPSetOffsetTuning, RTLTCPSetBiasTee, RTLTCPSetTestMode:
		v = pmt.Bool(param != 0)
	case RTLTCPSetFreqCorrection:
		v = pmt.Int(int64(int32(param)))
	default:
		v = pmt.Int(int64(param))
	}
	return pmt.Map(map[string]pmt.Value{name: v})
}
