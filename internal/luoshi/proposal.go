package luoshi

import (
	"context"
	"slices"
	"time"
)

// ProposalKind is the kind of a proposal (建议提案): what body it came from.
type ProposalKind string

// The kinds of proposal (DOMAIN.md, "Proposals"); each is also an item's source.
const (
	KindNPCSuggestion    ProposalKind = "npc_suggestion"     // 人大代表建议
	KindCPPCCProposal    ProposalKind = "cppcc_proposal"     // 政协提案
	KindNPCReviewOpinion ProposalKind = "npc_review_opinion" // 人大常委会审议意见
)

// ProposalKinds lists every kind.
var ProposalKinds = []ProposalKind{KindNPCSuggestion, KindCPPCCProposal, KindNPCReviewOpinion}

// Valid reports whether k is a known kind.
func (k ProposalKind) Valid() bool { return slices.Contains(ProposalKinds, k) }

// Office is the role of the office that imports and follows proposals of the kind: the
// congress's (人大选联工委) for suggestions and review opinions, the CPPCC's (政协提案委)
// for proposals.
func (k ProposalKind) Office() Role {
	if k == KindCPPCCProposal {
		return RoleCPPCCOffice
	}
	return RoleNPCOffice
}

// Defaults of a session's rules, in months.
const (
	DefaultReplyMonths    = 3 // the reply is due this long after assignment
	DefaultRehandleMonths = 3 // a second reply after 不满意 is due this long after it
	MaxRuleMonths         = 12
	// OpinionDays is how long after assignment a co-unit's opinion is due (1 month).
	OpinionMonths = 1
)

// ProposalSession is a sitting of the congress or the CPPCC (届次: 县十八届人大三次会议), whose
// proposals share a reply-deadline rule.
type ProposalSession struct {
	ID             int64        `json:"id"`
	RegionID       int64        `json:"region_id"`
	Name           string       `json:"name"`
	Kind           ProposalKind `json:"kind"`
	Year           int          `json:"year"`
	ReplyMonths    int          `json:"reply_months"`
	RehandleMonths int          `json:"rehandle_months"`
	CreatedAt      time.Time    `json:"created_at"`
}

// ProposalState is where a proposal stands in its handling.
type ProposalState string

// The proposal states.
const (
	ProposalReceived    ProposalState = "received"    // 待交办
	ProposalAssigned    ProposalState = "assigned"    // 办理中
	ProposalDeclined    ProposalState = "declined"    // 申请退办
	ProposalReplied     ProposalState = "replied"     // 已答复，待评价
	ProposalUnsatisfied ProposalState = "unsatisfied" // 不满意，待重办
	ProposalClosed      ProposalState = "closed"      // 已办结
	ProposalSplit       ProposalState = "split"       // 已分办
)

// ProposalStates lists every state, in handling order.
var ProposalStates = []ProposalState{ProposalReceived, ProposalAssigned, ProposalDeclined, ProposalReplied,
	ProposalUnsatisfied, ProposalClosed, ProposalSplit}

// Valid reports whether s is a known state.
func (s ProposalState) Valid() bool { return slices.Contains(ProposalStates, s) }

// ReplyClass is a reply's class (答复类别).
type ReplyClass string

// The reply classes.
const (
	ClassA ReplyClass = "A" // 已解决或基本解决
	ClassB ReplyClass = "B" // 正在解决或列入计划解决
	ClassC ReplyClass = "C" // 因条件限制以后解决
	ClassD ReplyClass = "D" // 留作参考
)

// ReplyClasses lists every class.
var ReplyClasses = []ReplyClass{ClassA, ClassB, ClassC, ClassD}

// Verdict is the proposer's evaluation of a reply.
type Verdict string

// The verdicts.
const (
	Satisfied          Verdict = "satisfied"           // 满意
	BasicallySatisfied Verdict = "basically_satisfied" // 基本满意
	Unsatisfied        Verdict = "unsatisfied"         // 不满意
)

// Verdicts lists every verdict.
var Verdicts = []Verdict{Satisfied, BasicallySatisfied, Unsatisfied}

// ContactWays are the ways of contacting a proposer.
var ContactWays = []string{"meeting", "phone", "visit"}

// Proposer is one proposer of a proposal: a deputy's account, leading or joining.
type Proposer struct {
	UserID     int64  `json:"user_id"`
	Name       string `json:"name"`
	Leading    bool   `json:"leading"`
	Delegation string `json:"delegation,omitempty"` // 代表团 or 界别
}

