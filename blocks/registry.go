// Package blocks is flowrun's standard block library: sources, sinks,
// stream control, math and type conversion, and DSP (filters, FFT, mixers,
// demodulators), each registered under a stable snake_case id so that YAML
// graphs can use it.
//
// Each block has one file named after its registry id (add_const.go,
// keep_one_in_n.go, signal_source.go, file_source.go, ...) holding its doc
// comment, type, constructor, Work and registry spec, with its tests in
// <id>_test.go. Helpers a family shares live in one small file per family
// (mathutil.go, convertutil.go, sourceutil.go, fileutil.go, streamutil.go,
// filterutil.go, signalutil.go, ...). Hot loops live in
// blocks/internal/kernel.
package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// NewRegistry returns a registry holding every block of this package.
func NewRegistry() *registry.Registry {
	r := registry.New()
	// One spec function per block, each in the block's file.
	for _, spec := range []func() registry.Spec{
		// sources
		nullSourceSpec,
		constantSourceSpec,
		vectorSourceSpec,
		signalSourceSpec,
		noiseSourceSpec,
		fileSourceSpec,
		wavSourceSpec,
		// sinks
		nullSinkSpec,
		vectorSinkSpec,
		tagDebugSpec,
		probeSpec,
		countSinkSpec,
		fileSinkSpec,
		wavSinkSpec,
		// SigMF
		sigmfSourceSpec,
		sigmfSinkSpec,
		// math
		addSpec,
		subtractSpec,
		multiplySpec,
		addConstSpec,
		multiplyConstSpec,
		conjugateSpec,
		complexToMagSpec,
		complexToMagSquaredSpec,
		complexToArgSpec,
		complexToFloatSpec,
		floatToComplexSpec,
		toDBSpec,
		// type conversion
		interleavedCharToComplexSpec,
		complexToInterleavedShortSpec,
		complexToInterleavedCharSpec,
		floatToShortSpec,
		shortToFloatSpec,
		floatToCharSpec,
		charToFloatSpec,
		interleavedShortToComplexSpec,
		interleavedUcharToComplexSpec,
		ucharToFloatSpec,
		// stream control
		headSpec,
		skipSpec,
		copySpec,
		copyRandSpec,
		throttleSpec,
		delaySpec,
		keepOneInNSpec,
		streamToVectorSpec,
		vectorToStreamSpec,
		interleaveSpec,
		deinterleaveSpec,
		selectorSpec,
		tagInserterSpec,
		// filters
		firFilterSpec,
		fftFilterSpec,
		freqXlatingFIRFilterSpec,
		rationalResamplerSpec,
		movingAverageSpec,
		iirFilterSpec,
		// signal processing
		fftSpec,
		rotatorSpec,
		quadratureDemodSpec,
		amDemodSpec,
		agcSpec,
		powerSpectrumSpec,
		// display sinks: shown by the web UI (flowrun run --ui), never
		// slowing the graph; freq_sink and waterfall_sink also write PNGs
		freqSinkSpec,
		waterfallSinkSpec,
		timeSinkSpec,
		constellationSinkSpec,
		numberSinkSpec,
		// messages
		messageStrobeSpec,
		messageDebugSpec,
		tagToMessageSpec,
		pduToTaggedStreamSpec,
		taggedStreamToPDUSpec,
		// network
		tcpSourceSpec,
		tcpSinkSpec,
		udpSourceSpec,
		udpSinkSpec,
		rtlTCPSourceSpec,
		rtlTCPSinkSpec,
		// ZeroMQ
		zmqPushSinkSpec,
		zmqPullSourceSpec,
		zmqPubSinkSpec,
		zmqSubSourceSpec,
		zmqReqSourceSpec,
		zmqRepSinkSpec,
		zmqPubMsgSinkSpec,
		zmqSubMsgSourceSpec,
		zmqPushMsgSinkSpec,
		zmqPullMsgSourceSpec,
		// GNU Radio blocks that GRC example flowgraphs use (package grc maps them)
		absSpec,
		divideSpec,
		rmsSpec,
		frequencyModulatorSpec,
		streamToTaggedStreamSpec,
		streamMuxSpec,
		streamDemuxSpec,
		multiplyMatrixSpec,
		// GNU Radio Companion corpus (issue 15)
		matrixInterleaverSpec,
		peakDetector2Spec,
		varToMsgSpec,
		takeSkipToPDUSpec,
		pduSetSpec,
		pduToStreamSpec,
		addSystemTimeSpec,
		timeDeltaSpec,
		pduSplitSpec,
		randomPDUSpec,
		ampBalSpec,
		impairmentsSpec,
		intToFloatSpec,
	} {
		r.MustRegister(spec())
	}
	return r
}

// Bounds of the parameters that size ports and runs, so that a graph file
// cannot make a block with millions of ports or a run of items larger than
// any buffer: maxPorts ports of one kind (inputs, outputs, streams) and
// maxRun items in one run (vector length, blocksize, decimation).
const (
	maxPorts = 1024
	maxRun   = 1 << 24
)

// asBlock returns a constructor's result as a block.Block: on error a nil
// Block, never an interface holding a nil pointer.
func asBlock[B block.Block](b B, err error) (block.Block, error) {
	if err != nil {
		return nil, err
	}
	return b, nil
}
