package service

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"luoshi/internal/luoshi"
)

// LetterCommand is one action on a letter with what it needs: a reason (return, deny), a
// text (justify, comment), the indicator and flag (justify, approve-justification), a new
// target (request-adjustment) or the adjustment decided on.
type LetterCommand struct {
	Action       luoshi.LetterAction `json:"action"`
	Reason       string              `json:"reason"`
	Text         string              `json:"text"`
	IndicatorID  int64               `json:"indicator_id"`
	Flag         luoshi.FlagReason   `json:"flag"`
	Target       *float64            `json:"target"`
	Stretch      *float64            `json:"stretch"`
	AdjustmentID int64               `json:"adjustment_id"`
}

// LetterAct carries out one action on a letter, with its event and audit record.
func (s *Service) LetterAct(ctx context.Context, a *luoshi.Actor, id int64, cmd LetterCommand) (*LetterView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	now := s.now()
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		l, err := s.findLetter(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := luoshi.CheckLetterAction(l, cmd.Action); err != nil {
			if luoshi.ErrorCode(err) == luoshi.ENOTFOUND {
				return err
			}
			if perr := mayLetter(a, l, cmd.Action); perr != nil {
				return perr
			}
			return err
		}
		if err := mayLetter(a, l, cmd.Action); err != nil {
			return err
		}
		return s.letterStep(ctx, tx, a, l, cmd, now)
	})
	if err != nil {
		return nil, fmt.Errorf("%s letter %d: %w", cmd.Action, id, err)
	}
	return s.GetLetter(ctx, a, id, time.Time{})
}

func (s *Service) letterStep(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, cmd LetterCommand, now time.Time) error {
	switch cmd.Action {
	case luoshi.LetterSubmit:
		if err := s.recheck(ctx, tx, l.RegionID, l.Year, []int64{l.ID}); err != nil {
			return err
		}
		return s.transition(ctx, tx, a, l, luoshi.LetterSubmitted, "submitted", luoshi.LetterEventData{}, now)
	case luoshi.LetterReview:
		if err := s.recheck(ctx, tx, l.RegionID, l.Year, []int64{l.ID}); err != nil {
			return err
		}
		return s.transition(ctx, tx, a, l, luoshi.LetterReviewed, "reviewed", luoshi.LetterEventData{}, now)
	case luoshi.LetterReturn:
		reason, err := needLetterText("reason", cmd.Reason, "退回理由")
		if err != nil {
			return err
		}
		return s.transition(ctx, tx, a, l, luoshi.LetterDraft, "returned", luoshi.LetterEventData{Reason: reason}, now)
	case luoshi.LetterSign:
		return s.sign(ctx, tx, a, l, now)
	case luoshi.LetterJustify, luoshi.LetterApprove:
		return s.resolveFlag(ctx, tx, a, l, cmd, now)
	case luoshi.LetterComment:
		text, err := needLetterText("text", cmd.Text, "意见")
		if err != nil {
			return err
		}
		return s.letterEvent(ctx, tx, a, l, "commented", luoshi.LetterEventData{Text: text}, now)
	case luoshi.LetterRequestAdjustment:
		return s.requestAdjustment(ctx, tx, a, l, cmd, now)
	default:
		return s.decideAdjustment(ctx, tx, a, l, cmd, now)
	}
}

func needLetterText(field, s, label string) (string, error) {
	s = strings.TrimSpace(s)
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", luoshi.Invalid(field, "请填写%s", label)
	case n > luoshi.MaxJustification:
		return "", luoshi.Invalid(field, "%s不能超过 %d 个字", label, luoshi.MaxJustification)
	}
	return s, nil
}

// transition moves the letter to state with its event.
func (s *Service) transition(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, to luoshi.LetterState, kind string, d luoshi.LetterEventData, now time.Time) error {
	l.State = to
	switch to {
	case luoshi.LetterSubmitted:
		l.SubmittedAt = &now
	case luoshi.LetterReviewed:
		l.ReviewedAt = &now
	case luoshi.LetterSigned:
		l.SignedAt, l.SignedBy = &now, a.UserID
	}
	if err := s.bump(ctx, tx, l, now); err != nil {
		return err
	}
	// The rechecked flags are in the store; count them for the record.
	cur, err := tx.FindLetterByID(ctx, l.ID)
	if err != nil {
		return err
	}
	for _, ind := range cur.Indicators {
		d.Flags += len(ind.Flags)
	}
	return s.letterEvent(ctx, tx, a, l, kind, d, now)
}

