package item

import (
	"testing"

	"luoshi/internal/luoshi"
)

// TestMajorDecisionAssign: a draft marked as a major decision (重大决策) is assigned only when
// it names the meeting decision that made it.
func TestMajorDecisionAssign(t *testing.T) {
	p := dtPolicy(t)
	sup := &luoshi.Actor{UserID: 1, RegionID: 1, UnitID: 1, Roles: []luoshi.Role{luoshi.RoleSupervisor}}
	now := dtAt(t, "2026-06-01 09:00")
	for _, c := range []struct {
		name    string
		major   bool
		meeting int64
		no      int
		want    string
	}{
		{"ordinary item", false, 0, 0, ""},
		{"major without a meeting decision", true, 0, 0, luoshi.ECONFLICT},
		{"major with a meeting but no decision", true, 7, 0, luoshi.ECONFLICT},
		{"major with its decision", true, 7, 2, ""},
	} {
		it := &luoshi.Item{ID: 1, RegionID: 1, State: luoshi.StateDraft, LeadUnitID: 2, CoUnitIDs: []int64{},
			Deadline: now.AddDate(0, 3, 0), MajorDecision: c.major, MeetingID: c.meeting, DecisionNo: c.no, Version: 1}
		_, err := Decide(p, it, sup, luoshi.ActAssign, nil, now)
		if got := code(err); got != c.want {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// code is an error's code, empty for none.
func code(err error) string {
	if err == nil {
		return ""
	}
	return luoshi.ErrorCode(err)
}
