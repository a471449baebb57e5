package target_test

import (
	"os"
	"regexp"
	"slices"
	"testing"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/target"
)

var (
	now     = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)
	office  = &luoshi.Actor{UserID: 1, RegionID: 1, Roles: []luoshi.Role{luoshi.RoleSupervisor}}
	liaison = &luoshi.Actor{UserID: 2, RegionID: 1, UnitID: 10, Roles: []luoshi.Role{luoshi.RoleLiaison}}
	other   = &luoshi.Actor{UserID: 3, RegionID: 1, UnitID: 11, Roles: []luoshi.Role{luoshi.RoleLiaison}}
)

// letter is unit 10's letter in a state, with one indicator carrying two flags: one justified
// and not approved, one not justified.
func letter(state luoshi.LetterState) target.Subject {
	at := now.Add(-time.Hour)
	return target.Subject{Letter: &luoshi.Letter{ID: 7, RegionID: 1, UnitID: 10, Year: 2026, State: state,
		Indicators: []luoshi.Indicator{{ID: 70, Name: "规上工业增加值", Direction: luoshi.HigherBetter,
			Accumulation: luoshi.Cumulative, Baseline: 100, Target: 99, Weight: 100, Period: luoshi.Quarterly,
			Flags: []luoshi.Flag{{Reason: luoshi.FlagBelowBaseline, Justification: "一次性因素", JustifiedAt: &at},
				{Reason: luoshi.FlagBelowPeerUnits, Message: "低于同类单位计划增速的中位数"}}}}},
		Cutoff: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
}

// render is an error's message and its field messages in Chinese.
func render(err error) (string, []string) {
	e, ok := luoshi.AsError(err)
	if !ok {
		return err.Error(), nil
	}
	msg, fields := i18n.ZH.Error(e)
	if e.Key == "" {
		msg = e.Message
	}
	var fs []string
	for i, f := range fields {
		if e.Fields[i].Key == "" {
			f.Message = e.Fields[i].Message
		}
		fs = append(fs, f.Field+": "+f.Message)
	}
	return msg, fs
}

// TestRefusals: the kernel's refusals of a letter action read as the letters' did.
func TestRefusals(t *testing.T) {
	cases := []struct {
		name  string
		s     target.Subject
		a     *luoshi.Actor
		act   luoshi.LetterAction
		code  string
		words string
	}{
		{"unknown", letter(luoshi.LetterDraft), office, "approve-all", luoshi.ENOTFOUND, `没有名为 "approve-all" 的操作`},
		{"unseen", letter(luoshi.LetterDraft), other, luoshi.LetterComment, luoshi.ENOTFOUND, "目标责任书不存在"},
		{"unit only", letter(luoshi.LetterDraft), office, luoshi.LetterSubmit, luoshi.EFORBIDDEN, "只有本单位联络员可以进行此操作"},
		{"office only", letter(luoshi.LetterSubmitted), liaison, luoshi.LetterReview, luoshi.EFORBIDDEN, "只有督查室可以进行此操作"},
		{"state", letter(luoshi.LetterSigned), office, luoshi.LetterReview, luoshi.ECONFLICT, "目标责任书当前为“已签订”状态，不能进行此操作"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := target.Decide(c.s, c.a, c.act, nil, now)
			if msg, _ := render(err); luoshi.ErrorCode(err) != c.code || msg != c.words {
				t.Errorf("%s: %s %q, want %s %q", c.act, luoshi.ErrorCode(err), msg, c.code, c.words)
			}
		})
	}
	if _, err := target.Decide(letter(luoshi.LetterSigned), office, luoshi.LetterReview, nil, now); err.(*luoshi.Error).State != "signed" {
		t.Errorf("a wrong state's conflict does not carry the state: %+v", err)
	}
}

