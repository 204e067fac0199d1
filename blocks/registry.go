// Package blocks is flowrun's standard block library: sources, sinks,
// stream control, math and type conversion, and DSP (filters, FFT, mixers,
// demodulators), each registered under a stable snake_case id so that YAML
// graphs can use it.
//
// Files are by family (sources.go, sinks.go, stream.go, math.go, fir.go,
// fft.go, ...). Hot loops live in blocks/internal/kernel.
package blocks

import "github.com/flowrun/flowrun/block"

// NewRegistry returns a registry holding every block of this package.
func NewRegistry() *block.Registry {
	r := block.NewRegistry()
	for _, spec := range []func() block.Spec{
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
	} {
		r.MustRegister(spec())
	}
	registerFilters(r)
	registerSignal(r)
	registerMessages(r)
	return r
}
