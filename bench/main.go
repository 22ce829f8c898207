// Command bench measures the permcat generator end to end, as the process
// a user runs, beside the enum generators it is compared with, and prints
// the ratio table of the README's Performance section.
//
// It builds permcat from this module, installs enumer and stringer from
// the module proxy into a temporary directory (never into the module), and
// runs each generator several times on the same input:
//
//   - permcat generate on both shipped catalogs, on synthetic catalogs of
//     growing size (internal/synth) and on a closure-heavy one (three
//     random earlier prerequisites per permission);
//   - enumer -json -text -sql and stringer on a package declaring the same
//     permission constants as the 20,000-permission catalog.
//
// Every figure is the median over the runs of the CPU time (user + system,
// the process and the children it waited for, such as enumer's go list)
// and of the peak resident memory, read from the kernel's accounting of
// the finished process. CPU time rather than wall time keeps the figures
// steady on a machine shared with other work.
//
// With -checks it benchmarks the generated checks instead: Can, Grant,
// Revoke and Effective on synthetic catalogs of 1,000 to 20,000
// permissions, each built in a temporary module.
//
// Usage:
//
//	go run ./bench [-runs N] [-sizes 1000,20000] [-enumer VERSION]
//	go run ./bench -checks
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/synth"
)

func main() {
	runs := flag.Int("runs", 5, "runs of each measurement; the median is reported")
	sizes := flag.String("sizes", "1000,5000,10000,20000,40000,65535", "synthetic catalog sizes, comma-separated")
	peerSize := flag.Int("peer-size", 20000, "number of constants given to enumer and stringer")
	enumerVersion := flag.String("enumer", "v1.7.2", "version of github.com/dmarkham/enumer to compare with")
	stringerVersion := flag.String("stringer", "v0.52.0", "version of golang.org/x/tools to take stringer from")
	memLimits := flag.String("memlimits", "", "extra GOMEMLIMIT values (comma-separated, e.g. off,128MiB) to run the largest catalog with")
	checks := flag.Bool("checks", false, "benchmark the generated checks on synthetic catalogs instead of the generator")
	flag.Parse()
	if *checks {
		tmp, err := os.MkdirTemp("", "permcat-checks-")
		if err == nil {
			err = runChecks(tmp, os.Stdout)
			os.RemoveAll(tmp)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*runs, *sizes, *peerSize, *enumerVersion, *stringerVersion, *memLimits, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// sample is one finished process.
type sample struct {
	cpu time.Duration
	rss int64 // bytes
}

// result is the median of several samples.
type result struct {
	cpu, cpuMin, cpuMax time.Duration
	rss                 int64
}

func (r result) String() string {
	return fmt.Sprintf("%.3f s, %d MB", r.cpu.Seconds(), r.rss>>20)
}

func run(runs int, sizeList string, peerSize int, enumerVersion, stringerVersion, memLimits string, w io.Writer) error {
	var sizes []int
	for _, f := range strings.Split(sizeList, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > model.MaxID {
			return fmt.Errorf("-sizes: %q is not a number of permissions in 1..%d", f, model.MaxID)
		}
		sizes = append(sizes, n)
	}
	if runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	tmp, err := os.MkdirTemp("", "permcat-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	bin := filepath.Join(tmp, "bin")
	fmt.Fprintln(os.Stderr, "bench: building permcat and installing the peers into", bin)
	if out, err := command("", nil, "go", "build", "-o", filepath.Join(bin, "permcat"), "./cmd/permcat").CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/permcat: %v\n%s", err, out)
	}
	for _, pkg := range []string{"github.com/dmarkham/enumer@" + enumerVersion, "golang.org/x/tools/cmd/stringer@" + stringerVersion} {
		cmd := command(tmp, []string{"GOBIN=" + bin, "GOFLAGS=-mod=mod"}, "go", "install", pkg)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go install %s: %v\n%s", pkg, err, out)
		}
	}
	permcat := filepath.Join(bin, "permcat")

	type row struct {
		name  string
		perms int
		r     result
	}
	var rows []row

	// Both shipped catalogs. permcat generate compiles them only at the
	// root of permcat's repository, reading spec/*.yaml from disk: a copy
	// of go.mod and spec/ stands in for it, so that the run writes nothing
	// into this module.
	root, err := shippedRoot(tmp)
	if err != nil {
		return err
	}
	shipped := filepath.Join(root, "generated")
	r, err := measure(runs, func() error { return os.RemoveAll(shipped) }, root, nil, permcat, "generate")
	if err != nil {
		return err
	}
	rows = append(rows, row{"both shipped catalogs (pbn, opendental)", 243, r})

	specOf := map[string][]byte{}
	caseDir := func(name string, spec []byte) (string, string, error) {
		dir := filepath.Join(tmp, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", "", err
		}
		path := filepath.Join(dir, "synth.yaml")
		specOf[name] = spec
		return dir, path, os.WriteFile(path, spec, 0o644)
	}
	synthRun := func(name string, spec []byte, env []string) (result, error) {
		dir, path, err := caseDir(name, spec)
		if err != nil {
			return result{}, err
		}
		out := filepath.Join(dir, "out", "synth.go")
		clean := func() error { return os.RemoveAll(filepath.Join(dir, "out")) }
		return measure(runs, clean, dir, env, permcat, "generate", "-o", out, path)
	}
	largest := 0
	for _, n := range sizes {
		fmt.Fprintf(os.Stderr, "bench: %d permissions\n", n)
		r, err := synthRun(fmt.Sprintf("synth%d", n), synth.Spec(synth.Options{Permissions: n, Seed: 1}), nil)
		if err != nil {
			return err
		}
		rows = append(rows, row{fmt.Sprintf("synthetic, %d", n), n, r})
		largest = max(largest, n)
	}
	fmt.Fprintln(os.Stderr, "bench: closure-heavy 20000")
	heavy := synth.Spec(synth.Options{Permissions: 20000, Seed: 1, RandomRequires: 3})
	r, err = synthRun("heavy", heavy, nil)
	if err != nil {
		return err
	}
	rows = append(rows, row{"closure-heavy, 20000 (3 random earlier prerequisites)", 20000, r})

	var limitRows []row
	if memLimits != "" && largest > 0 {
		spec := specOf[fmt.Sprintf("synth%d", largest)]
		for _, l := range strings.Split(memLimits, ",") {
			fmt.Fprintf(os.Stderr, "bench: %d permissions with GOMEMLIMIT=%s\n", largest, l)
			r, err := synthRun("limit", spec, []string{"GOMEMLIMIT=" + l})
			if err != nil {
				return err
			}
			limitRows = append(limitRows, row{fmt.Sprintf("synthetic, %d, GOMEMLIMIT=%s", largest, l), largest, r})
		}
	}

	// The peers, on the constants of the synthetic catalog.
	fmt.Fprintf(os.Stderr, "bench: enumer and stringer on %d constants\n", peerSize)
	pkg := filepath.Join(tmp, "peer")
	if err := writePeerPackage(pkg, synth.Spec(synth.Options{Permissions: peerSize, Seed: 1})); err != nil {
		return err
	}
	enumerOut := filepath.Join(pkg, "permission_enumer.go")
	enumer, err := measure(runs, func() error { return removeIfExists(enumerOut) }, pkg, nil, filepath.Join(bin, "enumer"), "-type=Permission", "-json", "-text", "-sql")
	if err != nil {
		return err
	}
	stringerOut := filepath.Join(pkg, "permission_string.go")
	stringer, err := measure(runs, func() error { return removeIfExists(stringerOut) }, pkg, nil, filepath.Join(bin, "stringer"), "-type=Permission")
	if err != nil {
		return err
	}

	fmt.Fprintf(w, "Generator, end to end (%d runs each, medians; CPU = user + system time)\n\n", runs)
	fmt.Fprintf(w, "| catalog | permcat CPU | peak memory | CPU range | ÷ enumer CPU | ÷ enumer memory |\n|---|---|---|---|---|---|\n")
	for _, x := range append(rows, limitRows...) {
		fmt.Fprintf(w, "| %s | %.3f s | %d MB | %.3f–%.3f s | %.2f× | %.2f× |\n", x.name, x.r.cpu.Seconds(), x.r.rss>>20,
			x.r.cpuMin.Seconds(), x.r.cpuMax.Seconds(), x.r.cpu.Seconds()/enumer.cpu.Seconds(), float64(x.r.rss)/float64(enumer.rss))
	}
	fmt.Fprintf(w, "\nPeers on %d constants: enumer %s -json -text -sql %s (%.3f–%.3f s); stringer %s %s\n",
		peerSize, enumerVersion, enumer, enumer.cpuMin.Seconds(), enumer.cpuMax.Seconds(), stringerVersion, stringer)

	// Growth: CPU and memory per permission against the 20,000 figure.
	var base *row
	for i := range rows {
		if rows[i].perms == 20000 && strings.HasPrefix(rows[i].name, "synthetic") {
			base = &rows[i]
		}
	}
	if base != nil {
		fmt.Fprintf(w, "\nGrowth against 20,000 permissions (linear growth is the size ratio)\n\n| permissions | size ratio | CPU ratio | memory ratio |\n|---|---|---|---|\n")
		for _, x := range rows {
			if !strings.HasPrefix(x.name, "synthetic") {
				continue
			}
			fmt.Fprintf(w, "| %d | %.2f | %.2f | %.2f |\n", x.perms, float64(x.perms)/20000,
				x.r.cpu.Seconds()/base.r.cpu.Seconds(), float64(x.r.rss)/float64(base.r.rss))
		}
	}
	return nil
}

// shippedRoot copies go.mod and spec/*.yaml of the module bench runs in
// into a new directory under tmp, where permcat generate, given no spec,
// compiles the shipped catalogs as it does at the root of the repository.
func shippedRoot(tmp string) (string, error) {
	root := filepath.Join(tmp, "repo")
	specs, err := filepath.Glob(filepath.Join("spec", "*.yaml"))
	if err != nil {
		return "", err
	}
	if len(specs) == 0 {
		return "", errors.New("no spec/*.yaml: run bench at the root of permcat's repository")
	}
	if err := os.MkdirAll(filepath.Join(root, "spec"), 0o755); err != nil {
		return "", err
	}
	for _, p := range append(specs, "go.mod") {
		data, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(root, p), data, 0o644); err != nil {
			return "", err
		}
	}
	return root, nil
}

// writePeerPackage writes a Go package declaring the permissions of spec
// as constants of type Permission, for enumer and stringer.
func writePeerPackage(dir string, spec []byte) error {
	c, err := model.Load("synth.yaml", spec)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("package synth\n\n// Permission is a permission of the catalog.\ntype Permission uint16\n\nconst (\n")
	for _, p := range c.ByID {
		fmt.Fprintf(&b, "\t%s Permission = %d\n", p.GoName, p.ID)
	}
	b.WriteString(")\n")
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/synth\n\ngo 1.23\n"), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "synth.go"), b.Bytes(), 0o644)
}

// measure runs a command runs times, calling clean before each run, and
// returns the medians.
func measure(runs int, clean func() error, dir string, env []string, name string, args ...string) (result, error) {
	var samples []sample
	for range runs {
		if err := clean(); err != nil {
			return result{}, err
		}
		cmd := command(dir, env, name, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return result{}, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
		}
		u, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			return result{}, errors.New("no resource usage for a finished process on this system")
		}
		cpu := time.Duration(u.Utime.Nano() + u.Stime.Nano())
		samples = append(samples, sample{cpu: cpu, rss: u.Maxrss << 10}) // Linux reports KiB
	}
	cpus := make([]time.Duration, len(samples))
	rss := make([]int64, len(samples))
	for i, s := range samples {
		cpus[i], rss[i] = s.cpu, s.rss
	}
	slices.Sort(cpus)
	slices.Sort(rss)
	return result{cpu: cpus[len(cpus)/2], cpuMin: cpus[0], cpuMax: cpus[len(cpus)-1], rss: rss[len(rss)/2]}, nil
}

func command(dir string, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
