package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
)

// MilestoneInput is one milestone of a new item.
type MilestoneInput struct {
	Title   string    `json:"title"`
	Due     time.Time `json:"due"`
	Percent int       `json:"percent"`
}

// ItemInput is what creating an item takes.
type ItemInput struct {
	Title        string
	Content      string
	Source       string
	SourceRef    string
	Priority     string
	LeadUnitID   int64
	CoUnitIDs    []int64
	LeaderID     *int64
	ParentID     *int64
	Deadline     time.Time
	Milestones   []MilestoneInput
	ReportEvery  string
	Assign       bool
	Unclassified *bool
	// MajorDecision marks a major decision (重大决策), which must name the meeting decision
	// that made it: MeetingID and DecisionNo.
	MajorDecision bool
	MeetingID     int64
	DecisionNo    int
}

// Limits of an item's fields, in characters.
const (
	MaxTitleLen      = 200
	MaxContentLen    = 20000
	MaxSourceRefLen  = 200
	MaxMilestones    = 50
	MaxCoUnits       = 50
	MaxCommentLength = luoshi.MaxTextLen
)

// MaxYearsAhead is how far ahead a deadline or a milestone may be set: further is a typing
// slip (the year 9999), not a plan.
const MaxYearsAhead = 5

// ItemView is an item as a reader sees it: its facts, and what the policy computes from
// them now, and the actions the reader may take.
type ItemView struct {
	*luoshi.Item
	Light           luoshi.Light          `json:"light"`
	ScheduleStatus  luoshi.ScheduleStatus `json:"schedule_status"`
	PlannedPercent  int                   `json:"planned_percent"`
	NextReportDue   *time.Time            `json:"next_report_due"`
	AcceptanceDue   *time.Time            `json:"acceptance_due,omitempty"`
	DeclineDeadline *time.Time            `json:"decline_deadline,omitempty"`
	Overdue         bool                  `json:"overdue"`
	// TimeLeft says, for an open item, the time left or how late it is (剩余 4 小时, 逾期 3 天).
	TimeLeft *luoshi.Msg `json:"-"`
	// RedReason: why the light is red (the deadline, a milestone or a report overdue).
	RedReason luoshi.RedReason `json:"-"`
	// ConfidenceGap is how many levels apart the lead unit's and the office's delivery
	// confidence are (落实把握); 0 when they agree or one has not judged.
	ConfidenceGap int             `json:"confidence_gap"`
	Children      *ChildSummary   `json:"children,omitempty"`
	Actions       []luoshi.Action `json:"actions"`
}

// ChildSummary rolls an item's sub-items up.
type ChildSummary struct {
	Count     int                  `json:"count"`
	Completed int                  `json:"completed"`
	Percent   int                  `json:"percent"`
	Lights    map[luoshi.Light]int `json:"lights"`
}

