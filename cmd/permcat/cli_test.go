package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// permcatAs runs a command line in-process as if permcat had been started
// as prog.
func permcatAs(t *testing.T, prog string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(&env{stdout: &out, stderr: &errb, prog: prog}, args)
	return code, out.String(), errb.String()
}

// TestFlagsAnywhere: flags may follow the arguments on every command, "--"
// ends them, and none is ignored.
func TestFlagsAnywhere(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "perms.yaml", clinicSpec)
	tests := []struct {
		args  []string
		code  int
		want  string // in the output
		files []string
	}{
		{args: []string{"generate", "perms.yaml", "-o", "out/a.go"}, files: []string{"out/a.go", "out/a.md"}},
		{args: []string{"generate", "perms.yaml", "-o=out/b.go", "-force"}, files: []string{"out/b.go"}},
		{args: []string{"check", "perms.yaml", "-o", "out/b.go"}},
		{args: []string{"docs", "perms.yaml", "-o", "doc/p.md"}, files: []string{"doc/p.md"}},
		{args: []string{"docs", "perms.yaml", "-o", "-"}, want: "<!-- source: perms.yaml -->"},
		{args: []string{"export", "perms.yaml", "-o", "x.json"}, files: []string{"x.json"}},
		{args: []string{"export", "perms.yaml", "-o", "-"}, want: `"format": "permcat-catalog"`},
		{args: []string{"explain", "perms.yaml", "see_schedule", "-h"}, want: "usage: permcat explain"},
		{args: []string{"generate", "perms.yaml", "-dir", "x"}, code: 2, want: "-dir places the catalogs that ship with permcat and applies only with no SPEC"},
		{args: []string{"check", "-dir", "x", "perms.yaml"}, code: 2, want: "-dir places"},
		{args: []string{"docs", "perms.yaml", "-dir=x"}, code: 2, want: "-dir places"},
		{args: []string{"generate", "perms.yaml", "-o"}, code: 2, want: "flag needs an argument: -o"},
		{args: []string{"generate", "perms.yaml", "-bogus"}, code: 2, want: "generate: flag provided but not defined: -bogus"},
		{args: []string{"generate", "perms.yaml", "-o", "-"}, code: 2, want: "-o - (standard output) is for docs and export"},
		{args: []string{"export", "perms.yaml", "pbn"}, code: 2, want: "export takes one CATALOG"},
		{args: []string{"generate", "--", "-o"}, code: 1, want: "open -o: no such file"},
		{args: []string{"explain", "perms.yaml", "--", "-1"}, code: 1, want: `no permission "-1"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := permcat(t, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Fatalf("exit %d, want %d; output lacks %q:\n%s%s", code, tt.code, tt.want, out, errOut)
			}
			for _, f := range tt.files {
				if _, err := os.Stat(f); err != nil {
					t.Errorf("%s was not written: %v", f, err)
				}
			}
		})
	}
}

func TestSplitArgs(t *testing.T) {
	fs := generateCmd.flagSet(&env{})
	generateCmd.setup(fs)
	tests := []struct {
		in, flags, pos string
	}{
		{"a.yaml -o x.go", "-o x.go", "a.yaml"},
		{"-force a.yaml b.yaml", "-force", "a.yaml b.yaml"},
		{"a.yaml -force=false -o=x.go", "-force=false -o=x.go", "a.yaml"},
		{"a.yaml -- -o x", "", "a.yaml -o x"},
		{"- -o -", "-o -", "-"},
		{"a.yaml --o x.go", "--o x.go", "a.yaml"},
		{"-nope a.yaml", "-nope", "a.yaml"},
	}
	for _, tt := range tests {
		flags, pos := splitArgs(fs, strings.Fields(tt.in))
		if strings.Join(flags, " ") != tt.flags || strings.Join(pos, " ") != tt.pos {
			t.Errorf("splitArgs(%q) = %q, %q; want %q, %q", tt.in, flags, pos, tt.flags, tt.pos)
		}
	}
}

// TestNoSpecOutsidePermcat: with no SPEC, generate, check and docs work on
// the shipped catalogs only in permcat's own repository; anywhere else they
// write nothing and name the specs below the current directory.
func TestNoSpecOutsidePermcat(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "go.mod", "module example.com/app\n\ngo 1.26\n\ntool github.com/permcat/permcat/cmd/permcat\n")
	writeFile(t, "internal/perms/perms.yaml", "# yaml-language-server: $schema=x\npermcat: 1 # format\n"+strings.TrimPrefix(clinicSpec, "permcat: 1\n"))
	writeFile(t, "config/app.yaml", "name: app\npermcat: enabled\n")
	writeFile(t, ".hidden/perms.yaml", clinicSpec)
	for _, cmd := range []string{"generate", "check", "docs"} {
		code, out, errOut := permcatAs(t, "go tool permcat", cmd)
		if code != 2 || out != "" {
			t.Errorf("%s: exit %d, stdout %q", cmd, code, out)
		}
		for _, want := range []string{
			"permcat: " + cmd + " needs a SPEC here",
			"\n\tgo tool permcat " + cmd + " internal/perms/perms.yaml\n",
			"Specs found below the current directory: internal/perms/perms.yaml\n",
		} {
			if !strings.Contains(errOut, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd, want, errOut)
			}
		}
	}
	if _, err := os.Stat("generated"); err == nil {
		t.Error("the shipped catalogs were generated into another module")
	}

	t.Chdir(t.TempDir())
	_, _, errOut := permcat(t, "generate")
	if !strings.Contains(errOut, "No spec (a .yaml or .yml file with a top-level \"permcat:\" line) was found") {
		t.Errorf("with no spec around: %s", errOut)
	}
}

// TestShippedSpecsFromDisk: in permcat's repository the no-SPEC form and
// explain/export CATALOG read spec/ from disk, so edits count even to a
// permcat built before them; elsewhere CATALOG uses the built-in copy.
func TestShippedSpecsFromDisk(t *testing.T) {
	permcatRepository(t)
	const old, edited = "Grants access to the Settings page.", "Opens the Settings page, edited on disk."
	pbn := readFile(t, "spec/pbn.yaml")
	if !strings.Contains(pbn, old) {
		t.Fatalf("spec/pbn.yaml lacks %q", old)
	}
	writeFile(t, "spec/pbn.yaml", strings.Replace(pbn, old, edited, 1))
	if code, _, errOut := permcat(t, "generate"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errOut)
	}
	if !strings.Contains(readFile(t, "generated/pbn/pbn.go"), edited) {
		t.Error("generate compiled the built-in spec, not spec/pbn.yaml")
	}
	for _, args := range [][]string{{"explain", "pbn", "change_practice_settings"}, {"export", "pbn"}} {
		if _, out, _ := permcat(t, args...); !strings.Contains(out, edited) {
			t.Errorf("%s did not read spec/pbn.yaml from disk", strings.Join(args, " "))
		}
	}
	// A spec added to spec/ is one of the catalogs too.
	writeFile(t, "spec/extra.yaml", clinicSpec)
	if code, _, errOut := permcat(t, "generate"); code != 0 || !strings.Contains(errOut, "wrote generated/clinic/clinic.go") {
		t.Errorf("a new spec/extra.yaml: exit %d: %s", code, errOut)
	}
	if code, out, _ := permcat(t, "explain", "extra", "see_schedule"); code != 0 || !strings.Contains(out, "See schedule page") {
		t.Errorf("explain extra: exit %d: %s", code, out)
	}

	// Elsewhere, the copy built into the binary.
	t.Chdir(t.TempDir())
	if _, out, _ := permcat(t, "explain", "pbn", "change_practice_settings"); !strings.Contains(out, old) {
		t.Errorf("outside the repository, explain pbn did not use the built-in spec:\n%.400s", out)
	}
	if code, _, errOut := permcat(t, "explain", "extra", "x"); code != 2 || !strings.Contains(errOut, `no catalog "extra"`) {
		t.Errorf("explain extra outside: exit %d: %s", code, errOut)
	}
}

func TestUnknownCommand(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"generat"}, `permcat: unknown command "generat"; did you mean generate? ("go tool permcat help" lists every command)`},
		{[]string{"chek", "x.yaml"}, `did you mean check?`},
		{[]string{"help", "expalin"}, `did you mean explain?`},
		{[]string{"frobnicate"}, `permcat: unknown command "frobnicate"; run "go tool permcat help" for the list`},
	}
	for _, tt := range tests {
		code, _, errOut := permcatAs(t, "go tool permcat", tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestHintsNameTheInvocation: every hint that says what to run names
// permcat the way the user ran it.
func TestHintsNameTheInvocation(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "perms.yaml", clinicSpec)
	const prog = "go run github.com/permcat/permcat/cmd/permcat"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"check", "perms.yaml"}, `run "` + prog + ` generate perms.yaml"`},
		{[]string{"check", "perms.yaml", "-o", "x/p.go"}, `run "` + prog + ` generate -o x/p.go perms.yaml"`},
		{[]string{"nope"}, `"` + prog + ` help"`},
		{[]string{"explain", "perms.yaml"}, `run "` + prog + ` explain -h"`},
		{[]string{"export"}, `run "` + prog + ` export -h"`},
		{[]string{"generate", "-bogus"}, `run "` + prog + ` generate -h"`},
		{[]string{"help", "generate"}, "usage: " + prog + " generate [-o FILE]"},
		{[]string{"help", "generate"}, "\n\t" + prog + " generate perms.yaml\n"},
		{[]string{"help"}, "\t" + prog + " check "},
		{nil, `Run "` + prog + ` help COMMAND"`},
	}
	for _, tt := range tests {
		_, out, errOut := permcatAs(t, prog, tt.args...)
		if !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%q: output lacks %q:\n%s%s", tt.args, tt.want, out, errOut)
		}
		if strings.Contains(out+errOut, `"permcat `) {
			t.Errorf("%q: a hint names plain permcat:\n%s%s", tt.args, out, errOut)
		}
	}
}

