package main

import (
	"errors"
	"strings"
	"testing"
)

// serve refuses a -port that is no port before starting anything.
func TestServeBadPort(t *testing.T) {
	for _, port := range []string{"x", "-1", "65536", "80.5"} {
		t.Run(port, func(t *testing.T) {
			err, stdout, stderr := runArgs(t, "serve", "-port", port)
			if !errors.Is(err, errReported) {
				t.Fatalf("err = %v, want a reported failure", err)
			}
			if want := `-port "` + port + `" is not a port number`; !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout: %s", stdout)
			}
		})
	}
}
