package grc_test

import (
	"fmt"
	"os"

	"github.com/flowrun/flowrun/grc"
)

// A GNU Radio Companion file translated to flowrun's graph format.
func ExampleConvert() {
	data := []byte(`options:
  parameters: {id: beep, generate_options: no_gui}
blocks:
- name: samp_rate
  id: variable
  parameters: {value: '48000'}
- name: src
  id: analog_sig_source_x
  parameters: {type: float, samp_rate: samp_rate, waveform: analog.GR_SIN_WAVE, freq: samp_rate/48, amp: '0.5', offset: '0', phase: '0'}
- name: head
  id: blocks_head
  parameters: {type: float, num_items: int(samp_rate), vlen: '1'}
- name: snk
  id: blocks_null_sink
  parameters: {type: float, vlen: '1', num_inputs: '1'}
connections:
- [src, '0', head, '0']
- [head, '0', snk, '0']
metadata: {file_format: 1, grc_version: 3.10.5.1}
`)
	c, err := grc.Convert(data, grc.Options{File: "beep.grc"})
	if err != nil {
		fmt.Println(err)
		return
	}
	text, _ := c.YAML()
	os.Stdout.Write(text)
	// Output:
	// metadata:
	//   name: beep
	//   file_format: 1
	// variables:
	//   samp_rate: 48000
	// blocks:
	//   - name: src
	//     id: signal_source
	//     parameters:
	//       type: float32
	//       waveform: sine
	//       sample_rate: samp_rate
	//       frequency: samp_rate/48
	//       amplitude: 0.5
	//       offset: 0
	//       phase: 0
	//   - name: head
	//     id: head
	//     parameters:
	//       type: float32
	//       items: 48000
	//   - name: snk
	//     id: null_sink
	//     parameters:
	//       type: float32
	// connections:
	//   - [src, 0, head, 0]
	//   - [head, 0, snk, 0]
}
