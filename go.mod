module github.com/flowrun/flowrun

go 1.26.0

require golang.org/x/sys v0.50.0

require go.uber.org/goleak v1.3.0

require (
	github.com/mjibson/go-dsp v0.0.0-20180508042940-11479a337f12 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)
