package permcatvet_test

import (
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/nilness"

	"github.com/permcat/permcat/permcatvet"
)

// A vet tool of your own that runs permcatvet beside other analyzers:
// build it, then run it alone (mytool ./...) or under go vet
// (go vet -vettool=$(which mytool) ./...).
func Example() {
	multichecker.Main(permcatvet.Analyzer, nilness.Analyzer)
}
