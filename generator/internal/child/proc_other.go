//go:build !unix

package child

import (
	"os/exec"
	"syscall"
)

// Detach does nothing where there are no process groups.
func Detach(cmd *exec.Cmd) {}

// SignalGroup kills the process: without process groups there is nothing
// gentler to send.
func SignalGroup(cmd *exec.Cmd, sig syscall.Signal) error { return cmd.Process.Kill() }
