package blocks

import "github.com/flowrun/flowrun/block"

func registerStream(r *block.Registry) { _ = r }
