package web

import "strings"

// PagePatterns are the patterns of the GET routes that answer a whole page, for the tests
// that visit every page: the method left off.
func PagePatterns() []string {
	var out []string
	for _, rt := range routes {
		if p, ok := strings.CutPrefix(rt.pattern, "GET "); ok {
			out = append(out, p)
		}
	}
	return out
}
