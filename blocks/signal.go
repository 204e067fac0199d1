package blocks

import "github.com/flowrun/flowrun/block"

func registerSignal(r *block.Registry) { _ = r }
