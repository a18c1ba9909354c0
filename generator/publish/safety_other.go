//go:build !unix

package publish

import (
	"errors"
	"os"
)

var errNoExchange = errors.New("atomic exchange not supported")

// On systems without flock the lock is not taken; two builds of one
// folder at once are then the user's to avoid.
func tryLock(f *os.File) error { return nil }

func unlockFile(f *os.File) error { return nil }

func exchange(a, b string) error { return errNoExchange }