func (s *Service) validateNew(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, in ItemInput, now time.Time) (*luoshi.Item, error) {
	var v luoshi.Validation
	it := &luoshi.Item{RegionID: a.RegionID, Title: strings.TrimSpace(in.Title), Content: strings.TrimSpace(in.Content),
		Source: luoshi.Source(in.Source), SourceRef: strings.TrimSpace(in.SourceRef), Priority: luoshi.Priority(in.Priority),
		LeadUnitID: in.LeadUnitID, LeaderID: in.LeaderID, ParentID: in.ParentID, Deadline: in.Deadline.UTC().Truncate(time.Millisecond),
		CoUnitIDs: []int64{}, Milestones: []luoshi.Milestone{}, MajorDecision: in.MajorDecision, MeetingID: in.MeetingID,
		DecisionNo: in.DecisionNo}
	checkText(&v, "title", it.Title, luoshi.M("item.field.title"), MaxTitleLen, true)
	checkText(&v, "content", it.Content, luoshi.M("item.field.content"), MaxContentLen, false)
	checkText(&v, "source_ref", it.SourceRef, luoshi.M("item.field.source_ref"), MaxSourceRefLen, false)
	if !it.Source.Valid() {
		v.Add("source", "item.source.invalid", valueMsgs(luoshi.Sources))
	}
	if !it.Priority.Valid() {
		v.Add("priority", "item.priority.invalid")
	}
	if in.Unclassified == nil || !*in.Unclassified {
		v.Add("unclassified", "item.unclassified.required")
	}
	it.Unclassified = true
	if in.Deadline.IsZero() {
		v.Add("deadline", "item.deadline.missing")
	} else if !in.Deadline.After(now) {
		v.Add("deadline", "item.deadline.past", in.Deadline.In(s.loc).Format("2006-01-02 15:04"))
	} else if tooFar(in.Deadline, now) {
		v.Add("deadline", "item.deadline.too_far", MaxYearsAhead)
	}
	cad, err := luoshi.ParseCadence(in.ReportEvery)
	if err != nil {
		v.Add("report_every", "text.plain", luoshi.MsgOf(err))
	}
	it.ReportEvery = cad
	s.checkMilestones(&v, it, in.Milestones, now)
	if err := s.checkUnits(ctx, tx, &v, it, in.CoUnitIDs); err != nil {
		return nil, err
	}
	if it.LeaderID != nil {
		if l, err := tx.FindLeaderByID(ctx, *it.LeaderID); err != nil || l.RegionID != a.RegionID {
			v.Add("leader_id", "item.leader.unknown", *it.LeaderID)
		}
	}
	if err := checkDecisionLink(ctx, tx, &v, it); err != nil {
		return nil, err
	}
	if err := s.checkCreator(ctx, tx, &v, a, it); err != nil {
		return nil, err
	}
	return it, v.Err()
}

func joinValues[T ~string](vals []T) string {
	s := make([]string, len(vals))
	for i, x := range vals {
		s[i] = string(x)
	}
	return strings.Join(s, "、")
}

// valueMsgs lists values in a message, joined as the reader's language joins a list.
func valueMsgs[T ~string](vals []T) []luoshi.Msg {
	out := make([]luoshi.Msg, len(vals))
	for i, x := range vals {
		out[i] = luoshi.M("text.plain", string(x))
	}
	return out
}

// tooFar reports whether t lies more than MaxYearsAhead years after now.
func tooFar(t, now time.Time) bool { return t.After(now.AddDate(MaxYearsAhead, 0, 0)) }

func (s *Service) checkMilestones(v *luoshi.Validation, it *luoshi.Item, ms []MilestoneInput, now time.Time) {
	if len(ms) > MaxMilestones {
		v.Add("milestones", "item.milestones.too_many", MaxMilestones)
		return
	}
	for i, m := range ms {
		f := fmt.Sprintf("milestones[%d]", i)
		title := strings.TrimSpace(m.Title)
		checkText(v, f+".title", title, luoshi.M("item.field.milestone_title"), MaxTitleLen, true)
		switch {
		case m.Due.IsZero():
			v.Add(f+".due", "item.milestone.due_missing")
		case !m.Due.After(now):
			v.Add(f+".due", "item.milestone.due_past")
		case tooFar(m.Due, now):
			v.Add(f+".due", "item.milestone.too_far", MaxYearsAhead)
		case !it.Deadline.IsZero() && m.Due.After(it.Deadline):
			v.Add(f+".due", "item.milestone.after_deadline")
		}
		if m.Percent < 0 || m.Percent > 100 {
			v.Add(f+".percent", "item.milestone.percent_range")
		}
		it.Milestones = append(it.Milestones, luoshi.Milestone{ID: i + 1, Title: title, Due: m.Due.UTC().Truncate(time.Millisecond), Percent: m.Percent})
	}
}

