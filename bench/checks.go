package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/permcat/permcat/internal/gen"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/synth"
)

// checkBench is the benchmark file runChecks adds to each generated
// synthetic package: the per-request checks on a realistic grant (every
// fourth permission, granted with what it requires), over 64 permissions
// spread across the catalog, after a first pass that computes their
// closures. It reports the probes' mean closure: its members and the words
// of the Set it spans, the two things the checks' cost grows with.
const checkBench = `package synth

import (
	"testing"
	"time"
)

var (
	probes   []Permission
	role     Set
	sinkSet  Set
	sinkBool bool
	all      = ^Features(0)
)

func init() {
	var ps []Permission
	for p := range All() {
		ps = append(ps, p)
	}
	for i, p := range ps {
		if i%4 == 0 {
			role = Grant(role, p)
		}
		if i%(len(ps)/64+1) == 0 {
			probes = append(probes, p)
		}
	}
}

func perCheck(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(probes)), "ns/check")
}

func BenchmarkChecks(b *testing.B) {
	start := time.Now()
	members, words := 0, 0
	for _, p := range probes {
		r := p.Requires()
		members += r.Len()
		for _, w := range r {
			if w != 0 {
				words++
			}
		}
		p.RequiredBy()
	}
	b.Logf("first use of %d probes: %v; mean closure %d permissions over %d words", len(probes), time.Since(start), members/len(probes), words/len(probes))
	b.Run("Can", func(b *testing.B) {
		n := 0
		for b.Loop() {
			for _, p := range probes {
				if Can(role, p, all) {
					n++
				}
			}
		}
		sinkBool = n > 0
		perCheck(b)
	})
	b.Run("Grant", func(b *testing.B) {
		for b.Loop() {
			for _, p := range probes {
				sinkSet = Grant(role, p)
			}
		}
		perCheck(b)
	})
	b.Run("Revoke", func(b *testing.B) {
		for b.Loop() {
			for _, p := range probes {
				sinkSet = Revoke(role, p)
			}
		}
		perCheck(b)
	})
	b.Run("Effective", func(b *testing.B) {
		for b.Loop() {
			sinkSet = Effective(role, all)
		}
	})
	b.Run("baseline=copy-Set", func(b *testing.B) {
		// What passing and returning a Set by value costs on its own.
		for b.Loop() {
			for range probes {
				sinkSet = role
			}
		}
		perCheck(b)
	})
}
`

// runChecks generates synthetic catalogs, builds each in a temporary
// module with checkBench, and prints the benchmark output, with the size
// of each source and the time go build takes on it.
func runChecks(tmp string, w io.Writer) error {
	dir := filepath.Join(tmp, "checks")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/checks\n\ngo 1.23\n"), 0o644); err != nil {
		return err
	}
	cases := []struct {
		name string
		o    synth.Options
	}{
		{"1000", synth.Options{Permissions: 1000, Seed: 1}},
		{"5000", synth.Options{Permissions: 5000, Seed: 1}},
		{"20000", synth.Options{Permissions: 20000, Seed: 1}},
		{"20000 closure-heavy", synth.Options{Permissions: 20000, Seed: 1, RandomRequires: 3}},
	}
	for i, tc := range cases {
		c, err := model.Load("synth.yaml", synth.Spec(tc.o))
		if err != nil {
			return err
		}
		src, err := gen.Generate(c, gen.Options{})
		if err != nil {
			return err
		}
		pkg := filepath.Join(dir, fmt.Sprintf("c%d", i))
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(pkg, "synth.go"), src, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(pkg, "bench_test.go"), []byte(checkBench), 0o644); err != nil {
			return err
		}
		start := time.Now()
		build := exec.Command("go", "build", "./"+filepath.Base(pkg))
		build.Dir = dir
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
		elapsed := time.Since(start)
		cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-v", "./"+filepath.Base(pkg))
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("go test: %v\n%s", err, out)
		}
		fmt.Fprintf(w, "\n%s permissions: source %.1f MB, go build %.1f s (wall)\n", tc.name, float64(len(src))/(1<<20), elapsed.Seconds())
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, "Benchmark") || strings.Contains(line, "first use") {
				fmt.Fprintln(w, strings.TrimSpace(line))
			}
		}
	}
	return nil
}
