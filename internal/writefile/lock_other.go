//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package writefile

import (
	"errors"
	"os"
)

// lockable is false: without flock(2) nothing proves that the writer of a
// temporary file is gone, so leftovers of killed runs are never removed
// automatically.
const lockable = false

const openNoFollow = 0

func tryLock(*os.File) (bool, error) { return false, errors.New("file locking is not supported") }