// TestDecide: each action's decision, and the problems its rules find.
func TestDecide(t *testing.T) {
	t.Run("justify resets the approval", func(t *testing.T) {
		s := letter(luoshi.LetterSubmitted)
		s.Indicators[0].Flags[0].ApprovedAt, s.Indicators[0].Flags[0].ApprovedBy = &now, 1
		st, err := target.Decide(s, liaison, luoshi.LetterJustify, flow.Values{"indicator_id": int64(70),
			"flag": "below_baseline", "text": "  新的说明 "}, now)
		if err != nil {
			t.Fatal(err)
		}
		fl := st.Indicators[0].Flags[0]
		if st.Kind != target.Justified || fl.Justification != "新的说明" || fl.ApprovedAt != nil || fl.JustifiedBy != 2 ||
			st.Data.Text != "新的说明" || st.NewVersion() != true || st.To != "" {
			t.Errorf("step %+v, flag %+v", st, fl)
		}
		if s.Indicators[0].Flags[0].Justification != "一次性因素" || s.Indicators[0].Flags[0].ApprovedAt == nil {
			t.Error("the decision changed the letter")
		}
	})
	t.Run("approve all", func(t *testing.T) {
		st, err := target.Decide(letter(luoshi.LetterReviewed), office, luoshi.LetterApprove, nil, now)
		if err != nil || st.Data.Flags != 1 || len(st.Indicators) != 1 || st.Indicators[0].Flags[0].ApprovedBy != 1 ||
			st.Indicators[0].Flags[1].ApprovedAt != nil {
			t.Errorf("approve all: %+v %v", st, err)
		}
	})
	t.Run("moves", func(t *testing.T) {
		st, err := target.Decide(letter(luoshi.LetterDraft), liaison, luoshi.LetterSubmit, nil, now)
		if err != nil || st.Kind != target.Submitted || st.To != luoshi.LetterSubmitted || !st.Recheck {
			t.Errorf("submit: %+v %v", st, err)
		}
		st, err = target.Decide(letter(luoshi.LetterReviewed), office, luoshi.LetterReturn, flow.Values{"reason": "重新测算"}, now)
		if err != nil || st.Kind != target.Returned || st.To != luoshi.LetterDraft || st.Recheck || st.Data.Reason != "重新测算" {
			t.Errorf("return: %+v %v", st, err)
		}
		st, err = target.Decide(letter(luoshi.LetterSigned), other, luoshi.LetterComment, flow.Values{"text": "x"}, now)
		if err == nil {
			t.Errorf("another unit commented: %+v", st)
		}
	})
	adj := &luoshi.Adjustment{ID: 5, IndicatorID: 70, State: luoshi.AdjustmentPending, OldTarget: 99, Target: 95,
		Reason: "限产", RequestedBy: 2, RequestedAt: now.Add(-time.Hour), Flags: []luoshi.Flag{{Reason: luoshi.FlagBelowBaseline}}}
	t.Run("approve an adjustment", func(t *testing.T) {
		s := letter(luoshi.LetterSigned)
		s.Adjustments = []*luoshi.Adjustment{adj}
		st, err := target.Decide(s, office, luoshi.LetterApproveAdjustment, flow.Values{"adjustment_id": int64(5)}, now)
		if err != nil || st.Kind != target.AdjustmentApproved || st.Decided.State != luoshi.AdjustmentApproved ||
			st.Indicators[0].Target != 95 || st.Indicators[0].Flags[0].Justification != "限产" || adj.State != luoshi.AdjustmentPending {
			t.Errorf("approve: %+v %v", st, err)
		}
	})
	problems := []struct {
		name  string
		s     target.Subject
		a     *luoshi.Actor
		act   luoshi.LetterAction
		v     flow.Values
		code  string
		words []string // the message, then the field messages
	}{
		{"justify without text", letter(luoshi.LetterDraft), liaison, luoshi.LetterJustify,
			flow.Values{"indicator_id": int64(70), "flag": "below_baseline"}, luoshi.EINVALID, []string{"提交的内容有误，请按提示修改", "text: 请填写说明"}},
		{"justify another flag", letter(luoshi.LetterDraft), liaison, luoshi.LetterJustify,
			flow.Values{"indicator_id": int64(70), "flag": "below_peer_counties", "text": "x"}, luoshi.EINVALID,
			[]string{"提交的内容有误，请按提示修改", "flag: 指标“规上工业增加值”没有“below_peer_counties”这项目标定位问题"}},
		{"approve the unjustified", letter(luoshi.LetterReviewed), office, luoshi.LetterApprove,
			flow.Values{"indicator_id": int64(70), "flag": "below_peer_units"}, luoshi.EINVALID,
			[]string{"提交的内容有误，请按提示修改", "flag: 单位尚未对指标“规上工业增加值”作出说明，不能审核同意"}},
		{"approve another letter's indicator", letter(luoshi.LetterReviewed), office, luoshi.LetterApprove,
			flow.Values{"indicator_id": int64(71), "flag": "below_peer_units"}, luoshi.EINVALID,
			[]string{"提交的内容有误，请按提示修改", "indicator_id: 指标 71 不在这份目标责任书中"}},
		{"sign with open flags", letter(luoshi.LetterReviewed), office, luoshi.LetterSign, nil, luoshi.EINVALID,
			[]string{"目标责任书有 2 处目标定位问题尚未说明或未经督查室同意，不能签订",
				"indicators[0].flags.below_baseline: 指标“规上工业增加值”的说明尚待督查室审核同意",
				"indicators[0].flags.below_peer_units: 指标“规上工业增加值”：低于同类单位计划增速的中位数，须由单位说明理由"}},
		{"return too long", letter(luoshi.LetterReviewed), office, luoshi.LetterReturn,
			flow.Values{"reason": string(make([]rune, 2001))}, luoshi.EINVALID,
			[]string{"提交的内容有误，请按提示修改", "reason: 退回理由不能超过 2000 个字"}},
		{"adjust without a target", letter(luoshi.LetterSigned), liaison, luoshi.LetterRequestAdjustment,
			flow.Values{"indicator_id": int64(70), "reason": "限产"}, luoshi.EINVALID,
			[]string{"提交的内容有误，请按提示修改", "target: 请填写调整后的目标值"}},
		{"adjust beyond the bounds", letter(luoshi.LetterSigned), liaison, luoshi.LetterRequestAdjustment,
			flow.Values{"indicator_id": int64(70), "reason": "限产", "target": 2e15}, luoshi.EINVALID,
			[]string{"提交的内容有误，请按提示修改", "target: 请填写调整后的目标值"}},
		{"adjust after the cut-off", func() target.Subject {
			s := letter(luoshi.LetterSigned)
			s.Cutoff = now
			return s
		}(), liaison, luoshi.LetterRequestAdjustment,
			flow.Values{"indicator_id": int64(70), "reason": "限产", "target": 95.0}, luoshi.ECONFLICT,
			[]string{"目标调整须在 2026年8月31日 之前提出并经督查室批准，现已截止"}},
		{"adjust twice", func() target.Subject {
			s := letter(luoshi.LetterSigned)
			s.Adjustments = []*luoshi.Adjustment{adj}
			return s
		}(), liaison, luoshi.LetterRequestAdjustment, flow.Values{"indicator_id": int64(70), "reason": "限产", "target": 95.0},
			luoshi.ECONFLICT, []string{"指标“规上工业增加值”已有待审批的调整申请"}},
		{"deny an unknown request", letter(luoshi.LetterSigned), office, luoshi.LetterDenyAdjustment,
			flow.Values{"adjustment_id": int64(6), "reason": "不充分"}, luoshi.EINVALID,
			[]string{"提交的内容有误，请按提示修改", "adjustment_id: 调整申请 6 不在这份目标责任书中"}},
		{"deny a decided request", func() target.Subject {
			s := letter(luoshi.LetterSigned)
			s.Adjustments = []*luoshi.Adjustment{{ID: 6, IndicatorID: 70, State: luoshi.AdjustmentDenied}}
			return s
		}(), office, luoshi.LetterDenyAdjustment, flow.Values{"adjustment_id": int64(6)}, luoshi.ECONFLICT, []string{"该调整申请已经处理"}},
	}
	for _, c := range problems {
		t.Run(c.name, func(t *testing.T) {
			_, err := target.Decide(c.s, c.a, c.act, c.v, now)
			msg, fields := render(err)
			if got := append([]string{msg}, fields...); luoshi.ErrorCode(err) != c.code || !slices.Equal(got, c.words) {
				t.Errorf("%s %q, want %s %q", luoshi.ErrorCode(err), got, c.code, c.words)
			}
		})
	}
}

// TestCatalogue: every key the specs and the module write is in the catalogue, in both
// languages, and every action has its page's words.
func TestCatalogue(t *testing.T) {
	var keys []string
	for _, st := range []luoshi.LetterState{luoshi.LetterDraft, luoshi.LetterSubmitted, luoshi.LetterReviewed, luoshi.LetterSigned} {
		keys = append(keys, target.StateLabel(st).Key)
	}
	for _, f := range target.Fields() {
		keys = append(keys, string(f.Label), f.Missing, f.Bad)
	}
	for _, act := range target.Actions() {
		spec, _ := target.SpecOf(act)
		for _, f := range spec.Fields {
			keys = append(keys, string(f.Label), f.Missing, f.Bad)
		}
	}
	// The keys written in the module's code: relations' labels, refusals, problems.
	re := regexp.MustCompile(`"((?:letter|flow)\.[a-z_.]+)"`)
	for _, file := range []string{"target.go", "specs.go"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			keys = append(keys, m[1])
		}
	}
	for _, k := range keys {
		if k == "" || k == "letter.state." {
			continue
		}
		m, ok := i18n.Entry(k)
		if !ok || m[0] == "" || m[1] == "" {
			t.Errorf("catalogue lacks %q in a language", k)
		}
	}
}
