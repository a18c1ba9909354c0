package preview

import (
	"os/exec"
	"syscall"
)

// detach puts the child in a process group of its own, so that it and
// anything it starts are stopped together, and has the kernel kill it if
// coachsim dies without cleaning up (Pdeathsig; see startLocked for the
// thread it is tied to).
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// signalGroup sends sig to the child's whole process group.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) error {
	return syscall.Kill(-cmd.Process.Pid, sig)
}
