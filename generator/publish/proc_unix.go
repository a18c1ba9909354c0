//go:build unix

package publish

import (
	"errors"
	"os"
	"syscall"
)

// stopGroup interrupts the child's whole process group (Hugo and anything
// it started); exec's WaitDelay kills the child if that is not enough.
func stopGroup(p *os.Process) error {
	err := syscall.Kill(-p.Pid, syscall.SIGINT)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	return err
}
