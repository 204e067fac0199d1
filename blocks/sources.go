package blocks

import "github.com/flowrun/flowrun/block"

func registerSources(r *block.Registry) { _ = r }
