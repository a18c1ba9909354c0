//go:build unix && !linux

package publish

import "errors"

var errNoExchange = errors.New("atomic exchange not supported")

// exchange is not available here: the swap renames twice, and the next
// build repairs a swap that was cut short.
func exchange(a, b string) error { return errNoExchange }