// sign signs a reviewed letter; a letter with a flag lacking its justification or the
// supervision office's approval is refused, naming each.
func (s *Service) sign(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, now time.Time) error {
	if open := l.Unresolved(); len(open) > 0 {
		return &luoshi.Error{Code: luoshi.EINVALID, Fields: open,
			Message: fmt.Sprintf("目标责任书有 %d 处目标定位问题尚未说明或未经督查室同意，不能签订", len(open))}
	}
	return s.transition(ctx, tx, a, l, luoshi.LetterSigned, "signed", luoshi.LetterEventData{}, now)
}

// resolveFlag records a unit's justification of a flag (which resets an earlier approval), or
// the supervision office's approval of a justified flag (IndicatorID 0: every justified flag).
func (s *Service) resolveFlag(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, cmd LetterCommand, now time.Time) error {
	if cmd.Action == luoshi.LetterApprove && cmd.IndicatorID == 0 {
		return s.approveAll(ctx, tx, a, l, now)
	}
	ind := l.Indicator(cmd.IndicatorID)
	if ind == nil {
		return luoshi.Invalid("indicator_id", "指标 %d 不在这份目标责任书中", cmd.IndicatorID)
	}
	fl := findFlag(ind, cmd.Flag)
	if fl == nil {
		return luoshi.Invalid("flag", "指标“%s”没有“%s”这项目标定位问题", ind.Name, string(cmd.Flag))
	}
	d := luoshi.LetterEventData{IndicatorID: ind.ID, Indicator: ind.Name, Flag: fl.Reason}
	kind := "justified"
	if cmd.Action == luoshi.LetterJustify {
		text, err := needLetterText("text", cmd.Text, "说明")
		if err != nil {
			return err
		}
		fl.Justification, fl.JustifiedBy, fl.JustifiedAt = text, a.UserID, &now
		fl.ApprovedBy, fl.ApprovedAt = 0, nil
		d.Text = text
	} else {
		if strings.TrimSpace(fl.Justification) == "" {
			return luoshi.Invalid("flag", "单位尚未对指标“%s”作出说明，不能审核同意", ind.Name)
		}
		fl.ApprovedBy, fl.ApprovedAt = a.UserID, &now
		d.Text, kind = cmd.Text, "justification_approved"
	}
	if err := tx.UpdateIndicator(ctx, ind); err != nil {
		return err
	}
	if err := s.bump(ctx, tx, l, now); err != nil {
		return err
	}
	return s.letterEvent(ctx, tx, a, l, kind, d, now)
}

func findFlag(ind *luoshi.Indicator, r luoshi.FlagReason) *luoshi.Flag {
	for i := range ind.Flags {
		if ind.Flags[i].Reason == r {
			return &ind.Flags[i]
		}
	}
	return nil
}

func (s *Service) approveAll(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, now time.Time) error {
	n := 0
	for i := range l.Indicators {
		ind := &l.Indicators[i]
		changed := false
		for j := range ind.Flags {
			fl := &ind.Flags[j]
			if strings.TrimSpace(fl.Justification) != "" && fl.ApprovedAt == nil {
				fl.ApprovedBy, fl.ApprovedAt = a.UserID, &now
				changed = true
				n++
			}
		}
		if changed {
			if err := tx.UpdateIndicator(ctx, ind); err != nil {
				return err
			}
		}
	}
	if n == 0 {
		return luoshi.Invalid("flag", "没有待审核的说明")
	}
	if err := s.bump(ctx, tx, l, now); err != nil {
		return err
	}
	return s.letterEvent(ctx, tx, a, l, "justification_approved", luoshi.LetterEventData{Flags: n}, now)
}

// checkCutoff refuses an adjustment after the configured cut-off of the letter's year.
func (s *Service) checkCutoff(ctx context.Context, tx luoshi.Tx, l *luoshi.Letter, now time.Time) error {
	rules, err := s.targetRules(ctx, tx, l.RegionID)
	if err != nil {
		return err
	}
	cut, err := rules.Cutoff(l.Year, s.loc)
	if err != nil {
		return err
	}
	if !now.Before(cut) {
		return &luoshi.Error{Code: luoshi.ECONFLICT, State: string(l.State), Message: fmt.Sprintf(
			"目标调整须在 %s 之前提出并经督查室批准，现已截止", cut.AddDate(0, 0, -1).Format("2006年1月2日"))}
	}
	return nil
}

