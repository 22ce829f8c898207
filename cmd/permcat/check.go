package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"github.com/permcat/permcat/internal/build"
)

func init() { register(checkCmd) }

var checkCmd = &command{
	name:    "check",
	summary: "fail if generated files are stale, missing or orphaned",
	usage:   "[-dir DIR] [SPEC...]",
	help: `Check regenerates every output in memory and compares it with the disk,
writing nothing. It prints a unified diff for each stale file, and reports
outputs that are missing and generated files whose spec no longer exists.
It exits 1 on any drift, so it can guard CI. With no SPEC it checks the
catalogs that ship with permcat, under DIR.

Examples:

	permcat check
	permcat check perms.yaml

To fix drift, run the same command line with generate instead of check.`,
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		o := declareOutputs(fs, "the Go package `FILE` generated from the one SPEC")
		return func(e *env, args []string) error {
			files, err := o.files(e, args)
			if err != nil {
				return err
			}
			drifts, err := build.Check(files)
			if err != nil {
				return err
			}
			// Orphans: with the defaults, anywhere under the output root;
			// with specs, beside the outputs.
			var orphans []build.Drift
			if len(args) == 0 {
				orphans, err = build.Leftovers([]string{*o.dir}, files, true)
			} else {
				var dirs []string
				for _, f := range files {
					dirs = append(dirs, filepath.Dir(f.Path))
				}
				orphans, err = build.Leftovers(dirs, files, false)
			}
			if err != nil {
				return err
			}
			drifts = append(drifts, orphans...)
			for _, d := range drifts {
				fmt.Fprintln(e.stdout, d)
			}
			if len(drifts) > 0 {
				fix := "permcat generate"
				for _, a := range args {
					fix += " " + a
				}
				return &exitError{code: 1, msg: fmt.Sprintf("%d generated file(s) out of date; run %q (for orphans, delete them)", len(drifts), fix)}
			}
			return nil
		}
	},
}
