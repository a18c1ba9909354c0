package scenario

import "github.com/agnivade/levenshtein"

// Suggest returns the candidate closest to s by edit distance, if it is close
// enough to be a likely typo, or "".
func Suggest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(s, c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := 2
	if len(s) > 8 {
		limit = 3
	}
	if bestD >= 0 && bestD <= limit && bestD < len(s) {
		return best
	}
	return ""
}
