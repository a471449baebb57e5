package web_test

import (
	"io"
	"net/url"
	"os"
	"strings"
	"testing"
)

// postRoutes are the pages' form posts a fuzzed form is sent to, each by a demo account that
// may make it; "{seg}" is the fuzzed path segment (an action, an operation).
var postRoutes = []struct{ user, path string }{
	{"duchashi", "/items"},
	{"duchashi", "/items/1/{seg}"},
	{"jtj_ll", "/items/1/{seg}"},
	{"duchashi", "/proposals/1/{seg}"},
	{"duchashi", "/targets/letters/1/{seg}"},
	{"duchashi", "/topics"},
	{"duchashi", "/topics/1/{seg}"},
	{"duchashi", "/meetings"},
	{"duchashi", "/meetings/1/{seg}"},
	{"duchashi", "/bulletins"},
	{"duchashi", "/bulletins/1/{seg}"},
	{"duchashi", "/practices"},
	{"duchashi", "/meeting-kinds"},
	{"admin", "/units"},
	{"admin", "/users"},
	{"admin", "/leaders"},
	{"admin", "/calendar/preview"},
	{"admin", "/users/1/{seg}"},
	{"security", "/roles/1"},
}

// FuzzPagePost posts one fuzzed form, with one fuzzed path segment, to each form of the pages
// of a demo county of its own: no answer is a server error, and no page shows a message with
// an argument missing ("%!"). Seeds are in testdata/fuzz/FuzzPagePost.
func FuzzPagePost(f *testing.F) {
	dir, err := os.MkdirTemp("", "luoshi-web-fuzz-")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { os.RemoveAll(dir) })
	e, err := newDemo(dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(e.close)
	clients := map[string]*client{}
	for _, r := range postRoutes {
		if clients[r.user] == nil {
			clients[r.user] = e.login(f, r.user)
		}
	}
	f.Add("remind", "title=关于道路整治&deadline=2026-12-31&lead_unit_id=3&percent=50")
	f.Add("report", "text=进展&percent=abc&deadline=0000-01-01")
	f.Add("edit", "name=x&kind=department&unit_id=-1&co_unit_ids=&co_unit_ids=%20")
	f.Add("disable", "a=%zz&text=%00")
	f.Add("..", "")
	f.Fuzz(func(t *testing.T, seg, body string) {
		form, _ := url.ParseQuery(body) // what parses, as a server reading a form keeps
		for _, r := range postRoutes {
			c := *clients[r.user]
			c.t = t
			path := strings.ReplaceAll(r.path, "{seg}", url.PathEscape(seg))
			vals := url.Values{}
			for k, v := range form {
				vals[k] = v
			}
			res := c.post(path, vals)
			page, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode >= 500 || strings.Contains(string(page), "%!") {
				t.Fatalf("POST %s as %s with %q: status %d\n%.2000s", path, r.user, body, res.StatusCode, page)
			}
		}
	})
}
