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
its build information: a release such as v1.2.0 when installed or run as
github.com/permcat/permcat/cmd/permcat@v1.2.0, "(devel)" when built from a
checkout. Pin the version in CI so that every run generates the same bytes:

	go run github.com/permcat/permcat/cmd/permcat@v1.2.0 check`,
	setup: func(*flag.FlagSet) func(*env, []string) error {
		return func(e *env, args []string) error {
			if len(args) > 0 {
				return usageError("version takes no arguments")
			}
			fmt.Fprintf(e.stdout, "permcat %s\n", version())
			return nil
		}
	},
}

// version returns the main module's version from the build information.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" {
		return "(unknown)"
	}
	return info.Main.Version
}