// checkUnits checks the lead unit and the co-units, read in one statement.
func (s *Service) checkUnits(ctx context.Context, tx luoshi.Tx, v *luoshi.Validation, it *luoshi.Item, co []int64) error {
	var ids []int64
	if it.LeadUnitID != 0 {
		ids = append(ids, it.LeadUnitID)
	}
	if len(co) <= MaxCoUnits {
		ids = append(ids, co...)
	}
	units, err := tx.FindUnitsByID(ctx, ids)
	if err != nil {
		return err
	}
	known := make(map[int64]bool, len(units)) // the region's units among ids
	for _, u := range units {
		known[u.ID] = u.RegionID == it.RegionID
	}
	if it.LeadUnitID == 0 {
		v.Add("lead_unit_id", "item.lead.missing")
	} else if !known[it.LeadUnitID] {
		v.Add("lead_unit_id", "item.lead.unknown", it.LeadUnitID)
	}
	if len(co) > MaxCoUnits {
		v.Add("co_unit_ids", "item.co_units.too_many", MaxCoUnits)
		return nil
	}
	for _, u := range co {
		switch {
		case u == it.LeadUnitID:
			v.Add("co_unit_ids", "item.co_units.lead_listed")
		case slices.Contains(it.CoUnitIDs, u):
			v.Add("co_unit_ids", "item.co_units.twice", u)
		case !known[u]:
			v.Add("co_unit_ids", "item.co_units.unknown", u)
		}
		it.CoUnitIDs = append(it.CoUnitIDs, u)
	}
	return nil
}

// checkCreator: the supervision office creates items; a lead unit's liaison may split its
// item into sub-items led by itself or by the item's co-units.
func (s *Service) checkCreator(ctx context.Context, tx luoshi.Tx, v *luoshi.Validation, a *luoshi.Actor, it *luoshi.Item) error {
	var parent *luoshi.Item
	if it.ParentID != nil {
		p, err := tx.FindItemByID(ctx, *it.ParentID)
		if err != nil || !a.CanSeeItem(p) {
			v.Add("parent_id", "item.parent.unknown", *it.ParentID)
		} else {
			parent = p
		}
	}
	if a.Has(luoshi.RoleSupervisor) {
		return nil
	}
	if parent == nil || !a.Has(luoshi.RoleLiaison) || parent.LeadUnitID != a.UnitID {
		return forbidden("item.create.sub_only")
	}
	if it.LeadUnitID != a.UnitID && !parent.IsCoUnit(it.LeadUnitID) {
		v.Add("lead_unit_id", "item.sub.lead")
	}
	if !it.Deadline.IsZero() && it.Deadline.After(parent.Deadline) {
		v.Add("deadline", "item.sub.deadline")
	}
	return nil
}

