package permcatvet

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestDownstreamIsClean runs the analyzer over examples/downstream, the
// application module the README's "Use it in your repo" walks through, as
// a CI job would: its code, tests included, must be clean. The admin
// screen's one deliberate Has on stored grants carries //permcat:ticked;
// were the check to stop finding it, the directive would be reported as
// covering nothing, so a clean run also proves the check still fires.
func TestDownstreamIsClean(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a separate module with the go command; skipped with -short")
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   filepath.Join("..", "examples", "downstream"),
		Tests: true,
		// Read-only: the run must not need to touch the module's go.mod or
		// go.sum, nor the caller's workspace.
		Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			t.Errorf("loading examples/downstream: %v", e)
		}
	})
	if t.Failed() {
		t.FailNow()
	}
	g, err := checker.Analyze([]*analysis.Analyzer{Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var named bool
	for act := range g.All() {
		if act.Err != nil {
			t.Errorf("analysing %s: %v", act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			t.Errorf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message)
		}
		for _, f := range act.AllPackageFacts() {
			if c, ok := f.Fact.(*catalogFact); ok && f.Package.Path() == "example.com/clinicapp/perms" {
				named = named || c.Named
			}
		}
	}
	if !named {
		t.Error("the analyzer did not read example.com/clinicapp/perms as a catalog with names: the run checked nothing")
	}
}
