// Command permcat compiles permission catalogs written as YAML specs into
// self-contained Go packages, and keeps them honest in CI.
//
// Usage:
//
//	permcat generate [-o FILE] [-force] [SPEC...]   compile specs into Go packages (and Markdown references)
//	permcat check [SPEC...]                         fail if generated files are stale, missing or orphaned
//	permcat compat [-format F] [-against REV] OLD NEW   report changes that break stored grants
//	permcat docs [-o FILE] [SPEC...]                write the Markdown references only
//	permcat explain CATALOG PERMISSION              what a permission requires and what requires it
//	permcat export [-o FILE] CATALOG                the resolved catalog as versioned JSON
//	permcat version                                 the module version permcat was built from
//	permcat help [COMMAND]                          usage and examples of a command
//
// With no SPEC, generate and check work on the catalogs that ship with
// permcat (embedded from spec/), writing generated/<name>/<name>.go and
// <name>.md under the current directory. With a SPEC, the output goes
// beside it as <name>_gen.go and <name>_gen.md, which is what a downstream
// repository wants:
//
//	//go:generate go run github.com/permcat/permcat/cmd/permcat generate perms.yaml
//
// generate writes atomically and only when the bytes change, and refuses to
// overwrite a file that does not start with the "Code generated" header.
// check writes nothing: it regenerates in memory, prints a unified diff for
// every stale file, reports missing files and generated files whose spec is
// gone, and exits 1 if there is any drift.
//
// Exit status: 0 on success, 1 when a spec is invalid or output drifted,
// 2 when the command line is wrong.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	usage   string // the arguments, after the command name
	help    string // what it does, with examples
	// setup declares the command's flags on fs and returns the function
	// that runs it with the remaining arguments. Help output calls setup
	// without running, so that it can list the flags.
	setup func(fs *flag.FlagSet) func(e *env, args []string) error
}

// env holds a command's output streams. Tests run commands in-process
// with their own env (and t.Chdir for the working directory).
type env struct {
	stdout, stderr io.Writer
}

// exitError carries an exit status. Its message, if any, has already been
// printed or is printed by main.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageError reports a wrong command line (exit status 2).
func usageError(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
}

// commands lists every subcommand, sorted by name; each file of this
// package registers its own.
var commands []*command

// register adds c to commands, keeping the list sorted for help output.
func register(c *command) {
	i, _ := slices.BinarySearchFunc(commands, c.name, func(x *command, name string) int { return strings.Compare(x.name, name) })
	commands = slices.Insert(commands, i, c)
}

// permcat sets no memory limit of its own, and runs with the collector's
// defaults unless GOGC or GOMEMLIMIT say otherwise. A fixed soft limit
// (it was 256 MiB) saves little below it and is a cliff above it: once a
// large catalog's live heap nears the limit, the collector runs almost
// without pause, and generating 40,000 permissions took twice the CPU
// time and 65,535 three times. Memory grows with the catalog instead, as
// the Performance section of README.md measures.
func main() {
	os.Exit(run(&env{stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
}

// run executes a command line and returns the exit status.
func run(e *env, args []string) int {
	if len(args) == 0 {
		printUsage(e.stderr)
		return 2
	}
	name, args := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name {
			return exitCode(e, c.run(e, args))
		}
	}
	fmt.Fprintf(e.stderr, "permcat: unknown command %q; run \"permcat help\" for the list\n", name)
	return 2
}

func exitCode(e *env, err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(e.stderr, "permcat: %s\n", ee.msg)
		}
		return ee.code
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(e.stderr, err)
	return 1
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, "permcat compiles permission catalogs (YAML specs) into Go packages.\n\nUsage:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\tpermcat %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun \"permcat help COMMAND\" or \"permcat COMMAND -h\" for details and examples.\n")
}

// run parses c's flags and runs it.
func (c *command) run(e *env, args []string) error {
	fs := c.flagSet(e)
	runner := c.setup(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &exitError{code: 2} // the flag package printed the problem
	}
	return runner(e, fs.Args())
}

// flagSet returns a flag set for c whose -h prints c's help.
func (c *command) flagSet(e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("permcat "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { c.printHelp(e.stderr, fs) }
	return fs
}

func (c *command) printHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: permcat %s %s\n\n%s\n", c.name, c.usage, c.help)
	var hasFlags bool
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

var helpCmd = &command{
	name:    "help",
	summary: "show help for a command",
	usage:   "[COMMAND]",
	help:    "Help prints the list of commands, or the help of one command.\n\nExample:\n\n\tpermcat help generate",
}

func init() {
	register(helpCmd)
	// helpCmd.setup refers to commands, which holds helpCmd: assigned here
	// to break the initialization cycle.
	helpCmd.setup = func(*flag.FlagSet) func(*env, []string) error {
		return func(e *env, args []string) error {
			if len(args) == 0 {
				printUsage(e.stdout)
				return nil
			}
			for _, c := range commands {
				if c.name == args[0] {
					fs := c.flagSet(e)
					c.setup(fs)
					c.printHelp(e.stdout, fs)
					return nil
				}
			}
			return usageError("unknown command %q; run \"permcat help\" for the list", args[0])
		}
	}
}
