package bulletin

import (
	"cmp"
	"math"
	"slices"
	"time"

	"luoshi/internal/luoshi"
)

// Input is what a bulletin's figures are computed from: the items due in the period, the
// open items (for the red and overdue lists), the records made in the period, the region's
// units and leaders by id, the policy that says an item's light, and the moment At.
type Input struct {
	From, To time.Time
	At       time.Time
	Due      []*luoshi.Item
	Open     []*luoshi.Item
	Records  []luoshi.UnitRecord
	Units    map[int64]string
	Leaders  map[int64]string
	Policy   *luoshi.Policy
}

// counted reports whether an item due in the period counts: it was assigned and neither
// suspended nor cancelled.
func counted(it *luoshi.Item) bool {
	switch it.State {
	case luoshi.StateDraft, luoshi.StateSuspended, luoshi.StateCancelled:
		return false
	}
	return true
}

// Rate is n of d as a percentage to one decimal, 0 when d is 0.
func Rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return math.Round(float64(n)*1000/float64(d)) / 10
}

// Compute takes a bulletin's figures. Only outcomes are counted: items due, completed, on
// time, late; units are ranked by on-time rate, then completion rate (level units share a
// rank, listed by name). No activity — logins, views, reports filed — enters.
func Compute(in Input) luoshi.BulletinFigures {
	f := luoshi.BulletinFigures{At: in.At.UTC(), Units: []luoshi.BulletinUnit{}, Red: []luoshi.BulletinItem{},
		Overdue: []luoshi.BulletinItem{}, Commendations: []luoshi.BulletinRecord{}, Accountability: []luoshi.BulletinRecord{}}
	byUnit := map[int64]*luoshi.BulletinUnit{}
	for _, it := range in.Due {
		if !counted(it) || it.Deadline.Before(in.From) || !it.Deadline.Before(in.To) {
			continue
		}
		u := byUnit[it.LeadUnitID]
		if u == nil {
			u = &luoshi.BulletinUnit{UnitID: it.LeadUnitID, UnitName: in.Units[it.LeadUnitID]}
			byUnit[it.LeadUnitID] = u
		}
		done := it.State == luoshi.StateCompleted
		onTime := done && it.RequestedInTime()
		late := luoshi.LateAt(it, in.At)
		u.Due, f.Due = u.Due+1, f.Due+1
		if done {
			u.Completed, f.Completed = u.Completed+1, f.Completed+1
		}
		if onTime {
			u.OnTime, f.OnTime = u.OnTime+1, f.OnTime+1
		}
		if late {
			u.Late, f.Late = u.Late+1, f.Late+1
		}
	}
	f.CompletionRate, f.OnTimeRate = Rate(f.Completed, f.Due), Rate(f.OnTime, f.Due)
	for _, u := range byUnit {
		u.CompletionRate, u.OnTimeRate = Rate(u.Completed, u.Due), Rate(u.OnTime, u.Due)
		f.Units = append(f.Units, *u)
	}
	slices.SortFunc(f.Units, func(a, b luoshi.BulletinUnit) int {
		return cmp.Or(cmp.Compare(b.OnTimeRate, a.OnTimeRate), cmp.Compare(b.CompletionRate, a.CompletionRate),
			cmp.Compare(a.UnitName, b.UnitName), cmp.Compare(a.UnitID, b.UnitID))
	})
	for i := range f.Units {
		u := &f.Units[i]
		if i > 0 && u.OnTimeRate == f.Units[i-1].OnTimeRate && u.CompletionRate == f.Units[i-1].CompletionRate {
			u.Rank = f.Units[i-1].Rank
		} else {
			u.Rank = i + 1
		}
	}
	f.Red, f.Overdue = named(in)
	for _, r := range in.Records {
		br := luoshi.BulletinRecord{ItemID: r.ItemID, Code: r.ItemCode, Title: r.Title, Units: []string{}, Sub: r.Sub,
			Reason: r.Reason, At: r.At, Waived: r.Waiver != nil}
		for _, id := range r.UnitIDs {
			br.Units = append(br.Units, in.Units[id])
		}
		if r.Kind == luoshi.RecordCommendation {
			f.Commendations = append(f.Commendations, br)
		} else {
			f.Accountability = append(f.Accountability, br)
		}
	}
	return f
}

// named lists the open items red at At and those overdue at At (due and their completion
// not asked for in time), most overdue first, then by code.
func named(in Input) (red, overdue []luoshi.BulletinItem) {
	red, overdue = []luoshi.BulletinItem{}, []luoshi.BulletinItem{}
	for _, it := range in.Open {
		if !it.State.Open() || it.State == luoshi.StateDraft {
			continue
		}
		bi := luoshi.BulletinItem{ItemID: it.ID, Code: it.Code, Title: it.Title, UnitName: in.Units[it.LeadUnitID], Deadline: it.Deadline}
		if it.LeaderID != nil {
			bi.LeaderName = in.Leaders[*it.LeaderID]
		}
		if luoshi.LateAt(it, in.At) {
			bi.DaysOverdue = int(in.At.Sub(it.Deadline) / (24 * time.Hour))
			overdue = append(overdue, bi)
		}
		if in.Policy != nil && in.Policy.Light(it, in.At) == luoshi.LightRed {
			red = append(red, bi)
		}
	}
	order := func(a, b luoshi.BulletinItem) int {
		return cmp.Or(a.Deadline.Compare(b.Deadline), cmp.Compare(a.Code, b.Code))
	}
	slices.SortFunc(red, order)
	slices.SortFunc(overdue, order)
	return red, overdue
}
