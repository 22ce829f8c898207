package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
)

const (
	modulePath  = "github.com/permcat/permcat"
	packagePath = modulePath + "/cmd/permcat"
)

// invocation returns the command line that runs permcat as the user ran
// it, for the hints that say what to run next.
func invocation(args []string) string {
	info, _ := debug.ReadBuildInfo()
	return whichInvocation(runContext{
		args:   args,
		info:   info,
		getenv: os.Getenv,
		read:   os.ReadFile,
	})
}

// runContext is what invocation looks at, gathered so that tests can give
// their own.
type runContext struct {
	args   []string // os.Args
	info   *debug.BuildInfo
	getenv func(string) string
	read   func(string) ([]byte, error) // reads a file, relative to the working directory
}

// whichInvocation decides, in order:
//
//   - under go generate, the command of the //go:generate line that ran
//     (GOFILE and GOLINE name it), up to the subcommand;
//   - for a binary the go command built on the fly (go run and go tool
//     build it into the build cache or a go-build temporary directory,
//     with the same name and the same environment, so the two cannot be
//     told apart), by the module around the working directory:
//     "go run ./cmd/permcat" at the root of permcat's own repository,
//     "go tool permcat" in a module whose go.mod declares the tool, and
//     "go run github.com/permcat/permcat/cmd/permcat" otherwise, with
//     @version outside a module that requires permcat;
//   - otherwise the program name exactly as typed (permcat, ./bin/permcat).
func whichInvocation(rc runContext) string {
	exe := "permcat"
	if len(rc.args) > 0 && rc.args[0] != "" {
		exe = rc.args[0]
	}
	if len(rc.args) > 1 {
		if prog := generateLine(rc, rc.args[1]); prog != "" {
			return prog
		}
	}
	if !builtOnTheFly(exe, rc.getenv("GOCACHE")) {
		return exe
	}
	mod, ok := enclosingGoMod(rc.read)
	switch {
	case ok && moduleOf(mod) == modulePath:
		if root, err := rc.read("go.mod"); err == nil && moduleOf(root) == modulePath {
			return "go run ./cmd/permcat"
		}
		return "go run " + packagePath
	case ok && declaresTool(mod, packagePath):
		return "go tool permcat"
	case ok && strings.Contains(string(mod), modulePath):
		return "go run " + packagePath
	case rc.info != nil && rc.info.Main.Path == modulePath && rc.info.Main.Replace == nil && validVersion(rc.info.Main.Version):
		return "go run " + packagePath + "@" + rc.info.Main.Version
	}
	return "go run " + packagePath
}

// generateLine returns the command of the //go:generate line running this
// process, up to the subcommand sub, or "" when not under go generate or
// the line does not name sub.
func generateLine(rc runContext, sub string) string {
	file, lineNo := rc.getenv("GOFILE"), rc.getenv("GOLINE")
	if file == "" || lineNo == "" {
		return ""
	}
	n, err := strconv.Atoi(lineNo)
	if err != nil || n < 1 {
		return ""
	}
	data, err := rc.read(file)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for i := 1; sc.Scan(); i++ {
		if i < n {
			continue
		}
		rest, ok := strings.CutPrefix(sc.Text(), "//go:generate ")
		if !ok {
			return ""
		}
		fields := strings.Fields(rest)
		for j, f := range fields {
			if f == sub && j > 0 {
				return strings.Join(fields[:j], " ")
			}
		}
		return ""
	}
	return ""
}

var cacheEntry = regexp.MustCompile(`^[0-9a-f]{64}-d$`)

// builtOnTheFly reports whether exe is a binary that go run or go tool
// built: it lies in a go-build temporary directory, in the build cache
// (default location ".../go-build", or GOCACHE), or in a cache entry
// directory.
func builtOnTheFly(exe, gocache string) bool {
	if !strings.ContainsRune(exe, filepath.Separator) && !strings.ContainsRune(exe, '/') {
		return false // found on PATH
	}
	dir := filepath.Dir(exe)
	if gocache != "" && strings.HasPrefix(dir, filepath.Clean(gocache)+string(filepath.Separator)) {
		return true
	}
	if cacheEntry.MatchString(filepath.Base(dir)) {
		return true
	}
	for _, part := range strings.Split(filepath.ToSlash(dir), "/") {
		if strings.HasPrefix(part, "go-build") {
			return true
		}
	}
	return false
}

// enclosingGoMod returns the go.mod of the module holding the working
// directory: the nearest one in it or above it.
func enclosingGoMod(read func(string) ([]byte, error)) ([]byte, bool) {
	rel := "go.mod"
	for range 64 {
		if data, err := read(rel); err == nil {
			return data, true
		}
		abs, err := filepath.Abs(rel)
		if err != nil || filepath.Dir(filepath.Dir(abs)) == filepath.Dir(abs) {
			return nil, false
		}
		rel = filepath.Join("..", rel)
	}
	return nil, false
}

// moduleOf returns the module path a go.mod declares, or "".
func moduleOf(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		line, _, _ = strings.Cut(line, "//")
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`+"`")
		}
	}
	return ""
}

// declaresTool reports whether a go.mod has a tool directive for pkg, on
// its own line or in a tool ( ... ) block.
func declaresTool(gomod []byte, pkg string) bool {
	inBlock := false
	for _, line := range strings.Split(string(gomod), "\n") {
		line, _, _ = strings.Cut(line, "//")
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0:
		case inBlock && fields[0] == ")":
			inBlock = false
		case inBlock:
			if strings.Trim(fields[0], `"`) == pkg {
				return true
			}
		case fields[0] == "tool" && len(fields) == 2 && fields[1] == "(":
			inBlock = true
		case fields[0] == "tool" && len(fields) == 2 && strings.Trim(fields[1], `"`) == pkg:
			return true
		}
	}
	return false
}

// validVersion reports whether v is a module version go run pkg@v accepts.
func validVersion(v string) bool {
	return strings.HasPrefix(v, "v") && v != "" && !strings.Contains(v, " ")
}

// inPermcatRepository reports whether the working directory is the root of
// permcat's own module, where the catalogs that ship with permcat live in
// spec/ and are generated into generated/.
func inPermcatRepository() bool {
	data, err := os.ReadFile("go.mod")
	return err == nil && moduleOf(data) == modulePath
}
