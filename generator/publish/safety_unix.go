//go:build unix && !linux

package publish

import (
	"errors"
	"os"
	"syscall"
)

var errNoExchange = errors.New("atomic exchange not supported")

func tryLock(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}

func unlockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// exchange is not available here: the swap renames twice, and the next
// build repairs a swap that was cut short.
func exchange(a, b string) error { return errNoExchange }