// CreateItem creates an item (a draft, or assigned at once) with its events.
func (s *Service) CreateItem(ctx context.Context, a *luoshi.Actor, in ItemInput) (*ItemView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	if !a.Has(luoshi.RoleSupervisor) && !a.Has(luoshi.RoleLiaison) {
		return nil, forbidden("item.create.office_only")
	}
	now := s.now()
	p := s.Policy()
	ctx = withActorName(ctx, a)
	var it *luoshi.Item
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		// The number is drawn first, to go with the units' read (PostgreSQL: one round trip
		// for both); a create refused afterwards gives it back with its savepoint.
		number := tx.DrawItemNumber(ctx, a.RegionID, now.In(s.loc).Year())
		ctx := ctx
		if in.Assign {
			// And so are the recipients of the assignment's notice (docs/architecture.md,
			// "PostgreSQL round trips").
			ctx = s.drawAssignRecipients(ctx, tx, p, a, in)
		}
		draft, err := s.validateNew(ctx, tx, a, in, now)
		if err != nil {
			return err
		}
		it, err = s.createItem(ctx, tx, p, a, draft, number, in.Assign, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.view(ctx, p, a, it, nil, now), nil
}

// createItem numbers and stores a new item from a checked draft with its created event,
// assigns it when asked, and rolls its parent up. The item is decided and folded through
// both events first and stored once, as it stands after the last: each event's hooks still
// see the item as that event left it. number answers the number drawn for it
// (DrawItemNumber); nil draws one now.
func (s *Service) createItem(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, a *luoshi.Actor, draft *luoshi.Item, number func() (int, error), assign bool, now time.Time) (*luoshi.Item, error) {
	var n int
	var err error
	if number != nil {
		n, err = number()
	} else {
		n, err = tx.NextItemNumber(ctx, a.RegionID, now.In(s.loc).Year())
	}
	if err != nil {
		return nil, err
	}
	draft.Code = fmt.Sprintf("督办〔%d〕%d号", now.In(s.loc).Year(), n)
	created := luoshi.Event{Seq: 1, Kind: luoshi.EventCreated, ActorID: a.UserID, At: now,
		Data: luoshi.EventData{Item: draft}}
	it := &luoshi.Item{}
	if err := item.Apply(it, created); err != nil {
		return nil, err
	}
	final, assigned := it, luoshi.Event{}
	if assign {
		if assigned, err = s.decideAssign(ctx, tx, p, a, it, now); err != nil {
			return nil, err
		}
		final = it.Clone()
		if err := item.Apply(final, assigned); err != nil {
			return nil, err
		}
	}
	if err := tx.CreateItem(ctx, final, s.derive(p, final, nil)); err != nil {
		return nil, err
	}
	it.ID, created.ItemID, assigned.ItemID = final.ID, final.ID, final.ID
	ctx = withFreshItem(ctx, final.ID)
	if err := s.record(ctx, tx, it, &created); err != nil {
		return nil, err
	}
	if assign {
		if err := s.record(ctx, tx, final, &assigned); err != nil {
			return nil, err
		}
	}
	return final, s.refreshParent(ctx, tx, p, final)
}

// decideAssign decides the assignment of a new item. The supervision office assigns
// through the rules; a lead unit's liaison splitting its item (checked by checkCreator)
// assigns the sub-items it created, which the rules alone cannot know.
func (s *Service) decideAssign(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, a *luoshi.Actor, it *luoshi.Item, now time.Time) (luoshi.Event, error) {
	if !a.Has(luoshi.RoleSupervisor) {
		return luoshi.Event{Seq: it.Version + 1, Kind: luoshi.EventAssigned, ActorID: a.UserID, At: now}, nil
	}
	ev, err := item.Decide(p, it, a, luoshi.ActAssign, nil, now)
	if err != nil {
		return ev, err
	}
	return ev, s.checkRefs(ctx, tx, it, &ev)
}

// derive computes the stored columns of an item: light times and effective percent.
func (s *Service) derive(p *luoshi.Policy, it *luoshi.Item, children []*luoshi.Item) luoshi.ItemDerived {
	y, r := p.LightTimes(it)
	d := luoshi.ItemDerived{YellowAt: y, RedAt: r, Percent: it.Percent, Schedule: p.ScheduleTimes(it)}
	// A parent whose completion was requested answers for itself, as its children are done.
	if len(children) == 0 || !it.State.Open() || it.State == luoshi.StateCompletionRequested {
		return d
	}
	sum, n := 0, 0
	for _, c := range children {
		if c.State == luoshi.StateCancelled {
			continue
		}
		sum += c.Percent
		n++
		cy, cr := p.LightTimes(c)
		d.YellowAt, d.RedAt = minTime(d.YellowAt, cy), minTime(d.RedAt, cr)
	}
	if n > 0 {
		d.Percent = sum / n
		// The parent's schedule stands on the rolled-up percent, as its view shows it.
		rolled := *it
		rolled.Percent = d.Percent
		d.Schedule = p.ScheduleTimes(&rolled)
	}
	return d
}

func minTime(a, b *time.Time) *time.Time {
	if a == nil {
		return b
	}
	if b == nil || a.Before(*b) {
		return a
	}
	return b
}

// refreshParent recomputes the rolled-up columns of the item's parent.
func (s *Service) refreshParent(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, it *luoshi.Item) error {
	if it.ParentID == nil {
		return nil
	}
	parent, err := tx.FindItemByID(ctx, *it.ParentID)
	if err != nil {
		return err
	}
	children, err := tx.FindChildren(ctx, parent.ID)
	if err != nil {
		return err
	}
	return tx.UpdateItemDerived(ctx, parent.ID, s.derive(p, parent, children))
}

// act decides, records and applies one action inside a transaction; it returns the item
// as changed and its sub-items.
func (s *Service) act(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, a *luoshi.Actor, it *luoshi.Item, act luoshi.Action, v flow.Values, now time.Time) (*luoshi.Item, []*luoshi.Item, error) {
	children, err := tx.FindChildren(ctx, it.ID)
	if err != nil {
		return nil, nil, err
	}
	next, err := s.actOn(ctx, tx, p, a, it, children, act, v, now)
	return next, children, err
}

// actOn is act on an item whose children the caller has read in the transaction (an action
// changes no child).
func (s *Service) actOn(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, a *luoshi.Actor, it *luoshi.Item, children []*luoshi.Item, act luoshi.Action, v flow.Values, now time.Time) (*luoshi.Item, error) {
	ev, err := item.Decide(p, it, a, act, v, now)
	if err != nil {
		return nil, err
	}
	if err := s.checkRefs(ctx, tx, it, &ev); err != nil {
		return nil, err
	}
	next := it.Clone()
	if err := item.Apply(next, ev); err != nil {
		return nil, err
	}
	if err := s.record(ctx, tx, next, &ev); err != nil {
		return nil, err
	}
	// Its refusal is this write's answer, whenever it comes (store: queued on PostgreSQL).
	if err := tx.UpdateItemOrRefuse(ctx, next, s.derive(p, next, children), it.Version); err != nil {
		return nil, err
	}
	return next, nil
}

// record appends an event and runs the event hooks, in the transaction of the change; it
// is the single place every item event passes through.
func (s *Service) record(ctx context.Context, tx luoshi.Tx, it *luoshi.Item, ev *luoshi.Event) error {
	if err := tx.AppendEvent(ctx, ev, it.RegionID); err != nil {
		return err
	}
	s.stats.invalidate()
	s.stats.touch(it.RegionID, it.ID)
	for _, h := range s.hooks {
		if err := h(ctx, tx, it, ev); err != nil {
			return fmt.Errorf("event hook: %w", err)
		}
	}
	return nil
}

// checkRefs checks that units named by an event exist in the item's region.
func (s *Service) checkRefs(ctx context.Context, tx luoshi.Tx, it *luoshi.Item, ev *luoshi.Event) error {
	var v luoshi.Validation
	if ev.Kind == luoshi.EventReassigned {
		if _, err := findUnitIn(ctx, tx, it.RegionID, ev.Data.LeadUnitID); err != nil {
			v.Add("lead_unit_id", "item.unit.unknown", ev.Data.LeadUnitID)
		}
	}
	if ev.Kind == luoshi.EventAccountabilityRecorded {
		for _, u := range ev.Data.UnitIDs {
			if _, err := findUnitIn(ctx, tx, it.RegionID, u); err != nil {
				v.Add("unit_ids", "item.unit.unknown", u)
			}
		}
	}
	return v.Err()
}

// Act carries out a Go caller's command on an item, as ActValues does.
func (s *Service) Act(ctx context.Context, a *luoshi.Actor, id int64, cmd luoshi.Command) (*ItemView, error) {
	return s.ActValues(ctx, a, id, cmd.Action, flow.ValuesOf(&cmd))
}

// ActValues carries out one action on an item with the values its spec's fields decoded
// (internal/item). Two conflicting actions at once: one wins, the other gets ECONFLICT with
// the state the winner left.
func (s *Service) ActValues(ctx context.Context, a *luoshi.Actor, id int64, act luoshi.Action, v flow.Values) (*ItemView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	now := s.now()
	p := s.Policy()
	ctx = withActorName(ctx, a)
	var it *luoshi.Item
	var children []*luoshi.Item
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		// The item and its children in one read: the children roll up into the stored
		// columns and the answer.
		cur, kids, err := tx.FindItemFamily(ctx, id)
		if err == nil && !a.CanSeeItem(cur) {
			err = luoshi.Errorf(luoshi.ENOTFOUND, "item.not_found")
		}
		if err != nil {
			return err
		}
		if it, err = s.actOn(ctx, tx, p, a, cur, kids, act, v, now); err != nil {
			return err
		}
		children = kids
		return s.refreshParent(ctx, tx, p, it)
	})
	if err != nil {
		return nil, fmt.Errorf("%s item %d: %w", act, id, err)
	}
	// The answer is the item as this transaction left it: no second read.
	return s.view(ctx, p, a, it, children, now), nil
}