// Contact is a recorded contact of the lead unit with the proposer before replying.
type Contact struct {
	Round   int       `json:"round"`
	On      time.Time `json:"on"`
	Way     string    `json:"way"`
	Summary string    `json:"summary"`
	By      int64     `json:"by"`
	At      time.Time `json:"at"`
	// ConfirmedBy is the proposer who confirmed the contact took place, at ConfirmedAt.
	ConfirmedBy int64      `json:"confirmed_by,omitempty"`
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
}

// CoOpinion is a co-unit's opinion sent to the lead unit (协办意见).
type CoOpinion struct {
	Round  int       `json:"round"`
	UnitID int64     `json:"unit_id"`
	Text   string    `json:"text"`
	By     int64     `json:"by"`
	At     time.Time `json:"at"`
}

// Promise is what a B-class reply promises: what, by when, which unit; it becomes a
// supervision item (ItemID).
type Promise struct {
	Text   string    `json:"text"`
	Due    time.Time `json:"due"`
	UnitID int64     `json:"unit_id"`
	ItemID int64     `json:"item_id,omitempty"`
}

// Evaluation is the proposer's verdict on one reply, given personally.
type Evaluation struct {
	Verdict Verdict   `json:"verdict"`
	Comment string    `json:"comment,omitempty"`
	By      int64     `json:"by"`
	At      time.Time `json:"at"`
}

// Reply is the lead unit's reply (答复) in one round.
type Reply struct {
	Round  int        `json:"round"`
	Text   string     `json:"text"`
	Class  ReplyClass `json:"class"`
	Signer string     `json:"signer"`
	UnitID int64      `json:"unit_id"`
	By     int64      `json:"by"`
	At     time.Time  `json:"at"`
	Late   bool       `json:"late"`
	// Due is the deadline of the round the reply answers; Late is At after it.
	Due        *time.Time  `json:"due,omitempty"`
	Promises   []Promise   `json:"promises"`
	Evaluation *Evaluation `json:"evaluation,omitempty"`
}

