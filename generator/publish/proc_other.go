//go:build !unix

package publish

import (
	"os"
	"syscall"
)

func childAttrs() *syscall.SysProcAttr { return nil }

func stopGroup(p *os.Process) error { return p.Kill() }
