package blocks

import "github.com/flowrun/flowrun/block"

// registerSignal registers the signal-processing family: FFT, rotator,
// demodulators, AGC and power spectrum.
func registerSignal(r *block.Registry) {
	r.MustRegister(signalFFTSpec())
	r.MustRegister(signalRotatorSpec())
	r.MustRegister(signalQuadratureDemodSpec())
	r.MustRegister(signalAMDemodSpec())
	r.MustRegister(signalAGCSpec())
	r.MustRegister(signalPowerSpectrumSpec())
}

// signalBlock turns a constructor's (*B, error) into (block.Block, error)
// without wrapping a nil pointer in a non-nil interface.
func signalBlock[B block.Block](b B, err error) (block.Block, error) {
	if err != nil {
		return nil, err
	}
	return b, nil
}