func (s *Service) findVisible(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Item, error) {
	return findItemIf(ctx, tx, id, a.CanSeeItem)
}

// GetItem returns one item the actor may read, with its sub-items rolled up.
func (s *Service) GetItem(ctx context.Context, a *luoshi.Actor, id int64) (*ItemView, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	v, _, err := s.getItem(ctx, a, id, s.now(), nil)
	return v, err
}

// getItem reads and views the item at now; with keep (the mark — data version or item stamp — read just before:
// versionBefore), also how long the view stays the answer (that version, the moments of the
// item and its sub-items).
func (s *Service) getItem(ctx context.Context, a *luoshi.Actor, id int64, now time.Time, keep *mark) (*ItemView, validity, error) {
	var it *luoshi.Item
	var children []*luoshi.Item
	var val validity
	err := s.viewOne(ctx, func(tx luoshi.Tx) error {
		var err error
		// The item and its children in one statement: one round trip on PostgreSQL.
		if it, children, err = tx.FindItemFamily(ctx, id); err != nil {
			return err
		}
		if !a.CanReadItem(it) {
			return luoshi.Errorf(luoshi.ENOTFOUND, "item.not_found")
		}
		return nil
	})
	if err != nil {
		return nil, val, err
	}
	p := s.Policy()
	if keep != nil {
		val.mark = *keep
		h := luoshi.NewHorizon(now)
		for _, c := range append(children, it) {
			p.ViewMoments(&h, c)
		}
		val.policy, val.from, val.until = p, now, h.Until()
	}
	return s.view(ctx, p, a, it, children, now), val, nil
}

