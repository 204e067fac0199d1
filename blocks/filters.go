package blocks

import "github.com/flowrun/flowrun/block"

func registerFilters(r *block.Registry) { _ = r }
