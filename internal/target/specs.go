package target

import (
	"strings"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

// EventKind is the kind of an event on a letter's record; it names the audit action
// "target.<kind>" and the record's line on the letter page.
type EventKind string

// The kinds of letter event: those of the actions, then those of the service's other
// changes to a letter.
const (
	Submitted             EventKind = "submitted"
	Reviewed              EventKind = "reviewed"
	Returned              EventKind = "returned"
	Signed                EventKind = "signed"
	Justified             EventKind = "justified"
	JustificationApproved EventKind = "justification_approved"
	Commented             EventKind = "commented"
	AdjustmentRequested   EventKind = "adjustment_requested"
	AdjustmentApproved    EventKind = "adjustment_approved"
	AdjustmentDenied      EventKind = "adjustment_denied"

	Created            EventKind = "created"
	Imported           EventKind = "imported"
	IndicatorsReplaced EventKind = "indicators_replaced"
	ActualEntered      EventKind = "actual_entered"
)

// Step is what a letter action decided: the event to record and the changes the service
// makes in the action's transaction, in this order — the ambition check run again, the
// indicators stored, a new adjustment request checked and stored, a decided one stored, the
// letter moved to its new state and stored as a new version, the event recorded. Adding an
// action adds a spec whose Decide writes a Step; only a new kind of change adds a field.
type Step struct {
	Kind EventKind
	Data luoshi.LetterEventData
	// Recheck runs the ambition check of the letter's year again before the step.
	Recheck bool
	// To is the letter's new state; empty leaves it where it is.
	To luoshi.LetterState
	// Indicators are the letter's indicators as the step changed them (flags, targets).
	Indicators []*luoshi.Indicator
	// Request is a new adjustment request and Proposed the indicator as it would make it:
	// the service checks Proposed's ambition (the request's Flags) and stores the request.
	Request  *luoshi.Adjustment
	Proposed *luoshi.Indicator
	// Decided is an adjustment request as the step decided it.
	Decided *luoshi.Adjustment
}

// NewVersion reports whether the step stores a new version of the letter: a step that
// moves it, changes its indicators or decides one of its adjustment requests does.
func (st *Step) NewVersion() bool {
	return st.To != "" || len(st.Indicators) > 0 || st.Decided != nil
}

// Fields shared by several actions.
var (
	indicatorID = flow.Field{Name: "indicator_id", Kind: flow.ID}
	flagField   = flow.Field{Name: "flag", Kind: flow.Text, Max: 100}
	adjustment  = flow.Field{Name: "adjustment_id", Kind: flow.ID}
	// text is a required text of at most MaxJustification characters under its own label.
	text = func(name string, label flow.Label) flow.Field {
		return flow.Field{Name: name, Kind: flow.Text, Long: true, Required: true, Max: luoshi.MaxJustification, Label: label}
	}
)

// move is the decision of an action that only moves the letter.
func move(kind EventKind, to luoshi.LetterState, recheck bool) func(Ctx, flow.Values, *Step, *flow.Problems) error {
	return func(_ Ctx, _ flow.Values, st *Step, _ *flow.Problems) error {
		st.Kind, st.To, st.Recheck = kind, to, recheck
		return nil
	}
}

var (
	drafting = states(luoshi.LetterDraft, luoshi.LetterSubmitted, luoshi.LetterReviewed)
	pending  = states(luoshi.LetterSubmitted, luoshi.LetterReviewed)
	signed   = states(luoshi.LetterSigned)
	every    = states(luoshi.LetterDraft, luoshi.LetterSubmitted, luoshi.LetterReviewed, luoshi.LetterSigned)
)

// specs are the letter's actions, in the order a page offers them. Units (liaisons) submit,
// justify and request adjustments; the supervision office reviews, returns, approves
// justifications, signs and decides on adjustments; anyone who sees the letter may comment.
func specs() []Spec {
	return []Spec{
		{Name: string(luoshi.LetterSubmit), From: states(luoshi.LetterDraft), Who: []string{"liaison"},
			Primary: true, Decide: move(Submitted, luoshi.LetterSubmitted, true)},
		{Name: string(luoshi.LetterReview), From: states(luoshi.LetterSubmitted), Who: []string{"supervisor"},
			Primary: true, Decide: move(Reviewed, luoshi.LetterReviewed, true)},
		{Name: string(luoshi.LetterReturn), From: pending, Who: []string{"supervisor"},
			Fields: []flow.Field{text("reason", "letter.field.return_reason")}, Form: "reason",
			Decide: func(_ Ctx, v flow.Values, st *Step, _ *flow.Problems) error {
				st.Kind, st.To, st.Data.Reason = Returned, luoshi.LetterDraft, v.Text("reason")
				return nil
			}},
		{Name: string(luoshi.LetterSign), From: states(luoshi.LetterReviewed), Who: []string{"supervisor"},
			Primary: true, Decide: decideSign},
		{Name: string(luoshi.LetterJustify), From: drafting, Who: []string{"liaison"},
			Fields: []flow.Field{indicatorID, flagField, text("text", "letter.field.justification")}, Form: "own",
			Decide: decideJustify},
		{Name: string(luoshi.LetterApprove), From: pending, Who: []string{"supervisor"},
			Fields:  []flow.Field{indicatorID, flagField, {Name: "text", Kind: flow.Text, Long: true}},
			Primary: true, Decide: decideApprove},
		{Name: string(luoshi.LetterComment), From: every, Who: []string{"reader"},
			Fields: []flow.Field{text("text", "letter.field.comment")}, Form: "text",
			Decide: func(_ Ctx, v flow.Values, st *Step, _ *flow.Problems) error {
				st.Kind, st.Data.Text = Commented, v.Text("text")
				return nil
			}},
		{Name: string(luoshi.LetterRequestAdjustment), From: signed, Who: []string{"liaison"},
			Fields: []flow.Field{indicatorID, text("reason", "letter.field.adjustment_reason"),
				{Name: "target", Kind: flow.Float, Required: true, Bounded: true, Min: -luoshi.MaxIndicatorValue, Max: luoshi.MaxIndicatorValue,
					Missing: "letter.adjustment.target_missing", Bad: "letter.adjustment.target_missing"},
				{Name: "stretch", Kind: flow.Float}},
			Form: "own", Decide: decideRequestAdjustment},
		{Name: string(luoshi.LetterApproveAdjustment), From: signed, Who: []string{"supervisor"},
			Fields: []flow.Field{adjustment, {Name: "reason", Kind: flow.Text, Long: true}}, Form: "own",
			Decide: decideApproveAdjustment},
		{Name: string(luoshi.LetterDenyAdjustment), From: signed, Who: []string{"supervisor"},
			Fields: []flow.Field{adjustment, text("reason", "letter.field.deny_reason")}, Form: "own",
			Decide: decideDenyAdjustment},
	}
}

// decideSign: a letter with a flag lacking its justification or the supervision office's
// approval is refused, naming each.
func decideSign(c Ctx, _ flow.Values, st *Step, _ *flow.Problems) error {
	if open := c.Record.Unresolved(); len(open) > 0 {
		e := luoshi.Errorf(luoshi.EINVALID, "letter.sign.unresolved", len(open))
		e.Fields = open
		return e
	}
	st.Kind, st.To = Signed, luoshi.LetterSigned
	return nil
}

// flagOf finds the indicator and flag an action names, adding a problem for what it cannot.
func flagOf(c Ctx, v flow.Values, p *flow.Problems) (*luoshi.Indicator, *luoshi.Flag) {
	id := v.ID("indicator_id")
	found := c.Record.Indicator(id)
	if found == nil {
		p.Add("indicator_id", "letter.indicator.unknown", id)
		return nil, nil
	}
	ind := cloneIndicator(found)
	reason := luoshi.FlagReason(v.Text("flag"))
	for i := range ind.Flags {
		if ind.Flags[i].Reason == reason {
			return ind, &ind.Flags[i]
		}
	}
	p.Add("flag", "letter.flag.unknown", ind.Name, string(reason))
	return nil, nil
}

// decideJustify records the unit's justification of a flag, which resets an earlier approval.
func decideJustify(c Ctx, v flow.Values, st *Step, p *flow.Problems) error {
	st.Kind = Justified
	ind, fl := flagOf(c, v, p)
	if fl == nil {
		return nil
	}
	fl.Justification, fl.JustifiedBy, fl.JustifiedAt = v.Text("text"), c.Actor.UserID, &c.Now
	fl.ApprovedBy, fl.ApprovedAt = 0, nil
	st.Indicators = []*luoshi.Indicator{ind}
	st.Data = luoshi.LetterEventData{IndicatorID: ind.ID, Indicator: ind.Name, Flag: fl.Reason, Text: fl.Justification}
	return nil
}

// decideApprove records the supervision office's approval of a justified flag, or without
// an indicator of every justified flag awaiting it.
func decideApprove(c Ctx, v flow.Values, st *Step, p *flow.Problems) error {
	st.Kind = JustificationApproved
	if v.ID("indicator_id") == 0 {
		return approveAll(c, st, p)
	}
	ind, fl := flagOf(c, v, p)
	if fl == nil {
		return nil
	}
	if strings.TrimSpace(fl.Justification) == "" {
		p.Add("flag", "letter.approve.unjustified", ind.Name)
		return nil
	}
	fl.ApprovedBy, fl.ApprovedAt = c.Actor.UserID, &c.Now
	st.Indicators = []*luoshi.Indicator{ind}
	st.Data = luoshi.LetterEventData{IndicatorID: ind.ID, Indicator: ind.Name, Flag: fl.Reason, Text: v.Text("text")}
	return nil
}

func approveAll(c Ctx, st *Step, p *flow.Problems) error {
	n := 0
	for i := range c.Record.Indicators {
		ind := cloneIndicator(&c.Record.Indicators[i])
		changed := false
		for j := range ind.Flags {
			if fl := &ind.Flags[j]; strings.TrimSpace(fl.Justification) != "" && fl.ApprovedAt == nil {
				fl.ApprovedBy, fl.ApprovedAt = c.Actor.UserID, &c.Now
				changed = true
				n++
			}
		}
		if changed {
			st.Indicators = append(st.Indicators, ind)
		}
	}
	if n == 0 {
		p.Add("flag", "letter.approve.none_pending")
	}
	st.Data.Flags = n
	return nil
}

// checkCutoff refuses an adjustment after the configured cut-off of the letter's year.
func checkCutoff(c Ctx) error {
	if cut := c.Record.Cutoff; !c.Now.Before(cut) {
		return conflict(c.Record.State, "letter.adjustment.closed", cut.AddDate(0, 0, -1).Format("2006年1月2日"))
	}
	return nil
}

// decideRequestAdjustment records a unit's request to change a signed target; the service
// adds the ambition check of the new target for the supervision office to weigh.
func decideRequestAdjustment(c Ctx, v flow.Values, st *Step, p *flow.Problems) error {
	if err := checkCutoff(c); err != nil {
		return err
	}
	st.Kind = AdjustmentRequested
	id := v.ID("indicator_id")
	ind := c.Record.Indicator(id)
	if ind == nil {
		p.Add("indicator_id", "letter.indicator.unknown", id)
	}
	if len(p.List()) > 0 {
		return nil
	}
	for _, x := range c.Record.Adjustments {
		if x.IndicatorID == ind.ID && x.State == luoshi.AdjustmentPending {
			return luoshi.Errorf(luoshi.ECONFLICT, "letter.adjustment.already_pending", ind.Name)
		}
	}
	next := cloneIndicator(ind)
	next.Target, next.Stretch = *v.Float("target"), v.Float("stretch")
	var val luoshi.Validation
	next.Validate(&val, "adjustment")
	if err := val.Err(); err != nil {
		return err
	}
	reason, old := v.Text("reason"), ind.Target
	st.Request = &luoshi.Adjustment{LetterID: c.Record.ID, IndicatorID: ind.ID, State: luoshi.AdjustmentPending,
		OldTarget: old, Target: next.Target, Stretch: next.Stretch, Reason: reason, RequestedBy: c.Actor.UserID, RequestedAt: c.Now}
	st.Proposed = next
	st.Data = luoshi.LetterEventData{IndicatorID: ind.ID, Indicator: ind.Name, Reason: reason,
		Target: &st.Request.Target, OldTarget: &old}
	return nil
}

// decided is the pending adjustment request an action decides on, as decided by the actor
// now, with the event's data; nil when there is none such (a problem or an error says why).
func decided(c Ctx, v flow.Values, st *Step, p *flow.Problems) (*luoshi.Adjustment, *luoshi.Indicator, error) {
	id := v.ID("adjustment_id")
	found := c.Record.Adjustment(id)
	if found == nil {
		p.Add("adjustment_id", "letter.adjustment.unknown", id)
		return nil, nil, nil
	}
	if found.State != luoshi.AdjustmentPending {
		return nil, nil, conflict(found.State, "letter.adjustment.decided")
	}
	adj := *found
	adj.DecidedBy, adj.DecidedAt, adj.Decision = c.Actor.UserID, &c.Now, v.Text("reason")
	st.Decided = &adj
	st.Data = luoshi.LetterEventData{IndicatorID: adj.IndicatorID, AdjustmentID: adj.ID, Target: &adj.Target, OldTarget: &adj.OldTarget}
	ind := c.Record.Indicator(adj.IndicatorID)
	if ind != nil {
		st.Data.Indicator = ind.Name
	}
	return &adj, ind, nil
}

// decideDenyAdjustment denies a pending adjustment request, with the office's reason.
func decideDenyAdjustment(c Ctx, v flow.Values, st *Step, p *flow.Problems) error {
	adj, _, err := decided(c, v, st, p)
	if adj == nil {
		return err
	}
	st.Kind, adj.State, st.Data.Reason = AdjustmentDenied, luoshi.AdjustmentDenied, adj.Decision
	return nil
}

// decideApproveAdjustment approves a pending adjustment request before the cut-off: the
// target changes, its flags recorded as justified by the request and approved by the decision.
func decideApproveAdjustment(c Ctx, v flow.Values, st *Step, p *flow.Problems) error {
	adj, ind, err := decided(c, v, st, p)
	if adj == nil {
		return err
	}
	if err := checkCutoff(c); err != nil {
		return err
	}
	if ind == nil {
		return luoshi.Errorf(luoshi.ENOTFOUND, "letter.indicator.not_found")
	}
	st.Kind, adj.State = AdjustmentApproved, luoshi.AdjustmentApproved
	next := cloneIndicator(ind)
	next.Target, next.Stretch = adj.Target, adj.Stretch
	next.Flags = make([]luoshi.Flag, len(adj.Flags))
	for i, f := range adj.Flags {
		f.Justification, f.JustifiedBy, f.JustifiedAt = adj.Reason, adj.RequestedBy, &adj.RequestedAt
		f.ApprovedBy, f.ApprovedAt = c.Actor.UserID, &c.Now
		next.Flags[i] = f
	}
	st.Indicators = []*luoshi.Indicator{next}
	return nil
}
