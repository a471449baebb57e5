package api

import (
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// The v1 answers of the proposals' module: their own types, so that the stored document
// (luoshi.Proposal's JSON) and the event payloads can change without changing the API.

type sessionAnswer struct {
	ID             int64               `json:"id"`
	Name           string              `json:"name"`
	Kind           luoshi.ProposalKind `json:"kind"`
	Year           int                 `json:"year"`
	ReplyMonths    int                 `json:"reply_months"`
	RehandleMonths int                 `json:"rehandle_months"`
}

func sessionAnswerOf(s *luoshi.ProposalSession) sessionAnswer {
	return sessionAnswer{ID: s.ID, Name: s.Name, Kind: s.Kind, Year: s.Year, ReplyMonths: s.ReplyMonths, RehandleMonths: s.RehandleMonths}
}

type proposerAnswer struct {
	UserID     int64  `json:"user_id"`
	Name       string `json:"name"`
	Leading    bool   `json:"leading"`
	Delegation string `json:"delegation,omitempty"`
}

type contactAnswer struct {
	Round   int       `json:"round"`
	On      time.Time `json:"on"`
	Way     string    `json:"way"`
	Summary string    `json:"summary"`
	By      int64     `json:"by"`
	At      time.Time `json:"at"`
	// ConfirmedBy is the proposer who confirmed the contact, at ConfirmedAt.
	ConfirmedBy int64      `json:"confirmed_by,omitempty"`
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
}

type coOpinionAnswer struct {
	Round  int       `json:"round"`
	UnitID int64     `json:"unit_id"`
	Text   string    `json:"text"`
	By     int64     `json:"by"`
	At     time.Time `json:"at"`
}

type promiseAnswer struct {
	Text   string    `json:"text"`
	Due    time.Time `json:"due"`
	UnitID int64     `json:"unit_id"`
	ItemID int64     `json:"item_id,omitempty"`
}

type evaluationAnswer struct {
	Verdict luoshi.Verdict `json:"verdict"`
	Comment string         `json:"comment,omitempty"`
	By      int64          `json:"by"`
	At      time.Time      `json:"at"`
}

type replyAnswer struct {
	Round      int               `json:"round"`
	Text       string            `json:"text"`
	Class      luoshi.ReplyClass `json:"class"`
	Signer     string            `json:"signer"`
	UnitID     int64             `json:"unit_id"`
	By         int64             `json:"by"`
	At         time.Time         `json:"at"`
	Late       bool              `json:"late"`
	Promises   []promiseAnswer   `json:"promises"`
	Evaluation *evaluationAnswer `json:"evaluation,omitempty"`
}

type promiseItemAnswer struct {
	ItemID int64        `json:"item_id"`
	Code   string       `json:"code"`
	State  luoshi.State `json:"state"`
	Light  luoshi.Light `json:"light"`
}

type proposalAnswer struct {
	ID            int64                `json:"id"`
	SessionID     int64                `json:"session_id"`
	Session       string               `json:"session"`
	Kind          luoshi.ProposalKind  `json:"kind"`
	Number        int                  `json:"number"`
	Title         string               `json:"title"`
	Content       string               `json:"content"`
	Proposers     []proposerAnswer     `json:"proposers"`
	Category      string               `json:"category,omitempty"`
	ReceivedOn    time.Time            `json:"received_on"`
	SuggestedUnit string               `json:"suggested_unit,omitempty"`
	State         luoshi.ProposalState `json:"state"`
	ParentID      int64                `json:"parent_id,omitempty"`
	Children      []int64              `json:"children,omitempty"`
	LeadUnitID    int64                `json:"lead_unit_id,omitempty"`
	CoUnitIDs     []int64              `json:"co_unit_ids"`
	AssignedAt    *time.Time           `json:"assigned_at,omitempty"`
	Deadline      *time.Time           `json:"deadline,omitempty"`
	DeclineBy     *time.Time           `json:"decline_by,omitempty"`
	OpinionDue    *time.Time           `json:"opinion_due,omitempty"`
	Overdue       bool                 `json:"overdue"`
	Round         int                  `json:"round"`
	Insisted      bool                 `json:"insisted,omitempty"`
	DeclineReason string               `json:"decline_reason,omitempty"`
	Contacts      []contactAnswer      `json:"contacts"`
	Opinions      []coOpinionAnswer    `json:"opinions"`
	Replies       []replyAnswer        `json:"replies"`
	Items         []promiseItemAnswer  `json:"items"`
	Version       int                  `json:"version"`
	Actions       []string             `json:"actions"`
	CreatedAt     time.Time            `json:"created_at"`
	UpdatedAt     time.Time            `json:"updated_at"`
}

func proposalAnswerOf(v *service.ProposalView) proposalAnswer {
	p := v.Proposal
	a := proposalAnswer{ID: p.ID, SessionID: p.SessionID, Kind: p.Kind, Number: p.Number, Title: p.Title, Content: p.Content,
		Proposers: make([]proposerAnswer, len(p.Proposers)), Category: p.Category, ReceivedOn: p.ReceivedOn,
		SuggestedUnit: p.SuggestedUnit, State: p.State, ParentID: p.ParentID, Children: p.Children, LeadUnitID: p.LeadUnitID,
		CoUnitIDs: p.CoUnitIDs, AssignedAt: p.AssignedAt, Deadline: p.Deadline, DeclineBy: v.DeclineBy, OpinionDue: v.OpinionDue,
		Overdue: v.Overdue, Round: p.Round, Insisted: p.Insisted, DeclineReason: p.DeclineReason,
		Contacts: make([]contactAnswer, len(p.Contacts)), Opinions: make([]coOpinionAnswer, len(p.Opinions)),
		Replies: make([]replyAnswer, len(p.Replies)), Items: make([]promiseItemAnswer, len(v.Items)),
		Version: p.Version, Actions: v.Actions, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if v.Session != nil {
		a.Session = v.Session.Name
	}
	if a.CoUnitIDs == nil {
		a.CoUnitIDs = []int64{}
	}
	for i, q := range p.Proposers {
		a.Proposers[i] = proposerAnswer(q)
	}
	for i, c := range p.Contacts {
		a.Contacts[i] = contactAnswer(c)
	}
	for i, o := range p.Opinions {
		a.Opinions[i] = coOpinionAnswer(o)
	}
	for i, r := range p.Replies {
		ra := replyAnswer{Round: r.Round, Text: r.Text, Class: r.Class, Signer: r.Signer, UnitID: r.UnitID, By: r.By, At: r.At,
			Late: r.Late, Promises: make([]promiseAnswer, len(r.Promises))}
		for j, pr := range r.Promises {
			ra.Promises[j] = promiseAnswer(pr)
		}
		if r.Evaluation != nil {
			e := evaluationAnswer(*r.Evaluation)
			ra.Evaluation = &e
		}
		a.Replies[i] = ra
	}
	for i, it := range v.Items {
		a.Items[i] = promiseItemAnswer(it)
	}
	return a
}

// proposalEventAnswer is one step of a proposal's record: who did what, when, with what.
type proposalEventAnswer struct {
	ID        int64          `json:"id"`
	Seq       int            `json:"seq"`
	Kind      string         `json:"kind"`
	ActorID   int64          `json:"actor_id"`
	ActorName string         `json:"actor_name"`
	At        time.Time      `json:"at"`
	Data      map[string]any `json:"data,omitempty"`
}

func proposalEventAnswerOf(e luoshi.ProposalEvent) proposalEventAnswer {
	a := proposalEventAnswer{ID: e.ID, Seq: e.Seq, Kind: e.Kind, ActorID: e.ActorID, ActorName: e.ActorName, At: e.At, Data: map[string]any{}}
	d := e.Data
	put := func(k string, v any, ok bool) {
		if ok {
			a.Data[k] = v
		}
	}
	put("reason", d.Reason, d.Reason != "")
	put("lead_unit_id", d.LeadUnitID, d.LeadUnitID != 0)
	put("co_unit_ids", d.CoUnitIDs, len(d.CoUnitIDs) > 0)
	put("deadline", d.Deadline, d.Deadline != nil)
	put("units", d.Units, len(d.Units) > 0)
	put("children", d.Children, len(d.Children) > 0)
	put("contact_index", d.Index, e.Kind == "contact_confirmed")
	if d.Contact != nil {
		put("contact", contactAnswer(*d.Contact), true)
	}
	if d.Opinion != nil {
		put("opinion", coOpinionAnswer(*d.Opinion), true)
	}
	if d.Reply != nil {
		put("class", d.Reply.Class, true)
		put("signer", d.Reply.Signer, true)
		put("text", d.Reply.Text, true)
	}
	if d.Evaluation != nil {
		put("verdict", d.Evaluation.Verdict, true)
		put("comment", d.Evaluation.Comment, d.Evaluation.Comment != "")
	}
	if d.Promise != nil {
		put("promise", promiseAnswer(*d.Promise), true)
	}
	if d.Proposal != nil {
		put("title", d.Proposal.Title, true)
		put("number", d.Proposal.Number, true)
	}
	return a
}
