package blocks

import "github.com/flowrun/flowrun/block"

func registerMath(r *block.Registry) { _ = r }
