package publish

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// errNoExchange reports that the file system cannot exchange two folders
// in one step.
var errNoExchange = errors.New("atomic exchange not supported")

func tryLock(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}

func unlockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// exchange swaps the folders a and b in one step (renameat2 with
// RENAME_EXCHANGE, Linux 3.15 and most local file systems).
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EXDEV) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}