// TestErrorsStartWithPermcat runs failing command lines of every kind: the
// first line of standard error is the error, and starts with "permcat: ".
func TestErrorsStartWithPermcat(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "perms.yaml", clinicSpec)
	writeFile(t, "bad.yaml", "permcat: 1\ncatalog: {name: x}\npermissions: [{key: a, id: 1, requires: [b]}]\n")
	writeFile(t, "mine_gen.md", "# mine\n")
	writeFile(t, "hand.go", "package clinic\n")
	for _, args := range [][]string{
		nil,
		{"nope"},
		{"help", "nope"},
		{"help", "a", "b"},
		{"generate"},
		{"generate", "missing.yaml"},
		{"generate", "bad.yaml"},
		{"generate", "-bogus", "perms.yaml"},
		{"generate", "perms.yaml", "-o", "hand.go"},
		{"generate", "perms.yaml", "perms.yaml"},
		{"generate", "perms.yaml", "-dir", "x"},
		{"check", "perms.yaml"},
		{"check", "missing.yaml"},
		{"docs", "-o", "x.md"},
		{"docs", "bad.yaml"},
		{"explain", "pbn"},
		{"explain", "pbn", "nope_nope"},
		{"explain", "nocatalog", "x"},
		{"explain", "missing.yaml", "x"},
		{"explain", "bad.yaml", "a"},
		{"export", "missing.yaml"},
		{"export", "perms.yaml", "-o", "perms.yaml"},
		{"compat", "missing.yaml", "perms.yaml"},
		{"compat", "perms.yaml"},
		{"version", "extra"},
	} {
		code, _, errOut := permcat(t, args...)
		if code == 0 {
			t.Errorf("%q succeeded", args)
			continue
		}
		if args == nil {
			continue // the command list, on standard error: no error to prefix
		}
		if !strings.HasPrefix(errOut, "permcat: ") {
			t.Errorf("%q: exit %d, stderr does not start with \"permcat: \":\n%s", args, code, errOut)
		}
		if strings.HasPrefix(errOut, "permcat: permcat: ") {
			t.Errorf("%q: doubled prefix:\n%s", args, errOut)
		}
	}
}