func (s *Service) view(_ context.Context, p *luoshi.Policy, a *luoshi.Actor, it *luoshi.Item, children []*luoshi.Item, now time.Time) *ItemView {
	v := &ItemView{Item: it.Clone(), Light: p.Light(it, now), ScheduleStatus: p.Schedule(it, now),
		PlannedPercent: p.PlannedPercent(it, now), NextReportDue: utc(p.NextReportDue(it)), AcceptanceDue: utc(p.AcceptanceDue(it)),
		Actions: []luoshi.Action{}}
	v.ConfidenceGap = it.ConfidenceGap()
	v.RedReason = p.RedReasonAt(it, now)
	v.Overdue = it.State.Open() && now.After(it.Deadline) &&
		(it.State != luoshi.StateCompletionRequested || it.CompletionRequestedAt.After(it.Deadline))
	// A completion requested in time has stopped the clock: no time left, and no lateness.
	if it.State.Open() && (it.State != luoshi.StateCompletionRequested || v.Overdue) {
		m := p.TimeLeft(it.Priority, it.Deadline, now)
		v.TimeLeft = &m
	}
	if it.State == luoshi.StateAssigned && !it.DeclineClosed {
		d := p.DeclineDeadline(it).UTC()
		v.DeclineDeadline = &d
	}
	if len(children) > 0 {
		d := s.derive(p, it, children)
		cs := &ChildSummary{Count: len(children), Lights: map[luoshi.Light]int{}}
		for _, c := range children {
			cs.Lights[p.Light(c, now)]++
			if c.State == luoshi.StateCompleted {
				cs.Completed++
			}
		}
		cs.Percent = d.Percent
		v.Children = cs
		v.Item.Percent = d.Percent
		v.Light = luoshi.LightAt(it.State, d.YellowAt, d.RedAt, now)
		v.ScheduleStatus = p.Schedule(v.Item, now)
	}
	v.Actions = append(v.Actions, item.Allowed(p, it, a, now)...)
	slices.Sort(v.Actions) // the API's order since v1
	return v
}

