package demo

import (
	"context"
	"fmt"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// proposalAccounts creates the deputies' and the two offices' accounts, in the county
// government office's unit (an account belongs to one unit; theirs hold nothing else).
func (l *loader) proposalAccounts(ctx context.Context, tx luoshi.Tx, hash string, sum *Summary) error {
	office := l.units[OfficeKey]
	regionID, err := l.regionOf(ctx, tx, office)
	if err != nil {
		return err
	}
	add := func(username, name string, role luoshi.Role) error {
		sum.Users++
		return tx.CreateUser(ctx, &luoshi.User{RegionID: regionID, UnitID: office, Username: username, Name: name,
			PasswordHash: hash, Roles: []luoshi.Role{role}, CreatedAt: l.now})
	}
	for _, d := range Deputies {
		if err := add(d.Username, d.Name, luoshi.RoleDeputy); err != nil {
			return err
		}
	}
	for _, o := range ProposalOffices {
		if err := add(o.Username, o.Name, o.Role); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) regionOf(ctx context.Context, tx luoshi.Tx, unitID int64) (int64, error) {
	u, err := tx.FindUnitByID(ctx, unitID)
	if err != nil {
		return 0, err
	}
	return u.RegionID, nil
}

// proposalLoad is the state of loading the demo proposals.
type proposalLoad struct {
	*loader
	deputies map[string]int64 // username → user id
	sessions map[luoshi.ProposalKind]int64
	opened   map[luoshi.ProposalKind]time.Time
}

// proposals loads the sessions and the proposals, each carried by the service to its stage
// with the clock moved back: received by its office, assigned by the supervision office,
// handled by the units' liaisons and evaluated by its proposers.
func (l *loader) proposals(ctx context.Context) error {
	pl := &proposalLoad{loader: l, deputies: map[string]int64{}, sessions: map[luoshi.ProposalKind]int64{},
		opened: map[luoshi.ProposalKind]time.Time{}}
	for _, d := range Deputies {
		a, err := l.actor(ctx, d.Username)
		if err != nil {
			return err
		}
		pl.deputies[d.Username] = a.UserID
	}
	sessions := []struct {
		kind         luoshi.ProposalKind
		name, office string
		months, ago  int
	}{
		{npc, NPCSession, "renda", 3, 150},
		{cppcc, CPPCCSession, "zhengxie", 5, 200}, // plenary proposals: five months to reply
		{luoshi.KindNPCReviewOpinion, ReviewSession, "renda", 2, 120},
	}
	for _, s := range sessions {
		opened := l.now.AddDate(0, 0, -s.ago)
		l.atOffice(opened)
		a, err := l.actor(ctx, s.office)
		if err != nil {
			return err
		}
		ses, err := l.svc.CreateSession(ctx, a, service.SessionInput{Name: s.name, Kind: string(s.kind),
			Year: opened.In(l.svc.Location()).Year(), ReplyMonths: s.months})
		if err != nil {
			return fmt.Errorf("demo session %s: %w", s.name, err)
		}
		pl.sessions[s.kind], pl.opened[s.kind] = ses.ID, opened
	}
	numbers := map[luoshi.ProposalKind]int{}
	for i, spec := range Proposals {
		numbers[spec.Kind]++
		if err := pl.load(ctx, i, numbers[spec.Kind], spec); err != nil {
			return fmt.Errorf("demo proposal %q: %w", spec.Title, err)
		}
	}
	return nil
}

// act takes a proposal action as the user at the moment (moved into office hours).
func (pl *proposalLoad) act(ctx context.Context, user string, id int64, at time.Time, action string, v map[string]any) (*service.ProposalView, error) {
	pl.atOffice(at)
	a, err := pl.actor(ctx, user)
	if err != nil {
		return nil, err
	}
	return pl.svc.ProposalAct(ctx, a, id, action, v)
}

func (pl *proposalLoad) load(ctx context.Context, i, number int, spec ProposalSpec) error {
	opened := pl.opened[spec.Kind]
	office := "renda"
	if spec.Kind == cppcc {
		office = "zhengxie"
	}
	pl.atOffice(opened.Add(3 * day))
	a, err := pl.actor(ctx, office)
	if err != nil {
		return err
	}
	in := service.ProposalInput{SessionID: pl.sessions[spec.Kind], Number: number, Title: spec.Title,
		Content: spec.Title[len("关于"):] + "。", Category: categoryOf(spec.Lead), ReceivedOn: pl.clock}
	for j, u := range spec.Proposers {
		delegation := ""
		for _, d := range Deputies {
			if d.Username == u {
				delegation = d.Delegation
			}
		}
		in.Proposers = append(in.Proposers, service.ProposerInput{UserID: pl.deputies[u], Leading: j == 0, Delegation: delegation})
	}
	p, err := pl.svc.CreateProposal(ctx, a, in)
	if err != nil || spec.Stage == StageReceived {
		return err
	}
	id := p.ID
	assignAt := opened.Add(10 * day)
	if spec.Stage == StageDeclined || spec.Stage == StageAssigned || spec.Stage == StageContacted {
		assignAt = pl.now.Add(-time.Duration(20+i%5) * day)
	}
	co := []int64{}
	for _, c := range spec.Co {
		co = append(co, pl.units[c])
	}
	lead := LiaisonUsername(spec.Lead)
	pv, err := pl.act(ctx, "duchashi", id, assignAt, "assign", map[string]any{"lead_unit_id": pl.units[spec.Lead], "co_unit_ids": co})
	if err != nil {
		return err
	}
	switch spec.Stage {
	case StageDeclined:
		_, err := pl.act(ctx, lead, id, assignAt.Add(day), "decline", map[string]any{"reason": "该事项主要职责不在本单位，建议调整主办单位"})
		return err
	case StageAssigned:
		return nil
	case StageContacted:
		return pl.contact(ctx, lead, id, assignAt.Add(5*day), "phone")
	}
	replyAt := assignAt.Add(time.Duration(45+i%7) * day)
	if spec.Late {
		replyAt = pv.Deadline.Add(4 * day)
	}
	class := spec.Class
	if spec.Stage == StageReclosed {
		class = spec.First
	}
	if err := pl.handle(ctx, spec, id, lead, assignAt.Add(20*day), replyAt, class); err != nil {
		return err
	}
	if spec.Stage == StageReplied {
		return nil
	}
	evaluator := spec.Proposers[len(spec.Proposers)-1] // a co-proposer where there is one
	evalAt := replyAt.Add(8 * day)
	verdict := spec.Verdict
	if spec.Stage == StageUnsatisfied || spec.Stage == StageReclosed {
		verdict = luoshi.Unsatisfied
	}
	if _, err := pl.act(ctx, evaluator, id, evalAt, "evaluate", map[string]any{"verdict": string(verdict), "comment": comments[verdict]}); err != nil {
		return err
	}
	if spec.Stage != StageReclosed {
		return nil
	}
	if _, err := pl.act(ctx, "duchashi", id, evalAt.Add(3*day), "rehandle", nil); err != nil {
		return err
	}
	second := evalAt.Add(30 * day)
	if err := pl.handle(ctx, spec, id, lead, evalAt.Add(10*day), second, spec.Class); err != nil {
		return err
	}
	_, err = pl.act(ctx, spec.Proposers[0], id, second.Add(6*day), "evaluate", map[string]any{"verdict": string(spec.Verdict), "comment": comments[spec.Verdict]})
	return err
}

// contact records the lead unit's contact with the proposer.
func (pl *proposalLoad) contact(ctx context.Context, lead string, id int64, at time.Time, way string) error {
	pl.atOffice(at)
	_, err := pl.act(ctx, lead, id, at, "record-contact", map[string]any{"contacted_on": pl.clock, "way": way,
		"summary": "与提出人当面沟通办理思路，听取意见建议"})
	return err
}

// handle carries a round from the contact to the reply: the contact, the co-units'
// opinions, the reply of the class (B with its promise).
func (pl *proposalLoad) handle(ctx context.Context, spec ProposalSpec, id int64, lead string, contactAt, replyAt time.Time, class luoshi.ReplyClass) error {
	if err := pl.contact(ctx, lead, id, contactAt, "meeting"); err != nil {
		return err
	}
	for j, c := range spec.Co {
		at := contactAt.Add(time.Duration(3+j) * day)
		if _, err := pl.act(ctx, LiaisonUsername(c), id, at, "give-opinion", map[string]any{"text": "同意主办单位的办理意见，本单位将配合做好相关工作"}); err != nil {
			return err
		}
	}
	v := map[string]any{"text": replies[class], "class": string(class), "signer": headOf(spec.Lead)}
	if class == luoshi.ClassB {
		pl.atOffice(replyAt)
		due := pl.clock.Add(90 * day)
		if last := lastDeadline(pl.svc.Policy().Cal, pl.now); !last.IsZero() && due.After(last) {
			due = last
		}
		v["promise"], v["promise_due"] = spec.Promise, workAfter(pl.svc.Policy().Cal, due, false)
	}
	_, err := pl.act(ctx, lead, id, replyAt, "reply", v)
	return err
}

// headOf is the head of a unit, who signs its replies.
func headOf(key string) string {
	u, _ := UnitByKey(key)
	return u.Head
}

// categoryOf is a proposal's category by its lead unit.
func categoryOf(key string) string {
	u, _ := UnitByKey(key)
	if u.Kind == KindTownship {
		return "城乡建设"
	}
	return "经济社会发展"
}

var replies = map[luoshi.ReplyClass]string{
	luoshi.ClassA: "我单位高度重视，经认真研究，建议所提问题已基本解决。下一步将建立长效机制，巩固办理成果。",
	luoshi.ClassB: "我单位高度重视，建议所提事项已列入今年工作计划，正在组织实施，将按承诺时限完成。",
	luoshi.ClassC: "建议很有针对性。受资金和用地等条件限制，目前暂不具备实施条件，待条件成熟后逐步解决。",
	luoshi.ClassD: "感谢您的建议。经研究，该事项涉及上级政策调整，我单位将留作工作参考，并向上级部门反映。",
}

var comments = map[luoshi.Verdict]string{
	luoshi.Satisfied:          "办理态度认真，答复具体，满意。",
	luoshi.BasicallySatisfied: "答复基本可行，希望加快落实。",
	luoshi.Unsatisfied:        "答复过于原则，没有具体措施和时间表，请重新办理。",
}
