//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package writefile

import (
	"errors"
	"os"
	"syscall"
)

// lockable says that temporary files are locked while written, so that an
// abandoned one can be told from one in use.
const lockable = true

// openNoFollow makes opening a symbolic link fail and opening a named pipe
// return at once instead of waiting for a writer.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// tryLock takes an exclusive flock(2) on f without waiting. It reports false
// when another open file holds one; the lock goes when f is closed or its
// process dies, however it dies. An error means the file system cannot
// lock.
func tryLock(f *os.File) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		}
		return false, err
	}
}
