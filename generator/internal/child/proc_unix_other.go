//go:build unix && !linux

package child

import (
	"os/exec"
	"syscall"
)

// Detach puts the command's process in a group of its own. There is no
// parent-death signal here: a SIGKILLed coachsim can leave Hugo running.
func Detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }
