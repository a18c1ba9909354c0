package publish

import (
	"errors"

	"golang.org/x/sys/unix"
)

// errNoExchange reports that the file system cannot exchange two folders
// in one step.
var errNoExchange = errors.New("atomic exchange not supported")

// exchange swaps the folders a and b in one step (renameat2 with
// RENAME_EXCHANGE, Linux 3.15 and most local file systems).
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EXDEV) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}
