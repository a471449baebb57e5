package web_test

import (
	"regexp"
	"testing"
)

var (
	topicLink    = regexp.MustCompile(`href="(/topics/\d+)"`)
	meetingLink  = regexp.MustCompile(`href="(/meetings/\d+)"`)
	minutesLink  = regexp.MustCompile(`href="(/meetings/\d+/minutes)"`)
	practiceLink = regexp.MustCompile(`href="(/practices/\d+)"`)
)

// meetingPages are the pages under 会议议题 and 外地经验 for the office, a leader and a
// liaison: the lists, a topic, a meeting with its printable agenda and minutes, a practice,
// the forms of a new topic and practice, and the administrator's meeting kinds.
func meetingPages(t *testing.T, e *env) []pageCase {
	pages := []pageCase{
		{"topics-office", "duchashi", "/topics"}, {"topics-head", "xianzhang", "/topics"}, {"topics-liaison", "zjj_ll", "/topics"},
		{"topics-returned", "duchashi", "/topics?state=returned"},
		{"topic-new-office", "duchashi", "/topics/new"}, {"topic-new-liaison", "jyj_ll", "/topics/new"},
		{"meetings-office", "duchashi", "/meetings"}, {"meetings-liaison", "zjj_ll", "/meetings"},
		{"practices", "duchashi", "/practices"}, {"practices-search", "zjj_ll", "/practices?q=%E4%BE%9B%E6%B0%B4"},
		{"practice-new", "zjj_ll", "/practices/new"}, {"meeting-kinds", "admin", "/meeting-kinds"},
	}
	office := e.login(t, "duchashi")
	first := func(re *regexp.Regexp, path string) string {
		t.Helper()
		_, body := office.get(path)
		m := re.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s links to none of %s", path, re)
		}
		return m[1]
	}
	// The oldest meeting, the last listed, has its minutes published.
	_, list := office.get("/meetings")
	all := meetingLink.FindAllStringSubmatch(list, -1)
	if len(all) == 0 {
		t.Fatal("the meetings list links to no meeting")
	}
	meeting := first(minutesLink, all[len(all)-1][1])
	topic, practice := first(topicLink, "/topics"), first(practiceLink, "/practices")
	m := meeting[:len(meeting)-len("/minutes")]
	return append(pages,
		pageCase{"topic-office", "duchashi", topic}, pageCase{"topic-liaison", "zjj_ll", topic},
		pageCase{"meeting", "duchashi", m}, pageCase{"meeting-head", "xianzhang", m},
		pageCase{"agenda", "duchashi", m + "/agenda"}, pageCase{"minutes", "zjj_ll", meeting},
		pageCase{"practice", "duchashi", practice}, pageCase{"practice-head", "xianzhang", practice},
	)
}
