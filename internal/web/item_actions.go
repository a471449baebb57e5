package web

import (
	"fmt"
	"strings"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
)

// actionForm is an action's form on the item page, from its spec.
func (p *itemPage) actionForm(act luoshi.Action) actionForm {
	spec, _ := item.SpecOf(act)
	af := actionForm{Action: act, Shape: spec.Form, Primary: spec.Primary}
	if spec.Form != "fields" {
		return af
	}
	for _, f := range spec.Fields {
		in := input{ID: string(act) + "-" + f.Name, Name: f.Name, Label: string(f.Label), Required: f.Required}
		switch f.Kind {
		case flow.Text:
			in.Kind = "textarea"
		case flow.Time:
			in.Kind = "datetime"
		case flow.Int, flow.ID, flow.Choice:
			in.Kind, in.Options = "select", p.options(f)
			if in.Options == nil {
				in.Kind = "number"
			}
		}
		af.Inputs = append(af.Inputs, in)
	}
	return af
}

// options are the choices of a select on the item page: the co-units that may be asked
// for an opinion, the requests the user's unit may answer, a spec's fixed choices.
func (p *itemPage) options(f flow.Field) []option {
	var out []option
	switch f.Name {
	case "unit_id":
		for _, u := range p.Item.CoUnitIDs {
			if !p.Item.OpenOpinion(u) {
				out = append(out, option{Value: fmt.Sprint(u), Label: p.UnitName(u)})
			}
		}
	case "request_id":
		for _, o := range p.Item.Opinions {
			if o.UnitID == p.Actor.UnitID && o.AnsweredAt == nil {
				out = append(out, option{Value: fmt.Sprint(o.ID),
					Label: p.T("opinion.option", o.ID, clip(o.Question, 30), p.Time(o.Due))})
			}
		}
	case "record_id":
		for _, r := range p.Item.Records {
			if r.Waiver == nil {
				out = append(out, option{Value: fmt.Sprint(r.ID), Label: p.T("record.option", r.ID, p.T("acc."+r.Kind), p.Time(r.At))})
			}
		}
	default:
		prefix := f.Name + "."
		if f.Name == "kind" {
			prefix = "commendation." // the one "fields" form with a kind: commend
		}
		for _, c := range f.Choices {
			out = append(out, option{Value: c, Label: p.T(prefix + c)})
		}
	}
	return out
}

// clip shortens a text to n characters for a choice's label.
func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

// moment reads a date and time ("2006-01-02T15:04", as a datetime-local input sends it) or a
// date (the end of that day) in the region's zone.
func (f *Form) moment(name string, loc *time.Location) time.Time {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return time.Time{}
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04", s, loc); err == nil {
		return f.inRange(name, t)
	}
	if d, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return f.inRange(name, endOfDay(d))
	}
	f.setf(name, "form.moment_bad")
	return time.Time{}
}

// inputCtx is what the f-input template sees.
type inputCtx struct {
	P any
	F *Form
	I input
}

// ConfirmBelow is the reported percent below which approving a completion asks the office
// to confirm it.
func (p *itemPage) ConfirmBelow() int { return luoshi.CompletionConfirmBelow }

// OpinionStatus is where an opinion request stands now: pending, on_time, late, missing.
func (p *itemPage) OpinionStatus(o luoshi.OpinionRequest) string {
	return string(o.StatusAt(p.Now))
}
