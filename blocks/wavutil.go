package blocks

// WAV format tags.
const (
	wavPCM        = 1
	wavFloat      = 3
	wavExtensible = 0xFFFE
)

// wavFrames is how many frames a WavSource or WavSink converts per chunk.
const wavFrames = 4096
