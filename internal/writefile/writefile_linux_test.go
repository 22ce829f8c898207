package writefile

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// withinSeconds runs f and fails the test if it has not returned after a
// generous while: the writes under test must never block, and a test that
// hangs until the global timeout would not say which case blocked.
func withinSeconds(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatalf("%s blocked", what)
		return nil
	}
}

// TestWriteRefusesSpecialFiles: a named pipe, a character device and a
// socket are refused, without blocking and even with Force, and stay what
// they were.
func TestWriteRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.go")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock.go")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cases := []struct{ path, what string }{
		{fifo, "named pipe"},
		{sock, "socket"},
	}
	// A character device like /dev/null, made in the temporary directory
	// so that a failure could never replace the machine's own.
	dev := filepath.Join(dir, "null.go")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		cases = append(cases, struct{ path, what string }{dev, "character device"})
	} else {
		t.Logf("cannot create a device node here (%v); /dev/null itself is checked read-only below", err)
	}
	for _, tt := range cases {
		before, err := os.Lstat(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		for _, force := range []bool{false, true} {
			err := withinSeconds(t, "Write to a "+tt.what, func() error {
				_, err := writeOne(tt.path, gen("x"), force)
				return err
			})
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), tt.what) {
				t.Errorf("%s, force=%v: err = %v, want ErrNotRegular naming it", tt.what, force, err)
			}
		}
		after, err := os.Lstat(tt.path)
		if err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
			t.Errorf("the %s was replaced", tt.what)
		}
		err = withinSeconds(t, "FirstLines of a "+tt.what, func() error {
			_, err := FirstLines(tt.path, 2)
			return err
		})
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("FirstLines of a %s: %v, want ErrNotRegular", tt.what, err)
		}
	}
	// The inspection alone, on the real /dev/null: reading it is harmless.
	if _, _, err := readRegular(os.DevNull); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "character device") {
		t.Errorf("readRegular(%s) = %v", os.DevNull, err)
	}
	if got := names(t, dir); slices.ContainsFunc(got, func(n string) bool { return strings.Contains(n, ".permcat-") }) {
		t.Errorf("a temporary file was left: %q", got)
	}
}

// TestMain runs the helper process of TestKilledWriter when asked to, and
// the tests otherwise.
func TestMain(m *testing.M) {
	if dir := os.Getenv("WRITEFILE_HELPER_DIR"); dir != "" {
		blockedWriter(dir)
		return
	}
	os.Exit(m.Run())
}

// blockedWriter writes two files into dir and blocks before the first
// rename, its temporary files complete and locked, until it is killed.
func blockedWriter(dir string) {
	testHook = func(stage, path string) error {
		if stage == "rename" {
			fmt.Println("ready")
			select {}
		}
		return nil
	}
	_, err := Write([]File{
		{Path: filepath.Join(dir, "p.go"), Content: gen("new go"), Header: header},
		{Path: filepath.Join(dir, "p.md"), Content: gen("new md"), Header: header},
	}, Options{})
	fmt.Printf("Write returned: %v\n", err)
	os.Exit(1)
}

// TestKilledWriter kills a writing process with SIGKILL after its temporary
// files are complete: the targets keep their old content, a concurrent
// Write leaves the live writer's temporaries alone, and the first Write
// after its death removes them.
func TestKilledWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process; skipped with -short")
	}
	dir, goPath, mdPath := pair(t)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "WRITEFILE_HELPER_DIR="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper: %q, %v", line, err)
	}
	temps := func() []string {
		var ts []string
		for _, n := range names(t, dir) {
			if strings.Contains(n, ".permcat-") {
				ts = append(ts, filepath.Join(dir, n))
			}
		}
		return ts
	}
	theirs := temps()
	if len(theirs) != 2 {
		t.Fatalf("the blocked writer has %d temporary files, want 2: %q", len(theirs), theirs)
	}
	assertOld(t, dir, goPath, mdPath, filepath.Base(theirs[0]), filepath.Base(theirs[1]))

	// A Write while the other is alive: its own files land, the live
	// writer's temporaries stay.
	res, err := Write(newPair(goPath, mdPath), Options{})
	if err != nil || len(res.Removed) != 0 {
		t.Fatalf("Write beside a live writer: %+v, %v", res, err)
	}
	if got := temps(); !slices.Equal(got, theirs) {
		t.Fatalf("temporary files %q, want the live writer's %q", got, theirs)
	}

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killed = true

	res, err = Write(newPair(goPath, mdPath), Options{})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(res.Removed)
	if !slices.Equal(res.Removed, theirs) {
		t.Errorf("removed %q, want the killed writer's %q", res.Removed, theirs)
	}
	if got := temps(); len(got) != 0 {
		t.Errorf("temporary files left: %q", got)
	}
	for _, p := range theirs {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: %v", p, err)
		}
	}
}