// ItemPage is one page of a list.
type ItemPage struct {
	Items      []*ItemView `json:"items"`
	NextCursor string      `json:"next_cursor,omitempty"`
}

// ListItems lists the items the actor may see that match the filter, newest first: of the
// actor's region, or of f.RegionID when a city account reads a region below its own. A list
// may come from a read replica, a moment behind the latest change.
func (s *Service) ListItems(ctx context.Context, a *luoshi.Actor, f luoshi.ItemFilter) (*ItemPage, error) {
	if err := s.listFilter(a, &f); err != nil {
		return nil, err
	}
	page, _, err := s.listItems(luoshi.MayReadStale(ctx), a, f, s.now(), false)
	return page, err
}

// listFilter checks that the actor may list items and sets what the actor's roles restrict
// the filter to.
func (s *Service) listFilter(a *luoshi.Actor, f *luoshi.ItemFilter) error {
	if err := requireReader(a); err != nil {
		return err
	}
	region, err := readRegion(a, f.RegionID)
	if err != nil {
		return err
	}
	f.RegionID = region
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 200 {
		return luoshi.Invalid("limit", "item.list.limit")
	}
	// A city account reads the whole of a region below, as that region's supervision office.
	if region == a.RegionID && !a.Has(luoshi.RoleSupervisor) && !(a.Has(luoshi.RoleLeader) && a.AllUnits) {
		units := []int64{}
		if a.Has(luoshi.RoleLiaison) || a.Has(luoshi.RoleStaff) {
			units = append(units, a.UnitID)
		}
		if a.Has(luoshi.RoleLeader) {
			units = append(units, a.Portfolio...)
		}
		f.VisibleUnits, f.VisibleLeader = units, a.LeaderID
		if a.LeaderID == 0 {
			f.VisibleLeader = -1
		}
	}
	return nil
}

// listItems reads and views a page at now (f as listFilter left it); with keep, also how
// long the page stays the answer: the data version read first in the transaction, the
// moments of the items on the page (and of their sub-items, which roll up into them) and,
// when the filter compares stored moments with now, the region's next such moment.
func (s *Service) listItems(ctx context.Context, a *luoshi.Actor, f luoshi.ItemFilter, now time.Time, keep bool) (*ItemPage, validity, error) {
	f.Now = now
	var items, children []*luoshi.Item
	var next string
	var val validity
	h := luoshi.NewHorizon(now)
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		if keep {
			if val.version, err = txVersion(ctx, tx); err != nil {
				return err
			}
		}
		if err := s.portfolioUnits(ctx, tx, &f); err != nil {
			return err
		}
		if items, next, err = tx.FindItems(ctx, f); err != nil {
			return err
		}
		// A parent is shown rolled up from its sub-items, as on its page and as the list's
		// light and schedule filters (the stored columns) take it.
		if children, err = tx.FindChildren(ctx, itemIDs(items)...); err != nil || !keep {
			return err
		}
		h = luoshi.NewHorizon(now) // a run again on the primary starts afresh
		if k := f.Moments(); k != 0 {
			t, err := s.regionMoment(ctx, tx, f.RegionID, k, val.version, now)
			if err != nil {
				return err
			}
			h.AddPtr(t)
		}
		return nil
	})
	if err != nil {
		return nil, val, err
	}
	byParent := map[int64][]*luoshi.Item{}
	for _, c := range children {
		byParent[*c.ParentID] = append(byParent[*c.ParentID], c)
	}
	p := s.Policy()
	page := &ItemPage{Items: make([]*ItemView, 0, len(items)), NextCursor: next}
	for _, it := range items {
		page.Items = append(page.Items, s.view(ctx, p, a, it, byParent[it.ID], now))
		if keep {
			p.ViewMoments(&h, it)
			for _, c := range byParent[it.ID] {
				p.ViewMoments(&h, c)
			}
		}
	}
	val.policy, val.from, val.until = p, now, h.Until()
	return page, val, nil
}

