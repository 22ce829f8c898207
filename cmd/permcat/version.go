package main

import (
	"flag"
	"fmt"
	"runtime/debug"
)

func init() { register(versionCmd) }

var versionCmd = &command{
	name:    "version",
	summary: "print permcat's version",
	usage:   "",
	help: `Version prints the module version permcat was built from, as recorded in
its build information: a release such as v1.2.0, or a pseudo-version such
as v0.0.0-20260102150405-abcdef123456 for a commit, when it runs as a
dependency (go tool permcat, or go run github.com/permcat/permcat/cmd/permcat
in your module); "(devel)" when built inside a checkout of permcat. When
go.mod replaces permcat with a local clone, it says which.

In CI, run the version go.mod pins, on your spec:

	go tool permcat check perms/perms.yaml

(with the tool directive "go get -tool" adds), so that every run generates
the same bytes as your machines.`,
	setup: func(*flag.FlagSet) func(*env, []string) error {
		return func(e *env, args []string) error {
			if len(args) > 0 {
				return usageError("version takes no arguments")
			}
			info, _ := debug.ReadBuildInfo()
			fmt.Fprintf(e.stdout, "permcat %s\n", version(info))
			return nil
		}
	},
}

// version returns the version of the module permcat's main package comes
// from, and its replacement if go.mod replaced it.
func version(info *debug.BuildInfo) string {
	if info == nil || info.Main.Version == "" {
		return "(unknown)"
	}
	v := info.Main.Version
	if r := info.Main.Replace; r != nil {
		v += " (replaced by " + r.Path
		if r.Version != "" && r.Version != "(devel)" {
			v += " " + r.Version
		}
		v += ")"
	}
	return v
}
