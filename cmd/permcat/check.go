package main

import (
	"flag"
	"fmt"

	"github.com/permcat/permcat/internal/build"
)

func init() { register(checkCmd) }

var checkCmd = &command{
	name:    "check",
	summary: "fail if generated files are stale, missing, orphaned or obsolete",
	usage:   "[-o FILE] [-dir DIR] [SPEC...]",
	help: `Check regenerates every output in memory and compares it with the disk,
writing nothing. It prints a unified diff for each stale file, and reports
outputs that are missing, generated files whose spec no longer exists
(orphaned) and generated files whose source line names one of the SPECs
that no longer produces them (obsolete: catalog.name was renamed, and the
old package would sit beside the new one). It also fails when an output's
package differs from the Go files beside it. It exits 1 on any of these,
so it can guard CI.

` + shippedHelp + `

Examples:

	permcat check perms/perms.yaml
	permcat check -o internal/authz/perms.go perms.yaml

Give check the same SPECs and -o as generate. To fix drift, run the same
command line with generate instead of check.`,
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		o := declareOutputs(fs, "the Go package `FILE` generated from the one SPEC")
		return func(e *env, args []string) error {
			files, err := o.files(e, "check", args)
			if err != nil {
				return err
			}
			drifts, err := build.Check(files)
			if err != nil {
				return err
			}
			leftovers, err := o.leftovers(args, files)
			if err != nil {
				return err
			}
			if err := build.CheckPackages(files, leftovers); err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
			drifts = append(drifts, leftovers...)
			for _, d := range drifts {
				fmt.Fprintln(e.stdout, d)
			}
			if len(drifts) > 0 {
				fix := []string{"generate"}
				if *o.out != "" {
					fix = append(fix, "-o", *o.out)
				}
				if isSet(fs, "dir") {
					fix = append(fix, "-dir", *o.dir)
				}
				fix = append(fix, args...)
				return &exitError{code: 1, msg: fmt.Sprintf("%d generated file(s) out of date; run %q (it also removes obsolete files; delete orphaned ones)", len(drifts), e.cmd(fix...))}
			}
			return nil
		}
	},
}
