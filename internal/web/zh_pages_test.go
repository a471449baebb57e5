package web_test

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/web"
)

// latinAllowed are the Latin words a Chinese page may rightly hold: names of formats and
// standards, and the language switch that names English in English.
var latinAllowed = []string{"English", "Excel", "Word", "xlsx", "CSV", "csv", "PDF", "ID", "SM3", "SM4", "GDP", "CPI", "TOTP",
	"OTP", "App", "QR", "MB", "KB", "Microsoft", "Authenticator", "luoshi"}

// roadNumber is a road's number (S312 省道, G4 高速), a name, not a word.
var roadNumber = regexp.MustCompile(`^[GSXY]\d+$`)

// notPages are the GET routes that answer no page of their own: downloads, fragments, the
// language switch, and the steps of a login that a session in progress sees.
var notPages = []string{"/lang/{lang}", "/items/export", "/items/workdays", "/audit/export",
	"/login/2fa", "/login/password", "/login/enrol", "/static/"}

var (
	unseen    = regexp.MustCompile(`(?is)<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<svg\b.*?</svg>|<code>.*?</code>`)
	codeText  = regexp.MustCompile(`<code>([^<]*)</code>`)
	seenAttr  = regexp.MustCompile(`(?i)\s(?:title|aria-label|placeholder|alt|data-label)="([^"]*)"`)
	aTag      = regexp.MustCompile(`<[^>]*>`)
	latinWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_.@\-]*`)
	// extension is a file name's extension (报告.txt): the name is data.
	extension = regexp.MustCompile(`\.[A-Za-z][A-Za-z0-9]{0,4}\b`)
)

// strayEnglish returns the Latin words a reader sees on a page (its text, and the titles,
// labels and placeholders of its elements) that are not allowed. Data is not words: what
// the page marks as code (user names, the audit trail's records as stored), identifiers
// with an underscore, a dot, a hyphen or an @ (a command's words), road numbers, and the extra words given (the county's user names,
// which also stand in lists and screen-reader text).
func strayEnglish(page string, data ...string) []string {
	page = unseen.ReplaceAllString(page, " ")
	var seen []string
	for _, m := range seenAttr.FindAllStringSubmatch(page, -1) {
		seen = append(seen, m[1])
	}
	seen = append(seen, aTag.ReplaceAllString(page, " "))
	var out []string
	for _, text := range seen {
		for _, w := range latinWord.FindAllString(extension.ReplaceAllString(html.UnescapeString(text), ""), -1) {
			w = strings.TrimRight(w, ".-")
			if len(w) < 2 || strings.ContainsAny(w, "_@.-") || roadNumber.MatchString(w) || slices.Contains(latinAllowed, w) || slices.Contains(data, w) {
				continue
			}
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// zhPages are the pages of the demo county for an account of every role.
func zhPages(t *testing.T, e *env) []pageCase {
	pages := allPages(t, e)
	letters := e.demoLetters(t)
	fgj := e.actor(t, "fgj_ll").UnitID
	letter := letters[0].ID
	for _, l := range letters {
		if l.UnitID == fgj {
			letter = l.ID
		}
	}
	completed := e.itemOf(t, "jtj", luoshi.StateCompleted)
	for _, user := range []string{"duchashi", "xianzhang", "fgj_ll"} {
		pages = append(pages,
			pageCase{"targets-" + user, user, "/targets"},
			pageCase{"board-" + user, user, "/targets/board"},
			pageCase{"ranking-" + user, user, "/ranking"},
			pageCase{"letter-" + user, user, fmt.Sprintf("/targets/letters/%d", letter)},
			pageCase{"indicators-" + user, user, "/indicators"},
		)
	}
	pages = append(pages,
		pageCase{"detail-completed", "duchashi", fmt.Sprintf("/items/%d", completed.ID)},
		pageCase{"detail-head", "xianzhang", fmt.Sprintf("/items/%d", completed.ID)},
		pageCase{"list-head", "xianzhang", "/items"},
		pageCase{"account-admin", "admin", "/account"},
		pageCase{"account-security", "security", "/account"},
		pageCase{"workbench-security", "security", "/"},
		pageCase{"calendar", "admin", "/calendar"},
		pageCase{"cockpit-office", "duchashi", "/cockpit"},
		pageCase{"cockpit-head", "xianzhang", "/cockpit"},
		pageCase{"cockpit-deputy", "changwu", "/cockpit"},
		pageCase{"cockpit-big", "xianzhang", "/cockpit?screen=big"},
	)
	pages = append(pages, bulletinPages(t, e)...)
	pages = append(pages, meetingPages(t, e)...)
	pages = append(pages, stocktakePages(t, e)...)
	return append(pages, proposalPages(t, e)...)
}

// bulletinPages are the pages under 督查通报: the list as the office (drafts too), a unit
// and the county head; the office's draft (with its action forms) and a published bulletin
// as a unit reads it; the printable page.
func bulletinPages(t *testing.T, e *env) []pageCase {
	_, office := e.login(t, "duchashi").get("/bulletins")
	_, unit := e.login(t, "fgj_ll").get("/bulletins")
	var published, draft string
	for _, m := range bulletinLink.FindAllStringSubmatch(unit, -1) {
		published = "/bulletins/" + m[1]
	}
	for _, m := range bulletinLink.FindAllStringSubmatch(office, -1) {
		if !strings.Contains(unit, `href="/bulletins/`+m[1]+`"`) {
			draft = "/bulletins/" + m[1]
		}
	}
	if published == "" || draft == "" {
		t.Fatalf("the demo's bulletins: published %q, draft %q", published, draft)
	}
	return []pageCase{
		{"bulletins-office", "duchashi", "/bulletins"},
		{"bulletins-unit", "fgj_ll", "/bulletins"},
		{"bulletins-head", "xianzhang", "/bulletins"},
		{"bulletin-draft", "duchashi", draft},
		{"bulletin-published", "fgj_ll", published},
		{"bulletin-print", "fgj_ll", published + "/print"},
	}
}

// proposalPages are the pages under 建议提案 for the office, the NPC office and a deputy: the
// list, the statistics, a proposal, and a reply letter (of a proposal the office's list
// shows with one).
func proposalPages(t *testing.T, e *env) []pageCase {
	pages := []pageCase{
		{"proposals-office", "duchashi", "/proposals"},
		{"proposals-npc", "renda", "/proposals"},
		{"proposals-deputy", "daibiao3", "/proposals"},
		{"proposal-stats", "duchashi", "/proposals/stats"},
		{"proposal-stats-npc", "renda", "/proposals/stats"},
	}
	office := e.login(t, "duchashi")
	_, list := office.get("/proposals")
	for _, m := range proposalLink.FindAllStringSubmatch(list, -1) {
		path := "/proposals/" + m[1]
		_, page := office.get(path)
		if letter := letterLink.FindStringSubmatch(page); letter != nil {
			return append(pages, pageCase{"proposal", "duchashi", path},
				pageCase{"proposal-letter", "duchashi", html.UnescapeString(letter[1])})
		}
	}
	t.Fatal("no proposal of the demo's first page has a reply letter")
	return nil
}

var (
	bulletinLink = regexp.MustCompile(`href="/bulletins/(\d+)" class="bulletin-link"`)
	proposalLink = regexp.MustCompile(`href="/proposals/(\d+)"`)
	letterLink   = regexp.MustCompile(`href="(/proposals/\d+/letter[^"]*)"`)
)

