package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden answers in testdata/golden instead of comparing with them")

// goldenDir holds one file per recorded answer.
const goldenDir = "testdata/golden"

// goldenCase is one request whose answer is recorded; lang is the Accept-Language header.
type goldenCase struct {
	name, user, lang, method, path string
	body                           any
}

// TestGoldenAnswers records the v1 API's answers — status, content type and body, byte for
// byte up to the indentation — for a small scenario, so that a refactor can show the wire
// format did not move. The test clock and a fresh database make the times and ids the same
// on every run, so nothing is normalised. After an intended change of an answer, rewrite the
// files with go test ./internal/api/ -run TestGoldenAnswers -update and read their diff; the
// PostgreSQL run never writes, it must answer exactly what SQLite recorded.
func TestGoldenAnswers(t *testing.T) {
	e := newEnv(t)
	items := goldenScenario(t, e)
	letter := goldenLetter(t, e)
	bulletin := goldenBulletin(t, e)
	first := itemPath(items[0].ID)
	cases := []goldenCase{
		{name: "item", user: "sup", method: "GET", path: first},
		{name: "items", user: "sup", method: "GET", path: "/api/v1/items"},
		{name: "item_events", user: "sup", method: "GET", path: first + "/events"},
		{name: "letter", user: "sup", method: "GET", path: letterPath(letter)},
		{name: "stats_units", user: "sup", method: "GET", path: "/api/v1/stats/units"},
		{name: "stats_collaboration", user: "sup", method: "GET", path: "/api/v1/stats/collaboration"},
		{name: "bulletin", user: "sup", method: "GET", path: bulletinPath(bulletin)},
		{name: "bulletins", user: "sup", method: "GET", path: "/api/v1/bulletins"},
	}
	refusals := []goldenCase{
		// The routine item: the urgent one's decline window closed two hours after assignment.
		{name: "error_invalid", user: "a_ll", method: "POST", path: itemPath(items[2].ID) + "/decline", body: map[string]any{}},
		{name: "error_forbidden", user: "b_ll", method: "POST", path: first + "/request-completion",
			body: map[string]any{"summary": "已完成"}},
		{name: "error_conflict", user: "a_ll", method: "POST", path: first + "/accept"},
		{name: "error_unknown_action", user: "a_ll", method: "POST", path: first + "/no-such-action"},
	}
	for _, c := range refusals {
		zh, en := c, c
		zh.name, en.name, en.lang = c.name+"_zh", c.name+"_en", "en"
		cases = append(cases, zh, en)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkGolden(t, c.name, e.send(e.liveToken(c.user), c.lang, c.method, c.path, c.body))
		})
	}
	checkNoStaleGolden(t, cases)
}

// goldenScenario creates three items on Monday 2 November 2026 and moves the first through
// assignment, acceptance, a progress report and a co-unit's comment by 13:00.
func goldenScenario(t *testing.T, e *env) [3]item {
	t.Helper()
	draft := e.newItem("important", start.Add(30*24*time.Hour))
	draft["assign"] = false
	urgent := e.newItem("urgent", start.Add(48*time.Hour))
	urgent["title"], urgent["report_every"] = "排查整治城区易涝点", "4h"
	routine := e.newItem("routine", start.AddDate(0, 1, 0))
	routine["title"], routine["co_unit_ids"] = "完善社区养老服务设施", []int64{}
	items := [3]item{e.mustCreate(draft), e.mustCreate(urgent), e.mustCreate(routine)}
	id := items[0].ID
	e.clock.Add(30 * time.Minute)
	e.act("sup", id, "assign", nil, 200)
	e.clock.Add(time.Hour)
	e.act("a_ll", id, "accept", nil, 200)
	e.clock.Add(90 * time.Minute)
	e.act("a_ll", id, "report", map[string]any{"text": "已完成 8 公里管道更新", "percent": 40,
		"problems": "部分路段交通疏导难", "next_steps": "协调交警夜间施工"}, 200)
	e.clock.Add(time.Hour)
	e.act("b_ll", id, "comment", map[string]any{"text": "配合意见：同意施工方案"}, 200)
	return items
}