func TestWhichInvocation(t *testing.T) {
	info := func(version string, replace *debug.Module) *debug.BuildInfo {
		return &debug.BuildInfo{Path: packagePath, Main: debug.Module{Path: modulePath, Version: version, Replace: replace}}
	}
	const cached = "/home/u/.cache/go-build/84/8418e0641f1309a258b6efe285fdee087f2e8a8226776ce3f78678da24f51e5f-d/permcat"
	const temp = "/tmp/go-build3816047816/b001/exe/permcat"
	const withTool = "module example.com/app\n\ngo 1.26\n\nrequire github.com/permcat/permcat v1.2.0\n\ntool (\n\tgithub.com/permcat/permcat/cmd/permcat\n\texample.com/other\n)\n"
	const genFile = "package perms\n\n//go:generate go run github.com/permcat/permcat/cmd/permcat generate perms.yaml\n"
	tests := []struct {
		name  string
		args  []string
		info  *debug.BuildInfo
		env   map[string]string
		files map[string]string // by path relative to the working directory
		want  string
	}{
		{name: "on PATH", args: []string{"permcat", "check"}, want: "permcat"},
		{name: "by path", args: []string{"./bin/permcat", "check"}, info: info("v1.2.0", nil), want: "./bin/permcat"},
		{name: "go run in permcat", args: []string{temp}, info: info("(devel)", nil), files: map[string]string{"go.mod": "module github.com/permcat/permcat\n"}, want: "go run ./cmd/permcat"},
		{name: "go run in a VCS-stamped permcat", args: []string{temp}, info: info("v0.0.0-20260102150405-abcdef123456+dirty", nil), files: map[string]string{"go.mod": "module github.com/permcat/permcat\n"}, want: "go run ./cmd/permcat"},
		{name: "go run below permcat's root", args: []string{temp}, info: info("(devel)", nil), files: map[string]string{"../go.mod": "module github.com/permcat/permcat\n"}, want: "go run " + packagePath},
		{name: "go tool", args: []string{cached}, info: info("v1.2.0", nil), files: map[string]string{"go.mod": withTool}, want: "go tool permcat"},
		{name: "go tool, module above", args: []string{cached}, info: info("v1.2.0", nil), files: map[string]string{"../../go.mod": "module x\ntool github.com/permcat/permcat/cmd/permcat // pinned\n"}, want: "go tool permcat"},
		{name: "required without a tool line", args: []string{cached}, info: info("v1.2.0", nil), files: map[string]string{"go.mod": "module x\nrequire github.com/permcat/permcat v1.2.0\n"}, want: "go run " + packagePath},
		{name: "outside a module", args: []string{cached}, info: info("v1.2.0", nil), want: "go run " + packagePath + "@v1.2.0"},
		{name: "replaced", args: []string{cached}, info: info("v0.0.0-00010101000000-000000000000", &debug.Module{Path: "../permcat"}), files: map[string]string{"go.mod": withTool}, want: "go tool permcat"},
		{name: "custom GOCACHE", args: []string{"/var/cache/gc/ab/permcat"}, info: info("v1.2.0", nil), env: map[string]string{"GOCACHE": "/var/cache/gc"}, want: "go run " + packagePath + "@v1.2.0"},
		{name: "go generate", args: []string{cached, "generate", "perms.yaml"}, info: info("v1.2.0", nil), env: map[string]string{"GOFILE": "gen.go", "GOLINE": "3"}, files: map[string]string{"gen.go": genFile, "go.mod": withTool}, want: "go run " + packagePath},
		{name: "go generate, line without permcat", args: []string{cached, "generate"}, info: info("v1.2.0", nil), env: map[string]string{"GOFILE": "gen.go", "GOLINE": "1"}, files: map[string]string{"gen.go": genFile, "go.mod": withTool}, want: "go tool permcat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := runContext{
				args:   tt.args,
				info:   tt.info,
				getenv: func(k string) string { return tt.env[k] },
				read: func(name string) ([]byte, error) {
					if s, ok := tt.files[filepath.ToSlash(name)]; ok {
						return []byte(s), nil
					}
					return nil, os.ErrNotExist
				},
			}
			if got := whichInvocation(rc); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, tt := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "(unknown)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-00010101000000-000000000000", Replace: &debug.Module{Path: "../permcat", Version: "(devel)"}}}, "v0.0.0-00010101000000-000000000000 (replaced by ../permcat)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0", Replace: &debug.Module{Path: "example.com/fork", Version: "v1.2.1"}}}, "v1.2.0 (replaced by example.com/fork v1.2.1)"},
	} {
		if got := version(tt.info); got != tt.want {
			t.Errorf("version = %q, want %q", got, tt.want)
		}
	}
}