// Events returns an item's whole timeline, oldest first: for the service's own callers and
// tools. What answers a request reads a page of it (EventsPage), whose cost is bounded.
func (s *Service) Events(ctx context.Context, a *luoshi.Actor, id int64) ([]luoshi.Event, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	var evs []luoshi.Event
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		if _, err := s.findReadable(ctx, tx, a, id); err != nil {
			return err
		}
		var err error
		evs, err = tx.FindEvents(ctx, id)
		return err
	})
	return evs, err
}

// EventPage is one page of an item's timeline: the newest events before a cursor, oldest
// first, and the cursor of the page before it ("" at the item's first event).
type EventPage struct {
	Events     []luoshi.Event `json:"events"`
	NextCursor string         `json:"next_cursor,omitempty"`
}

// Pages of a timeline: DefaultEventPage events unless a limit is given, at most MaxEventPage.
const (
	DefaultEventPage = 50
	MaxEventPage     = 500
)

// EventsPage is one page of the item's timeline (FindEventsPage): limit 0 is
// DefaultEventPage; a cursor is one a page before gave.
func (s *Service) EventsPage(ctx context.Context, a *luoshi.Actor, id int64, limit int, cursor string) (*EventPage, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	limit, err := eventLimit(limit)
	if err != nil {
		return nil, err
	}
	p, _, err := s.events(ctx, a, id, limit, cursor, nil)
	return p, err
}

func eventLimit(limit int) (int, error) {
	switch {
	case limit == 0:
		return DefaultEventPage, nil
	case limit < 0 || limit > MaxEventPage:
		return 0, luoshi.Invalid("limit", "events.limit", MaxEventPage)
	}
	return limit, nil
}

// events reads a page of the timeline; with keep (the mark — data version or item stamp — read just before:
// versionBefore), also that version. Nothing of a timeline depends on the clock.
func (s *Service) events(ctx context.Context, a *luoshi.Actor, id int64, limit int, cursor string, keep *mark) (*EventPage, validity, error) {
	p := &EventPage{}
	var val validity
	if keep != nil {
		val.mark = *keep
	}
	err := s.viewOne(ctx, func(tx luoshi.Tx) error {
		// The item (whether the actor may read it) and the page in one statement.
		it, evs, next, err := tx.FindItemEventsPage(ctx, id, cursor, limit)
		if err != nil {
			return err
		}
		if !a.CanReadItem(it) {
			return luoshi.Errorf(luoshi.ENOTFOUND, "item.not_found")
		}
		p.Events, p.NextCursor = evs, next
		return nil
	})
	if p.Events == nil {
		p.Events = []luoshi.Event{}
	}
	return p, val, err
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// checkDecisionLink: an item that names a meeting decision names one of a meeting of its
// region whose minutes hold it; a major decision (重大决策) must name one.
func checkDecisionLink(ctx context.Context, tx luoshi.Tx, v *luoshi.Validation, it *luoshi.Item) error {
	if it.MeetingID == 0 && it.DecisionNo == 0 {
		if it.MajorDecision {
			v.Add("meeting_id", "item.major_decision.no_meeting")
		}
		return nil
	}
	m, err := tx.FindMeetingByID(ctx, it.MeetingID)
	if err != nil && luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
		return err
	}
	if err != nil || m.RegionID != it.RegionID || it.DecisionNo < 1 || it.DecisionNo > len(m.Decisions) {
		v.Add("decision_no", "item.decision.unknown", it.MeetingID, it.DecisionNo)
	}
	return nil
}

// itemIDs are the items' ids, in order.
func itemIDs(items []*luoshi.Item) []int64 {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}