// goldenLetter creates unit A's 2026 letter with one indicator set below its baseline and
// has the unit submit it; it returns the letter's id.
func goldenLetter(t *testing.T, e *env) int64 {
	t.Helper()
	e.clock.Add(time.Hour)
	var l letterView
	body := map[string]any{"unit_id": e.units["A"], "year": 2026, "indicators": []any{
		map[string]any{"name": "规上工业增加值", "category": "经济发展", "direction": "higher_better",
			"baseline": 100, "target": 110, "weight": 60},
		map[string]any{"name": "城镇登记失业率", "category": "社会民生", "direction": "lower_better",
			"baseline": 4.0, "target": 4.1, "weight": 40},
	}}
	if st := e.call("sup", "POST", "/api/v1/targets/letters", body, &l); st != 201 {
		t.Fatalf("create letter: %d", st)
	}
	e.clock.Add(time.Hour)
	e.letterAct("a_ll", l.ID, "submit", nil, 200)
	return l.ID
}

// goldenBulletin generates a special bulletin over November and December 2026, in which the
// urgent and the routine item fall due, and has the office write its foreword; it returns
// the bulletin's id.
func goldenBulletin(t *testing.T, e *env) int64 {
	t.Helper()
	var b bulletinView
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai)
	if st := e.call("sup", "POST", "/api/v1/bulletins", map[string]any{"kind": "special", "from": nov,
		"to": nov.AddDate(0, 2, 0), "title": "关于冬季重点工作的专项督查通报"}, &b); st != 201 {
		t.Fatalf("generate bulletin: %d", st)
	}
	e.call("sup", "POST", bulletinPath(b.ID)+"/edit", map[string]any{"foreword": "现将有关情况通报如下。"}, &b)
	return b.ID
}

// checkGolden compares the answer with its golden file, or writes the file under -update.
func checkGolden(t *testing.T, name string, a answer) {
	t.Helper()
	path := filepath.Join(goldenDir, name+".json")
	got := goldenDoc(a)
	if *update && !onPostgres() {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/api/ -run TestGoldenAnswers -update to record it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: the answer differs from the golden file (- golden, + now; -update rewrites it):\n%s",
			path, lineDiff(string(want), string(got)))
	}
}

// checkNoStaleGolden fails on a golden file no case writes, so a renamed case leaves no
// answer behind that nothing checks.
func checkNoStaleGolden(t *testing.T, cases []goldenCase) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if !slices.ContainsFunc(cases, func(c goldenCase) bool { return c.name == name }) {
			t.Errorf("%s: no case records this answer any more; delete the file", f)
		}
	}
}

// goldenDoc is the golden file of an answer: a JSON document of the status, the content
// type and the body as the server wrote it, indented but with its keys in the server's order.
// Only the white space between the body's tokens is not recorded.
func goldenDoc(a answer) []byte {
	var body bytes.Buffer
	if err := json.Indent(&body, bytes.TrimSpace(a.body), "  ", "  "); err != nil {
		body.Reset()
		quoted, _ := json.Marshal(string(a.body)) // not JSON: kept as a string
		body.Write(quoted)
	}
	ctype, _ := json.Marshal(a.ctype)
	return fmt.Appendf(nil, "{\n  \"status\": %d,\n  \"content_type\": %s,\n  \"body\": %s\n}\n", a.status, ctype, body.Bytes())
}

// lineDiff lists the lines that differ between want and got, by a longest common
// subsequence of lines: "-" and want's line number for a line only in want, "+" and got's
// for a line only in got.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// common[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	common := make([][]int, len(a)+1)
	for i := range common {
		common[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				common[i][j] = common[i+1][j+1] + 1
			} else {
				common[i][j] = max(common[i+1][j], common[i][j+1])
			}
		}
	}
	var out strings.Builder
	for i, j := 0, 0; i < len(a) || j < len(b); {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || common[i+1][j] >= common[i][j+1]):
			fmt.Fprintf(&out, "-%4d %s\n", i+1, a[i])
			i++
		default:
			fmt.Fprintf(&out, "+%4d %s\n", j+1, b[j])
			j++
		}
	}
	return out.String()
}
