package api_test

import (
	"testing"
	"time"
)

// TestProposalLateReplies: the replies a unit owes on proposals count in its collaboration
// figures (on time, late, missing, in the year of their deadline) and in its score, a late
// or missing reply deducting as a late item does.
func TestProposalLateReplies(t *testing.T) {
	e := newEnv(t)
	var ses struct{ ID int64 }
	if st := e.call("sup", "POST", "/api/v1/sessions", map[string]any{"name": "县十八届人大三次会议", "kind": "npc_suggestion",
		"year": 2026, "reply_months": 1}, &ses); st != 201 {
		t.Fatalf("session: %d", st)
	}
	sid := ses.ID
	e.signedLetter(t, "U") // the township U, scored in 2026

	// Three suggestions assigned to U on 2 November 2026, due a month later.
	var ids []int64
	for n := 1; n <= 3; n++ {
		pid := e.createProposal(sid, n, "关于改善农村道路的建议")
		e.proposalAct("sup", pid, "assign", map[string]any{"lead_unit_id": e.units["U"]}, 200)
		e.proposalAct("U_ll", pid, "record-contact", map[string]any{"contacted_on": e.clock.Now().Format(time.RFC3339), "way": "phone",
			"summary": "电话沟通"}, 200)
		ids = append(ids, pid)
	}
	deadline := *e.proposal("sup", ids[0]).Deadline
	reply := map[string]any{"text": "已解决", "class": "A", "signer": "局长"}
	e.clock.Add(8 * 24 * time.Hour)
	e.proposalAct("U_ll", ids[0], "reply", reply, 200) // on time
	e.clock.Set(deadline.Add(8 * 24 * time.Hour))
	e.proposalAct("U_ll", ids[1], "reply", reply, 200) // late; the third is never answered
	// A fourth, assigned now, is due in 2027: not counted in 2026.
	fourth := e.createProposal(sid, 4, "关于增设公交线路的建议")
	if pv, _ := e.proposalAct("sup", fourth, "assign", map[string]any{"lead_unit_id": e.units["U"]}, 200); pv.Deadline.Year() != 2027 {
		t.Fatalf("the fourth is due %v", pv.Deadline)
	}

	var rows struct {
		Units []struct {
			UnitID         int64 `json:"unit_id"`
			RepliesDue     int   `json:"replies_due"`
			RepliesOnTime  int   `json:"replies_on_time"`
			RepliesLate    int   `json:"replies_late"`
			RepliesMissing int   `json:"replies_missing"`
		}
	}
	if st := e.call("sup", "GET", "/api/v1/stats/collaboration?year=2026", nil, &rows); st != 200 {
		t.Fatalf("collaboration: %d", st)
	}
	found := false
	for _, u := range rows.Units {
		if u.UnitID == e.units["U"] {
			found = true
			if u.RepliesDue != 3 || u.RepliesOnTime != 1 || u.RepliesLate != 1 || u.RepliesMissing != 1 {
				t.Errorf("U's replies in 2026: %+v, want 3 due, 1 on time, 1 late, 1 missing", u)
			}
		}
	}
	if !found {
		t.Errorf("U has no row in 2026: %+v", rows.Units)
	}

	type unitScore struct {
		UnitID      int64   `json:"unit_id"`
		Late        float64 `json:"late"`
		LateReply   float64 `json:"late_reply"`
		LateReplies int     `json:"late_replies"`
		Deductions  float64 `json:"deductions"`
	}
	score := func(query string) unitScore {
		t.Helper()
		var board struct {
			Groups []struct{ Scores []unitScore }
		}
		if st := e.call("sup", "GET", "/api/v1/targets/scores?year=2026"+query, nil, &board); st != 200 {
			t.Fatalf("scores%s: %d", query, st)
		}
		for _, g := range board.Groups {
			for _, s := range g.Scores {
				if s.UnitID == e.units["U"] {
					return s
				}
			}
		}
		t.Fatalf("scores%s: U is not scored: %+v", query, board)
		return unitScore{}
	}
	if got := score(""); got.LateReplies != 2 || got.LateReply != 2 || got.Late != 0 || got.Deductions != 2 {
		t.Errorf("U's score: %+v, want the late and the missing reply deducting 1 each", got)
	}
	// Before the deadline nothing was late yet; a day after it, the two unanswered were.
	if got := score("&as_of=" + deadline.Add(-time.Hour).UTC().Format(time.RFC3339)); got.LateReplies != 0 || got.Deductions != 0 {
		t.Errorf("U's score before the deadline: %+v", got)
	}
	if got := score("&as_of=" + deadline.Add(24*time.Hour).UTC().Format(time.RFC3339)); got.LateReplies != 2 {
		t.Errorf("U's score a day after the deadline: %+v", got)
	}
}
