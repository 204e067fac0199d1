package blocks

import "github.com/flowrun/flowrun/block"

func registerSinks(r *block.Registry) { _ = r }
