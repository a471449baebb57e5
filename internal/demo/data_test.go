package demo

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var (
	unitKeyRE   = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	leaderKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

var sources = []string{
	"meeting_decision", "leader_instruction", "work_report_task", "major_project",
	"key_indicator", "npc_suggestion", "cppcc_proposal", "npc_review_opinion", "other",
}

var priorities = []string{"urgent", "important", "routine"}

func TestRegion(t *testing.T) {
	if RegionCode != "439001" || RegionName != "示例县" {
		t.Errorf("region = %s %s", RegionCode, RegionName)
	}
}

func TestUnits(t *testing.T) {
	if len(Units) < 25 || len(Units) > 40 {
		t.Errorf("%d units, want about 30", len(Units))
	}
	keys := map[string]bool{}
	names := map[string]bool{}
	kinds := map[string]int{}
	for _, u := range Units {
		if !unitKeyRE.MatchString(u.Key) {
			t.Errorf("unit key %q: want lower-case letters and digits", u.Key)
		}
		if !leaderKeyRE.MatchString(u.Key) {
			t.Errorf("unit key %q does not match %s", u.Key, leaderKeyRE)
		}
		if keys[u.Key] {
			t.Errorf("duplicate unit key %q", u.Key)
		}
		keys[u.Key] = true
		if u.Name == "" || names[u.Name] {
			t.Errorf("unit %q: empty or duplicate name %q", u.Key, u.Name)
		}
		names[u.Name] = true
		if u.Kind != KindDepartment && u.Kind != KindTownship {
			t.Errorf("unit %q: kind %q", u.Key, u.Kind)
		}
		kinds[u.Kind]++
		if n := utf8.RuneCountInString(u.Head); n < 2 || n > 4 {
			t.Errorf("unit %q: head %q", u.Key, u.Head)
		}
		if LiaisonUsername(u.Key) == StaffUsername(u.Key) {
			t.Errorf("unit %q: liaison and staff usernames collide", u.Key)
		}
	}
	if kinds[KindDepartment] < 15 || kinds[KindTownship] < 8 {
		t.Errorf("kinds = %v, want ~20 departments and ~10 townships", kinds)
	}
	for _, u := range Units {
		if got, ok := UnitByKey(u.Key); !ok || got.Name != u.Name {
			t.Errorf("UnitByKey(%q) = %v, %v", u.Key, got, ok)
		}
	}
	if _, ok := UnitByKey("nosuch"); ok {
		t.Error("UnitByKey found a unit that does not exist")
	}
}

func TestLeaders(t *testing.T) {
	if len(Leaders) < 6 || len(Leaders) > 8 {
		t.Errorf("%d leaders, want county head, executive deputy and 4–5 deputies", len(Leaders))
	}
	keys := map[string]bool{}
	names := map[string]bool{}
	posts := map[string]int{}
	for _, l := range Leaders {
		if !leaderKeyRE.MatchString(l.Key) {
			t.Errorf("leader key %q does not match %s", l.Key, leaderKeyRE)
		}
		if keys[l.Key] {
			t.Errorf("duplicate leader key %q", l.Key)
		}
		keys[l.Key] = true
		if l.Name == "" || names[l.Name] {
			t.Errorf("leader %q: empty or duplicate name %q", l.Key, l.Name)
		}
		names[l.Name] = true
		posts[l.Post]++
		seen := map[string]bool{}
		for _, k := range l.Portfolio {
			if _, ok := UnitByKey(k); !ok {
				t.Errorf("leader %q: portfolio has unknown unit %q", l.Key, k)
			}
			if seen[k] {
				t.Errorf("leader %q: portfolio lists %q twice", l.Key, k)
			}
			seen[k] = true
		}
		if l.Key != CountyHeadKey && len(l.Portfolio) == 0 {
			t.Errorf("leader %q: only the county head may have an empty portfolio", l.Key)
		}
		if got, ok := LeaderByKey(l.Key); !ok || got.Name != l.Name {
			t.Errorf("LeaderByKey(%q) = %v, %v", l.Key, got, ok)
		}
	}
	head, ok := LeaderByKey(CountyHeadKey)
	if !ok || head.Post != "县长" {
		t.Fatalf("county head %q missing or not 县长: %+v", CountyHeadKey, head)
	}
	if posts["县长"] != 1 || posts["常务副县长"] != 1 || posts["副县长"] < 4 || posts["副县长"] > 5 {
		t.Errorf("posts = %v", posts)
	}
	for _, u := range Units {
		if !head.Oversees(u.Key) {
			t.Errorf("county head does not oversee %q", u.Key)
		}
		n := 0
		for _, l := range Leaders {
			if l.Key != CountyHeadKey && l.Oversees(u.Key) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("unit %q is in no deputy's portfolio", u.Key)
		}
	}
}

func TestItems(t *testing.T) {
	if len(Items) < 120 || len(Items) > 200 {
		t.Errorf("%d items, want about 150", len(Items))
	}
	bySource := map[string]int{}
	byPriority := map[string]int{}
	leads := map[string]int{}
	titles := map[string]bool{}
	for i, it := range Items {
		where := fmt.Sprintf("item %d %q", i, it.Title)
		bySource[it.Source]++
		byPriority[it.Priority]++
		leads[it.Lead]++
		if !contains(sources, it.Source) {
			t.Errorf("%s: unknown source %q", where, it.Source)
		}
		if !contains(priorities, it.Priority) {
			t.Errorf("%s: unknown priority %q", where, it.Priority)
		}
		if strings.TrimSpace(it.SourceRef) == "" {
			t.Errorf("%s: empty source reference", where)
		}
		if n := utf8.RuneCountInString(it.Title); n < 6 || n > 60 {
			t.Errorf("%s: title has %d runes, want 6–60", where, n)
		}
		if titles[it.Title] {
			t.Errorf("duplicate title %q", it.Title)
		}
		titles[it.Title] = true
		if n := strings.Count(it.Content, "。"); n < 2 || n > 4 {
			t.Errorf("%s: content has %d sentences, want 2–4", where, n)
		}
		if _, ok := UnitByKey(it.Lead); !ok {
			t.Errorf("%s: unknown lead unit %q", where, it.Lead)
		}
		if len(it.Co) > 3 {
			t.Errorf("%s: %d co-units, want at most 3", where, len(it.Co))
		}
		seen := map[string]bool{}
		for _, c := range it.Co {
			if _, ok := UnitByKey(c); !ok {
				t.Errorf("%s: unknown co-unit %q", where, c)
			}
			if c == it.Lead {
				t.Errorf("%s: co-units include the lead %q", where, c)
			}
			if seen[c] {
				t.Errorf("%s: co-unit %q twice", where, c)
			}
			seen[c] = true
		}
		l, ok := LeaderByKey(it.Leader)
		if !ok {
			t.Errorf("%s: unknown leader %q", where, it.Leader)
		} else if !l.Oversees(it.Lead) {
			t.Errorf("%s: leader %q does not oversee lead unit %q", where, it.Leader, it.Lead)
		}
	}
	for _, s := range sources {
		if bySource[s] < 8 {
			t.Errorf("source %s appears %d times, want at least 8", s, bySource[s])
		}
	}
	for _, p := range priorities {
		if byPriority[p] == 0 {
			t.Errorf("priority %s never appears", p)
		}
	}
	if share := float64(byPriority["urgent"]) / float64(len(Items)); share < 0.08 || share > 0.25 {
		t.Errorf("urgent share %.2f, want about 0.15", share)
	}
	if len(leads) < 25 {
		t.Errorf("only %d distinct lead units", len(leads))
	}
	t.Logf("%d items; by source %v; by priority %v; %d lead units", len(Items), bySource, byPriority, len(leads))
}

func TestReports(t *testing.T) {
	if len(Reports) < 30 || len(Reports) > 60 {
		t.Errorf("%d reports, want about 40", len(Reports))
	}
	problems := 0
	for i, r := range Reports {
		if strings.TrimSpace(r.Text) == "" {
			t.Errorf("report %d: empty text", i)
		}
		if r.Problems != "" {
			problems++
			if strings.TrimSpace(r.NextSteps) == "" {
				t.Errorf("report %d raises a problem without next steps", i)
			}
		}
	}
	if problems == 0 || problems == len(Reports) {
		t.Errorf("%d of %d reports raise problems; want a mix", problems, len(Reports))
	}
}

func TestTextLists(t *testing.T) {
	for name, list := range map[string][]string{
		"DeclineReasons":      DeclineReasons,
		"ReturnReasons":       ReturnReasons,
		"ExtensionReasons":    ExtensionReasons,
		"Instructions":        Instructions,
		"Comments":            Comments,
		"CompletionSummaries": CompletionSummaries,
	} {
		if len(list) < 6 || len(list) > 10 {
			t.Errorf("%s has %d entries, want 6–10", name, len(list))
		}
		seen := map[string]bool{}
		for _, s := range list {
			if strings.TrimSpace(s) == "" || seen[s] {
				t.Errorf("%s: empty or duplicate entry %q", name, s)
			}
			seen[s] = true
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSeasonalItems checks that every item whose words name a season (清明, 汛期 …) has plain
// words for a deadline outside it, and that the plain words name no season.
func TestSeasonalItems(t *testing.T) {
	for i, it := range Items {
		titleFits, contentFits := true, true
		for m := time.January; m <= time.December; m++ {
			titleFits = titleFits && SeasonFits(it.Title, m)
			contentFits = contentFits && SeasonFits(it.Content, m)
		}
		if !titleFits && it.PlainTitle == "" || !contentFits && it.PlainContent == "" {
			t.Errorf("item %d %q names a season but has no plain words", i, it.Title)
		}
		plain := inSeason(it, 0) // a month no season holds: always the plain words
		for m := time.January; m <= time.December; m++ {
			if !SeasonFits(plain.Title+plain.Content, m) {
				t.Errorf("item %d: the plain words %q name a season", i, plain.Title+plain.Content)
				break
			}
		}
	}
}

// TestReportTopics checks that every report has a known topic and that every item has
// reports that fit it beyond the general ones.
func TestReportTopics(t *testing.T) {
	for i, r := range Reports {
		if _, ok := ReportTopics[r.Topic]; !ok {
			t.Errorf("report %d: unknown topic %q", i, r.Topic)
		}
	}
	for i, it := range Items {
		if n := len(reportsFor(it.Title, it.Content, it.Source)); n < 10 {
			t.Errorf("item %d %q: %d fitting reports, want at least 10", i, it.Title, n)
		}
	}
}
