package child

import (
	"os/exec"
	"syscall"
)

// Detach puts the command's process in a group of its own, so that it and
// anything it starts are stopped together, and has the kernel kill it when
// the thread that starts it ends (Pdeathsig): start and wait for it on a
// goroutine locked to its thread (runtime.LockOSThread).
func Detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
