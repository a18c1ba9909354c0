//go:build unix

package child

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
)

// SignalGroup sends sig to the command's whole process group.
func SignalGroup(cmd *exec.Cmd, sig syscall.Signal) error {
	err := syscall.Kill(-cmd.Process.Pid, sig)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	return err
}
