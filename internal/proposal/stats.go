package proposal

import (
	"slices"

	"luoshi/internal/luoshi"
)

// Figures are the counts of the annual report to the congress and the CPPCC (办理情况报告),
// over a set of proposals: received (as the offices sent them), assigned, replied (on time
// or late, by the first reply), by the class of the latest reply, by the proposer's latest
// verdict, and the B-class promises with those kept (their items completed).
type Figures struct {
	Received        int     `json:"received"`
	Assigned        int     `json:"assigned"`
	Replied         int     `json:"replied"`
	OnTime          int     `json:"on_time"`
	Late            int     `json:"late"`
	ClassA          int     `json:"class_a"`
	ClassB          int     `json:"class_b"`
	ClassC          int     `json:"class_c"`
	ClassD          int     `json:"class_d"`
	Evaluated       int     `json:"evaluated"`
	Satisfied       int     `json:"satisfied"`
	Basically       int     `json:"basically_satisfied"`
	Unsatisfied     int     `json:"unsatisfied"`
	Rehandled       int     `json:"rehandled"`
	SatisfiedRate   float64 `json:"satisfied_rate"`
	BasicallyRate   float64 `json:"basically_satisfied_rate"`
	UnsatisfiedRate float64 `json:"unsatisfied_rate"`
	OnTimeRate      float64 `json:"on_time_rate"`
	Promises        int     `json:"promises"`
	PromisesKept    int     `json:"promises_kept"`
}

// UnitFigures are one lead unit's figures.
type UnitFigures struct {
	UnitID int64 `json:"unit_id"`
	Figures
}

// Count adds a proposal to the figures; kept reports whether a promise's item is completed.
// A split proposal counts as received only: its parts, each with a lead unit, count the rest.
func (f *Figures) Count(p *luoshi.Proposal, kept func(itemID int64) bool) {
	if p.ParentID == 0 {
		f.Received++
	}
	if p.State == luoshi.ProposalSplit || p.LeadUnitID == 0 {
		return
	}
	f.Assigned++
	if p.Round > 1 {
		f.Rehandled++
	}
	if len(p.Replies) > 0 {
		f.Replied++
		if p.Replies[0].Late {
			f.Late++
		} else {
			f.OnTime++
		}
		switch p.LastReply().Class {
		case luoshi.ClassA:
			f.ClassA++
		case luoshi.ClassB:
			f.ClassB++
		case luoshi.ClassC:
			f.ClassC++
		case luoshi.ClassD:
			f.ClassD++
		}
	}
	if ev := lastEvaluation(p); ev != nil {
		f.Evaluated++
		switch ev.Verdict {
		case luoshi.Satisfied:
			f.Satisfied++
		case luoshi.BasicallySatisfied:
			f.Basically++
		case luoshi.Unsatisfied:
			f.Unsatisfied++
		}
	}
	for _, r := range p.Replies {
		for _, pr := range r.Promises {
			f.Promises++
			if pr.ItemID != 0 && kept(pr.ItemID) {
				f.PromisesKept++
			}
		}
	}
}

func lastEvaluation(p *luoshi.Proposal) *luoshi.Evaluation {
	for i := len(p.Replies) - 1; i >= 0; i-- {
		if e := p.Replies[i].Evaluation; e != nil {
			return e
		}
	}
	return nil
}

// Rates fills in the rates: of the evaluated, and of the replied for on time; in percent
// with one decimal.
func (f *Figures) Rates() {
	pct := func(n, of int) float64 {
		if of == 0 {
			return 0
		}
		return float64(int(float64(n)*1000/float64(of)+0.5)) / 10
	}
	f.SatisfiedRate, f.BasicallyRate, f.UnsatisfiedRate = pct(f.Satisfied, f.Evaluated), pct(f.Basically, f.Evaluated), pct(f.Unsatisfied, f.Evaluated)
	f.OnTimeRate = pct(f.OnTime, f.Replied)
}

// Tally counts proposals in all and per lead unit, units in the order of their ids.
func Tally(ps []*luoshi.Proposal, kept func(itemID int64) bool) (Figures, []UnitFigures) {
	var all Figures
	by := map[int64]*UnitFigures{}
	for _, p := range ps {
		all.Count(p, kept)
		if p.LeadUnitID == 0 || p.State == luoshi.ProposalSplit {
			continue
		}
		u := by[p.LeadUnitID]
		if u == nil {
			u = &UnitFigures{UnitID: p.LeadUnitID}
			by[p.LeadUnitID] = u
		}
		q := *p
		q.ParentID = 1 // received counts once, in all
		u.Count(&q, kept)
	}
	all.Rates()
	units := make([]UnitFigures, 0, len(by))
	for _, u := range by {
		u.Rates()
		units = append(units, *u)
	}
	slices.SortFunc(units, func(a, b UnitFigures) int { return int(a.UnitID - b.UnitID) })
	return all, units
}