// requestAdjustment records a unit's request to change a signed target, with the ambition
// check of the new target for the supervision office to weigh.
func (s *Service) requestAdjustment(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, cmd LetterCommand, now time.Time) error {
	if err := s.checkCutoff(ctx, tx, l, now); err != nil {
		return err
	}
	ind := l.Indicator(cmd.IndicatorID)
	if ind == nil {
		return luoshi.Invalid("indicator_id", "指标 %d 不在这份目标责任书中", cmd.IndicatorID)
	}
	reason, err := needLetterText("reason", cmd.Reason, "调整理由")
	if err != nil {
		return err
	}
	if cmd.Target == nil || !finite(*cmd.Target) {
		return luoshi.Invalid("target", "请填写调整后的目标值")
	}
	adjs, err := tx.FindAdjustments(ctx, l.ID)
	if err != nil {
		return err
	}
	for _, x := range adjs {
		if x.IndicatorID == ind.ID && x.State == luoshi.AdjustmentPending {
			return luoshi.Errorf(luoshi.ECONFLICT, "指标“%s”已有待审批的调整申请", ind.Name)
		}
	}
	next := *ind
	next.Target, next.Stretch = *cmd.Target, cmd.Stretch
	var v luoshi.Validation
	next.Validate(&v, "adjustment")
	if err := v.Err(); err != nil {
		return err
	}
	c, err := s.ambitionContext(ctx, tx, l, &next)
	if err != nil {
		return err
	}
	rules, err := s.targetRules(ctx, tx, l.RegionID)
	if err != nil {
		return err
	}
	adj := &luoshi.Adjustment{LetterID: l.ID, IndicatorID: ind.ID, State: luoshi.AdjustmentPending, OldTarget: ind.Target,
		Target: next.Target, Stretch: next.Stretch, Reason: reason, Flags: rules.CheckAmbition(&next, c),
		RequestedBy: a.UserID, RequestedAt: now}
	if err := tx.CreateAdjustment(ctx, adj); err != nil {
		return err
	}
	old := ind.Target
	return s.letterEvent(ctx, tx, a, l, "adjustment_requested", luoshi.LetterEventData{IndicatorID: ind.ID,
		Indicator: ind.Name, Reason: reason, Target: &adj.Target, OldTarget: &old, AdjustmentID: adj.ID, Flags: len(adj.Flags)}, now)
}

// decideAdjustment approves (the target changes, its flags recorded as justified by the
// request and approved by the decision) or denies a pending adjustment.
func (s *Service) decideAdjustment(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, cmd LetterCommand, now time.Time) error {
	adjs, err := tx.FindAdjustments(ctx, l.ID)
	if err != nil {
		return err
	}
	var adj *luoshi.Adjustment
	for _, x := range adjs {
		if x.ID == cmd.AdjustmentID {
			adj = x
		}
	}
	if adj == nil {
		return luoshi.Invalid("adjustment_id", "调整申请 %d 不在这份目标责任书中", cmd.AdjustmentID)
	}
	if adj.State != luoshi.AdjustmentPending {
		return &luoshi.Error{Code: luoshi.ECONFLICT, State: string(adj.State), Message: "该调整申请已经处理"}
	}
	ind := l.Indicator(adj.IndicatorID)
	d := luoshi.LetterEventData{IndicatorID: adj.IndicatorID, AdjustmentID: adj.ID, Target: &adj.Target, OldTarget: &adj.OldTarget}
	if ind != nil {
		d.Indicator = ind.Name
	}
	adj.DecidedBy, adj.DecidedAt = a.UserID, &now
	kind := "adjustment_denied"
	if cmd.Action == luoshi.LetterDenyAdjustment {
		reason, err := needLetterText("reason", cmd.Reason, "不同意的理由")
		if err != nil {
			return err
		}
		adj.State, adj.Decision, d.Reason = luoshi.AdjustmentDenied, reason, reason
	} else {
		if err := s.checkCutoff(ctx, tx, l, now); err != nil {
			return err
		}
		if ind == nil {
			return luoshi.Errorf(luoshi.ENOTFOUND, "指标不存在")
		}
		adj.State, adj.Decision, kind = luoshi.AdjustmentApproved, strings.TrimSpace(cmd.Reason), "adjustment_approved"
		ind.Target, ind.Stretch = adj.Target, adj.Stretch
		ind.Flags = make([]luoshi.Flag, len(adj.Flags))
		for i, f := range adj.Flags {
			f.Justification, f.JustifiedBy, f.JustifiedAt = adj.Reason, adj.RequestedBy, &adj.RequestedAt
			f.ApprovedBy, f.ApprovedAt = a.UserID, &now
			ind.Flags[i] = f
		}
		if err := tx.UpdateIndicator(ctx, ind); err != nil {
			return err
		}
	}
	if err := tx.UpdateAdjustment(ctx, adj); err != nil {
		return err
	}
	if err := s.bump(ctx, tx, l, now); err != nil {
		return err
	}
	return s.letterEvent(ctx, tx, a, l, kind, d, now)
}