// TestPagesInChinese renders every page of the demo county in zh-CN, as an account of each
// role that has it, and fails on Latin words a reader would see ("· unit", "2026 Q3"),
// beyond the few a Chinese page rightly holds. Every GET route that answers a page must be
// among those visited, so that a new page is held to it too.
func TestPagesInChinese(t *testing.T) {
	e := sharedDemo(t)
	pages := zhPages(t, e)
	for _, pattern := range web.PagePatterns() {
		if slices.Contains(notPages, pattern) {
			continue
		}
		re := regexp.MustCompile("^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(strings.TrimSuffix(pattern, "{$}")), `[^/]+`) + "(\\?.*)?$")
		if !slices.ContainsFunc(pages, func(pc pageCase) bool { return re.MatchString(pc.path) }) {
			t.Errorf("the page %s is not visited: add it to zhPages (or, if it is no page, to notPages)", pattern)
		}
	}
	// The county's user names, as the administrator's list shows them.
	_, users := e.login(t, "admin").get("/users")
	var names []string
	for _, m := range codeText.FindAllStringSubmatch(users, -1) {
		names = append(names, m[1])
	}
	clients := map[string]*client{}
	for _, pc := range pages {
		status, body := e.clientOf(t, clients, pc.user).get(pc.path)
		if status != http.StatusOK {
			t.Errorf("GET %s as %s: %d", pc.path, pc.user, status)
			continue
		}
		if words := strayEnglish(body, names...); len(words) > 0 {
			t.Errorf("%s as %s (%s): English on a Chinese page: %q", pc.path, pc.user, pc.name, words)
		}
	}
}

// TestStrayEnglish: the check finds what leaked before and passes what may stand.
func TestStrayEnglish(t *testing.T) {
	for page, want := range map[string][]string{
		`<p>县发展和改革局 · unit</p>`:                                       {"unit"},
		`<td>2026 Q3</td><td>第3季度</td>`:                               {"Q3"},
		`<span title="Progress">进度</span>`:                            {"Progress"},
		`<p>导出 Excel · <a href="/lang/en">English</a></p>`:            nil,
		`<p>联络员 jtj_ll，邮箱 a@b.cn</p><script>var x = "Hello"</script>`: nil,
		`<li><a href="/a/1">现场照片.jpeg</a> 12 KB · Draft</li>`:         {"Draft"},
	} {
		if got := strayEnglish(page); !slices.Equal(got, want) {
			t.Errorf("strayEnglish(%q) = %q, want %q", page, got, want)
		}
	}
}

// clientOf is the user's client among clients, logged in on first use ("" for none), set to
// report to t.
func (e *env) clientOf(t testing.TB, clients map[string]*client, user string) *client {
	t.Helper()
	c, ok := clients[user]
	if !ok {
		c = &client{t: t, e: e, http: http.DefaultClient}
		if user != "" {
			c = e.login(t, user)
		}
		clients[user] = c
	}
	c.t = t
	return c
}
