//go:build !unix

package preview

import (
	"os/exec"
	"syscall"
)

// detach does nothing where there are no process groups.
func detach(cmd *exec.Cmd) {}

// signalGroup kills the child: without process groups there is nothing
// gentler to send.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) error {
	return cmd.Process.Kill()
}
