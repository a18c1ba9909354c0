//go:build unix && !linux

package publish

import "syscall"

// childAttrs puts the child in its own process group. There is no
// parent-death signal here: a SIGKILLed build can leave Hugo running.
func childAttrs() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
