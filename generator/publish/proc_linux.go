package publish

import "syscall"

// childAttrs puts the child in its own process group and asks the kernel
// to kill it when this process dies, however it dies.
func childAttrs() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
