package stocktake

import (
	"cmp"
	"slices"
	"time"

	"luoshi/internal/luoshi"
)

// GapLevels is how many levels apart the lead unit's and the office's delivery-confidence
// judgements must be for the item to stand on the agenda.
const GapLevels = 2

// Input is what an agenda is generated from: the leader, the region's items, the units and
// leaders by id (for names), the previous stocktake of the same leader (nil: none) with the
// items its commitments track by id, the policy that says lights and schedule status, and
// the moment At.
type Input struct {
	Leader   *luoshi.Leader
	Items    []*luoshi.Item
	Units    map[int64]string
	Leaders  map[int64]string
	Previous *luoshi.Stocktake
	Tracked  map[int64]*luoshi.Item
	Policy   *luoshi.Policy
	At       time.Time
}

// InPortfolio reports whether the item is the leader's work: every item for the county head
// (the whole county), else an item whose lead unit the leader oversees or whose responsible
// leader the leader is. Co-units do not bring an item in: the agenda is about what the
// portfolio owns.
func InPortfolio(l *luoshi.Leader, it *luoshi.Item) bool {
	if it.RegionID != l.RegionID {
		return false
	}
	if l.AllUnits || (it.LeaderID != nil && *it.LeaderID == l.ID) {
		return true
	}
	return slices.Contains(l.Portfolio, it.LeadUnitID)
}

// onAgenda reports whether the item's state puts it before a stocktake: assigned and still
// owed (not a draft, not completed, suspended or cancelled).
func onAgenda(it *luoshi.Item) bool {
	return it.State.Open() && it.State != luoshi.StateDraft
}

// Agenda generates a stocktake's agenda: each section the portfolio's items that meet it, by
// deadline then code; then the previous stocktake's commitments with their outcomes.
func Agenda(in Input) luoshi.StocktakeAgenda {
	ag := luoshi.StocktakeAgenda{At: in.At.UTC(), Red: []luoshi.StocktakeItem{}, Yellow: []luoshi.StocktakeItem{},
		Behind: []luoshi.StocktakeItem{}, Gaps: []luoshi.StocktakeItem{}, Previous: []luoshi.StocktakeFollowUp{}}
	for _, it := range in.Items {
		if !onAgenda(it) || !InPortfolio(in.Leader, it) {
			continue
		}
		si := in.line(it)
		switch si.Light {
		case luoshi.LightRed:
			ag.Red = append(ag.Red, si)
		case luoshi.LightYellow:
			ag.Yellow = append(ag.Yellow, si)
		}
		if si.Schedule == luoshi.ScheduleBehind {
			ag.Behind = append(ag.Behind, si)
		}
		if si.Gap >= GapLevels {
			ag.Gaps = append(ag.Gaps, si)
		}
	}
	order := func(a, b luoshi.StocktakeItem) int {
		return cmp.Or(a.Deadline.Compare(b.Deadline), cmp.Compare(a.Code, b.Code))
	}
	for _, list := range [][]luoshi.StocktakeItem{ag.Red, ag.Yellow, ag.Behind, ag.Gaps} {
		slices.SortFunc(list, order)
	}
	if p := in.Previous; p != nil {
		ag.PreviousID = p.ID
		d := p.Date
		ag.PreviousDate = &d
		for _, c := range p.Commitments {
			f := luoshi.StocktakeFollowUp{Commitment: c, Outcome: luoshi.OutcomeOpen}
			if it := in.Tracked[c.Tracked()]; it != nil {
				f.Outcome, f.State = Outcome(c, it, in.At), it.State
				if in.Policy != nil {
					f.Light = in.Policy.Light(it, in.At)
				}
			} else if in.At.After(c.Due) {
				f.Outcome = luoshi.OutcomeLate
			}
			ag.Previous = append(ag.Previous, f)
		}
	}
	return ag
}

// line is an item as the agenda names it, at In.At.
func (in Input) line(it *luoshi.Item) luoshi.StocktakeItem {
	si := luoshi.StocktakeItem{ItemID: it.ID, Code: it.Code, Title: it.Title, UnitName: in.Units[it.LeadUnitID],
		Deadline: it.Deadline, State: it.State, Percent: it.Percent, Gap: it.ConfidenceGap()}
	if it.LeaderID != nil {
		si.LeaderName = in.Leaders[*it.LeaderID]
	}
	if in.Policy != nil {
		si.Light, si.Schedule = in.Policy.Light(it, in.At), in.Policy.Schedule(it, in.At)
	}
	if it.UnitConfidence != nil {
		si.UnitConfidence = it.UnitConfidence.Level
	}
	if it.OfficeConfidence != nil {
		si.OfficeConfidence = it.OfficeConfidence.Level
	}
	return si
}

// Outcome is what became of a commitment by at, judged by the item it tracks: done when the
// item was completed and its completion asked for by the commitment's date (for a milestone:
// when the milestone was reported done by then, or the item so completed); late when that
// happened after the date, or the date passed without it; open otherwise.
func Outcome(c luoshi.Commitment, it *luoshi.Item, at time.Time) string {
	if c.MilestoneID != 0 {
		i := slices.IndexFunc(it.Milestones, func(m luoshi.Milestone) bool { return m.ID == c.MilestoneID })
		if i >= 0 && it.Milestones[i].DoneAt != nil {
			if it.Milestones[i].DoneAt.After(c.Due) {
				return luoshi.OutcomeLate
			}
			return luoshi.OutcomeDone
		}
	}
	if it.State == luoshi.StateCompleted {
		done := it.CompletedAt
		if it.CompletionRequestedAt != nil {
			done = it.CompletionRequestedAt
		}
		if done != nil && done.After(c.Due) {
			return luoshi.OutcomeLate
		}
		return luoshi.OutcomeDone
	}
	if at.After(c.Due) {
		return luoshi.OutcomeLate
	}
	return luoshi.OutcomeOpen
}
