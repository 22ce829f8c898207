// Command permcat compiles permission catalogs written as YAML specs into
// self-contained Go packages, and keeps them honest in CI.
//
// Usage:
//
//	permcat generate   compile specs into Go packages and Markdown references
//	permcat check      fail if generated files are stale, missing, orphaned or obsolete
//	permcat compat     report spec changes that would break stored grants or give new access
//	permcat diff       what a spec change means, for a reviewer or a tool
//	permcat docs       write the Markdown references only
//	permcat explain    what a permission requires and what requires it
//	permcat export     the resolved catalog as versioned JSON
//	permcat version    the module version permcat was built from
//	permcat help       usage, flags and examples of a command
//
// "permcat help COMMAND" prints a command's exact usage; flags may come
// before or after the arguments, and "--" ends them.
//
// With a SPEC, generate writes <catalog>_gen.go and <catalog>_gen.md beside
// it, which is what a downstream repository wants:
//
//	//go:generate go run github.com/permcat/permcat/cmd/permcat generate perms.yaml
//
// With no SPEC, generate, check and docs work on the catalogs that ship
// with permcat, and only at the root of permcat's own repository: they read
// spec/*.yaml from disk and write generated/<name>/. Anywhere else they say
// which spec to pass.
//
// generate writes atomically, only when the bytes change, and only over
// regular files that start with the "Code generated" header. check writes
// nothing: it regenerates in memory, prints a unified diff for every stale
// file, reports missing files and generated files whose spec is gone or no
// longer produces them, and exits 1 if there is any drift.
//
// Exit status: 0 on success, 1 when a spec is invalid or output drifted,
// 2 when the command line is wrong. Every error starts with "permcat:".
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/naming"
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

// env holds a command's output streams and how the user runs permcat.
// Tests run commands in-process with their own env (and t.Chdir for the
// working directory).
type env struct {
	stdout, stderr io.Writer
	// prog is the command line that runs permcat, as the user typed it
	// ("permcat", "go tool permcat", "go run ./cmd/permcat"), so that
	// hints say what to run next; empty means "permcat".
	prog string
}

// cmd returns the command line that runs permcat followed by args.
func (e *env) cmd(args ...string) string {
	prog := e.prog
	if prog == "" {
		prog = "permcat"
	}
	return strings.Join(append([]string{prog}, args...), " ")
}

// exitError carries an exit status. Its message, if any, is printed by
// exitCode, after "permcat: ".
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

// lookup returns the command called name, or nil.
func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// unknownCommand is the error for a command name that does not exist, with
// the nearest one if it looks like a typo.
func unknownCommand(e *env, name string) error {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	if s := naming.Suggest(name, names); s != "" {
		return usageError("unknown command %q; did you mean %s? (%q lists every command)", name, s, e.cmd("help"))
	}
	return usageError("unknown command %q; run %q for the list", name, e.cmd("help"))
}

// permcat sets no memory limit of its own, and runs with the collector's
// defaults unless GOGC or GOMEMLIMIT say otherwise, but for the first
// collection, which it puts off until the heap holds firstCollection (see
// delayFirstCollection). A fixed soft limit (it was 256 MiB) saves little
// below it and is a cliff above it: once a large catalog's live heap nears
// the limit, the collector runs almost without pause, and generating
// 40,000 permissions took twice the CPU time and 65,535 three times.
// Memory grows with the catalog instead, as the Performance section of
// README.md measures.
func main() {
	delayFirstCollection()
	e := &env{stdout: os.Stdout, stderr: os.Stderr, prog: invocation(os.Args)}
	os.Exit(run(e, os.Args[1:]))
}

// run executes a command line and returns the exit status.
func run(e *env, args []string) int {
	if len(args) == 0 {
		printUsage(e, e.stderr)
		return 2
	}
	name, args := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		return exitCode(e, unknownCommand(e, name))
	}
	return exitCode(e, c.run(e, args))
}

// exitCode prints err, if any, and returns the exit status it stands for.
// Every message starts with "permcat: ", whoever wrote it.
func exitCode(e *env, err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(e.stderr, prefixed(ee.msg))
		}
		return ee.code
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(e.stderr, prefixed(err.Error()))
	return 1
}

// prefixed returns msg starting with "permcat: ", exactly once.
func prefixed(msg string) string {
	return "permcat: " + strings.TrimPrefix(msg, "permcat: ")
}

func printUsage(e *env, w io.Writer) {
	fmt.Fprint(w, "permcat compiles permission catalogs (YAML specs) into Go packages.\n\nUsage:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%s %-8s %s\n", e.cmd(), c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun %q or %q for details and examples.\n", e.cmd("help", "COMMAND"), e.cmd("COMMAND", "-h"))
}

// run parses c's flags, wherever they stand among the arguments, and runs
// it with the other arguments.
func (c *command) run(e *env, args []string) error {
	fs := c.flagSet(e)
	runner := c.setup(fs)
	flags, positional := splitArgs(fs, args)
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.printHelp(e, e.stdout, fs)
			return nil
		}
		return usageError("%s: %v; run %q for its flags", c.name, err, e.cmd(c.name, "-h"))
	}
	return runner(e, positional)
}

// splitArgs separates flags from the other arguments, so that flags may
// follow them as well as precede them ("generate spec.yaml -o out.go"). A
// flag that takes a value takes the next argument unless written -name=v;
// "--" ends the flags, and "-" alone is an argument (standard output or
// input). Unknown flags are kept with the flags, for fs.Parse to report.
func splitArgs(fs *flag.FlagSet, args []string) (flags, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(positional, args[i+1:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, positional
}

// flagSet returns a flag set for c that prints nothing itself: run reports
// its errors and help.
func (c *command) flagSet(e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("permcat "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// flagNames lists the flags c declares, sorted.
func (c *command) flagNames(e *env) []string {
	fs := c.flagSet(e)
	c.setup(fs)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// printHelp prints c's usage, help and flags, naming permcat as the user
// runs it.
func (c *command) printHelp(e *env, w io.Writer, fs *flag.FlagSet) {
	usage := strings.ReplaceAll(c.usage, "\n       permcat ", "\n       "+e.cmd()+" ")
	help := strings.ReplaceAll(c.help, "\n\tpermcat ", "\n\t"+e.cmd()+" ")
	fmt.Fprintf(w, "usage: %s %s\n\n%s\n", e.cmd(c.name), usage, help)
	var hasFlags bool
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nFlags (before or after the arguments):\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
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
			switch len(args) {
			case 0:
				printUsage(e, e.stdout)
				return nil
			case 1:
			default:
				return usageError("help takes one COMMAND; run %q for the list", e.cmd("help"))
			}
			c := lookup(args[0])
			if c == nil {
				return unknownCommand(e, args[0])
			}
			fs := c.flagSet(e)
			c.setup(fs)
			c.printHelp(e, e.stdout, fs)
			return nil
		}
	}
}