// Proposal is one suggestion, proposal or review opinion with its handling.
type Proposal struct {
	ID            int64         `json:"id"`
	RegionID      int64         `json:"region_id"`
	SessionID     int64         `json:"session_id"`
	Kind          ProposalKind  `json:"kind"`
	Number        int           `json:"number"`
	Title         string        `json:"title"`
	Content       string        `json:"content"`
	Proposers     []Proposer    `json:"proposers"`
	Category      string        `json:"category,omitempty"`
	ReceivedOn    time.Time     `json:"received_on"`
	SuggestedUnit string        `json:"suggested_unit,omitempty"`
	State         ProposalState `json:"state"`
	ParentID      int64         `json:"parent_id,omitempty"`
	Children      []int64       `json:"children,omitempty"`
	LeadUnitID    int64         `json:"lead_unit_id,omitempty"`
	CoUnitIDs     []int64       `json:"co_unit_ids"`
	AssignedAt    *time.Time    `json:"assigned_at,omitempty"`
	Deadline      *time.Time    `json:"deadline,omitempty"`
	Round         int           `json:"round"`
	Insisted      bool          `json:"insisted,omitempty"`
	DeclineReason string        `json:"decline_reason,omitempty"`
	Contacts      []Contact     `json:"contacts"`
	Opinions      []CoOpinion   `json:"opinions"`
	Replies       []Reply       `json:"replies"`
	Version       int           `json:"version"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// Clone copies the proposal deeply enough that an event may be applied to the copy.
func (p *Proposal) Clone() *Proposal {
	c := *p
	c.Proposers = slices.Clone(p.Proposers)
	c.Children = slices.Clone(p.Children)
	c.CoUnitIDs = slices.Clone(p.CoUnitIDs)
	c.Contacts = slices.Clone(p.Contacts)
	c.Opinions = slices.Clone(p.Opinions)
	c.Replies = make([]Reply, len(p.Replies))
	for i, r := range p.Replies {
		r.Promises = slices.Clone(r.Promises)
		if r.Evaluation != nil {
			e := *r.Evaluation
			r.Evaluation = &e
		}
		c.Replies[i] = r
	}
	return &c
}

// HasProposer reports whether the user is one of the proposers.
func (p *Proposal) HasProposer(userID int64) bool {
	return slices.ContainsFunc(p.Proposers, func(q Proposer) bool { return q.UserID == userID })
}

// Involves reports whether the unit is the lead unit or a co-unit.
func (p *Proposal) Involves(unitID int64) bool {
	return unitID != 0 && (p.LeadUnitID == unitID || slices.Contains(p.CoUnitIDs, unitID))
}

// LastReply returns the latest reply, nil before the first.
func (p *Proposal) LastReply() *Reply {
	if len(p.Replies) == 0 {
		return nil
	}
	return &p.Replies[len(p.Replies)-1]
}

// Contacted reports whether a contact is recorded in the current round.
func (p *Proposal) Contacted() bool {
	return slices.ContainsFunc(p.Contacts, func(c Contact) bool { return c.Round == p.Round })
}

// ContactToConfirm is the index of the latest contact of the current round that the
// proposer has not confirmed, -1 when there is none.
func (p *Proposal) ContactToConfirm() int {
	for i := len(p.Contacts) - 1; i >= 0; i-- {
		if c := p.Contacts[i]; c.Round == p.Round && c.ConfirmedAt == nil {
			return i
		}
	}
	return -1
}

// OpinionOf returns the unit's opinion of the current round, nil when it has none.
func (p *Proposal) OpinionOf(unitID int64) *CoOpinion {
	for i := range p.Opinions {
		if o := &p.Opinions[i]; o.UnitID == unitID && o.Round == p.Round {
			return o
		}
	}
	return nil
}

// ProposalEvent is one immutable step of a proposal's record.
type ProposalEvent struct {
	ID         int64             `json:"id"`
	ProposalID int64             `json:"proposal_id"`
	Seq        int               `json:"seq"`
	Kind       string            `json:"kind"`
	ActorID    int64             `json:"actor_id"`
	ActorName  string            `json:"actor_name,omitempty"`
	At         time.Time         `json:"at"`
	Data       ProposalEventData `json:"payload"`
}

// ProposalEventData is the payload of a proposal event; each kind uses the fields it needs.
type ProposalEventData struct {
	Proposal   *Proposal   `json:"proposal,omitempty"`
	Reason     string      `json:"reason,omitempty"`
	LeadUnitID int64       `json:"lead_unit_id,omitempty"`
	CoUnitIDs  []int64     `json:"co_unit_ids,omitempty"`
	Deadline   *time.Time  `json:"deadline,omitempty"`
	Units      []int64     `json:"units,omitempty"`
	Children   []int64     `json:"children,omitempty"`
	Contact    *Contact    `json:"contact,omitempty"`
	Opinion    *CoOpinion  `json:"opinion,omitempty"`
	Reply      *Reply      `json:"reply,omitempty"`
	Evaluation *Evaluation `json:"evaluation,omitempty"`
	Promise    *Promise    `json:"promise,omitempty"`
	Index      int         `json:"index,omitempty"`
}

// ProposalFilter selects proposals; zero fields do not filter. Visibility: when Units is
// not nil, only proposals one of those units leads or helps with; when Proposer is set,
// only that user's; when Kinds is not nil, only those kinds.
type ProposalFilter struct {
	RegionID  int64
	SessionID int64
	Kind      ProposalKind
	State     ProposalState
	UnitID    int64
	Class     ReplyClass
	Verdict   Verdict
	Query     string
	Units     []int64
	Proposer  int64
	Kinds     []ProposalKind
	Limit     int
	Offset    int
}

// ProposalTx is what proposals need of a transaction.
type ProposalTx interface {
	CreateProposalSession(ctx context.Context, s *ProposalSession) error
	UpdateProposalSession(ctx context.Context, s *ProposalSession) error
	FindProposalSession(ctx context.Context, id int64) (*ProposalSession, error)
	FindProposalSessions(ctx context.Context, regionID int64) ([]*ProposalSession, error)

	// CreateProposal stores a new proposal and sets its ID; ECONFLICT when the session
	// already has its number.
	CreateProposal(ctx context.Context, p *Proposal) error
	// UpdateProposal stores the proposal; ECONFLICT if its version moved on.
	UpdateProposal(ctx context.Context, p *Proposal, prevVersion int) error
	FindProposalByID(ctx context.Context, id int64) (*Proposal, error)
	FindProposals(ctx context.Context, f ProposalFilter) ([]*Proposal, error)
	// AppendProposalEvent stores an event and sets its ID and sequence number.
	AppendProposalEvent(ctx context.Context, e *ProposalEvent, regionID int64) error
	FindProposalEvents(ctx context.Context, proposalID int64) ([]ProposalEvent, error)
}

// ProposalRow is one row of an imported list of proposals (the congress's or the CPPCC's
// office's list): proposers by name, as the list writes them.
type ProposalRow struct {
	Ref           *RowRef
	Number        int
	Title         string
	Proposers     []string // the first leads
	Delegation    string
	Content       string
	Category      string
	SuggestedUnit string
	ReceivedOn    string // 2006-01-02, or empty
}

// ProposalLine is one proposal as the export lists it.
type ProposalLine struct {
	Session   string
	Kind      ProposalKind
	Number    int
	Title     string
	Proposers string
	Category  string
	State     ProposalState
	LeadUnit  string
	CoUnits   string
	Deadline  *time.Time
	RepliedAt *time.Time
	Late      bool
	Class     ReplyClass
	Verdict   Verdict
	Items     int
}
