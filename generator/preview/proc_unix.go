//go:build unix && !linux

package preview

import (
	"os/exec"
	"syscall"
)

// detach puts the child in a process group of its own, so that it and
// anything it starts are stopped together.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends sig to the child's whole process group.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) error {
	return syscall.Kill(-cmd.Process.Pid, sig)
}
