package luoshi

import (
	"context"
	"time"
)

// StocktakeState is where a stocktake (调度会) stands: open while the meeting records its
// commitments, closed — its record final and unchangeable — afterwards.
type StocktakeState string

// The states of a stocktake.
const (
	StocktakeOpen   StocktakeState = "open"
	StocktakeClosed StocktakeState = "closed"
)

// CommitmentKind is what a commitment made at a stocktake becomes.
type CommitmentKind string

// The kinds of commitment: a new supervision item; a milestone of an existing item (made a
// dated step added to it); a new deadline of an existing item (the lead unit's pending
// extension request, approved).
const (
	CommitNewItem   CommitmentKind = "new_item"
	CommitMilestone CommitmentKind = "milestone"
	CommitDeadline  CommitmentKind = "deadline"
)

// CommitmentKinds lists the kinds, in the order a form offers them.
var CommitmentKinds = []CommitmentKind{CommitNewItem, CommitMilestone, CommitDeadline}

// The outcomes of a commitment at the next stocktake.
const (
	OutcomeDone = "done" // its item (or milestone) completed by the date
	OutcomeLate = "late" // the date passed with the item open, or it completed after it
	OutcomeOpen = "open" // not done, and the date not yet come
)

// Stocktake is a leader's stocktake (调度会) of the portfolio — or of the whole county for
// the county head — on a date: its agenda generated from the data and kept as it was, the
// commitments recorded during the meeting, and, once closed, nothing more.
type Stocktake struct {
	ID         int64           `json:"id"`
	RegionID   int64           `json:"region_id"`
	LeaderID   int64           `json:"leader_id"`
	LeaderName string          `json:"leader_name"`
	LeaderPost string          `json:"leader_post"`
	Whole      bool            `json:"whole"`
	Date       time.Time       `json:"date"`
	State      StocktakeState  `json:"state"`
	Agenda     StocktakeAgenda `json:"agenda"`
	// Commitments are those made at this stocktake, numbered from 1.
	Commitments []Commitment       `json:"commitments"`
	Comments    []StocktakeComment `json:"comments"`
	// Summary is the closing note of the record (会议纪要要点), given when it is closed.
	Summary   string     `json:"summary,omitempty"`
	Version   int        `json:"version"`
	CreatedBy int64      `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
}

// StocktakeAgenda is a stocktake's agenda as generated at At, in its order: the portfolio's
// red items, yellow items, items behind schedule, items whose two delivery-confidence
// judgements are two or more levels apart, and the previous stocktake's commitments with
// what became of each. An item may stand in more than one section.
type StocktakeAgenda struct {
	At       time.Time           `json:"at"`
	Red      []StocktakeItem     `json:"red"`
	Yellow   []StocktakeItem     `json:"yellow"`
	Behind   []StocktakeItem     `json:"behind"`
	Gaps     []StocktakeItem     `json:"gaps"`
	Previous []StocktakeFollowUp `json:"previous"`
	// PreviousID and PreviousDate name the previous stocktake of the same leader (0: none).
	PreviousID   int64      `json:"previous_id,omitempty"`
	PreviousDate *time.Time `json:"previous_date,omitempty"`
}

// StocktakeItem is an item as the agenda names it, with its figures at generation.
type StocktakeItem struct {
	ItemID           int64          `json:"item_id"`
	Code             string         `json:"code"`
	Title            string         `json:"title"`
	UnitName         string         `json:"unit_name"`
	LeaderName       string         `json:"leader_name,omitempty"`
	Deadline         time.Time      `json:"deadline"`
	State            State          `json:"state"`
	Light            Light          `json:"light"`
	Schedule         ScheduleStatus `json:"schedule"`
	Percent          int            `json:"percent"`
	UnitConfidence   Confidence     `json:"unit_confidence,omitempty"`
	OfficeConfidence Confidence     `json:"office_confidence,omitempty"`
	Gap              int            `json:"gap,omitempty"`
}

// Commitment is one commitment made at a stocktake (调度会上的承诺): what is promised, by
// which unit (and leader), by when, and the item it became or changed.
type Commitment struct {
	No       int            `json:"no"`
	Kind     CommitmentKind `json:"kind"`
	Text     string         `json:"text"`
	UnitID   int64          `json:"unit_id"`
	UnitName string         `json:"unit_name"`
	LeaderID *int64         `json:"leader_id,omitempty"`
	// LeaderName is the owning leader's name, if any.
	LeaderName string    `json:"leader_name,omitempty"`
	Due        time.Time `json:"due"`
	// ItemID is the existing item a milestone or deadline commitment is about; MadeItemID
	// the new item a new_item commitment became. The item whose outcome counts is
	// MadeItemID, or ItemID (for a milestone, its milestone MilestoneID).
	ItemID     int64 `json:"item_id,omitempty"`
	MadeItemID int64 `json:"made_item_id,omitempty"`
	// MilestoneID numbers the milestone a milestone commitment added to its item.
	MilestoneID int       `json:"milestone_id,omitempty"`
	ItemCode    string    `json:"item_code,omitempty"`
	By          int64     `json:"by"`
	At          time.Time `json:"at"`
}

// Tracked is the id of the item whose delivery tells the commitment's outcome.
func (c Commitment) Tracked() int64 {
	if c.MadeItemID != 0 {
		return c.MadeItemID
	}
	return c.ItemID
}

// StocktakeFollowUp is a previous commitment as the next agenda shows it: what became of it
// (Outcome), and its item's state and light at generation.
type StocktakeFollowUp struct {
	Commitment Commitment `json:"commitment"`
	Outcome    string     `json:"outcome"`
	State      State      `json:"state,omitempty"`
	Light      Light      `json:"light,omitempty"`
}

// StocktakeComment is a reader's remark on a stocktake.
type StocktakeComment struct {
	By   int64     `json:"by"`
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// Clone returns a deep copy of the stocktake.
func (s *Stocktake) Clone() *Stocktake {
	c := *s
	a := &c.Agenda
	a.Red, a.Yellow = append([]StocktakeItem{}, a.Red...), append([]StocktakeItem{}, a.Yellow...)
	a.Behind, a.Gaps = append([]StocktakeItem{}, a.Behind...), append([]StocktakeItem{}, a.Gaps...)
	a.Previous = append([]StocktakeFollowUp{}, a.Previous...)
	c.Commitments = append([]Commitment{}, s.Commitments...)
	c.Comments = append([]StocktakeComment{}, s.Comments...)
	if s.ClosedAt != nil {
		t := *s.ClosedAt
		c.ClosedAt = &t
	}
	return &c
}

// StocktakeEvent is one change of a stocktake, kept append-only and audited.
type StocktakeEvent struct {
	StocktakeID int64              `json:"stocktake_id"`
	Seq         int                `json:"seq"`
	Kind        string             `json:"kind"`
	ActorID     int64              `json:"actor_id"`
	At          time.Time          `json:"at"`
	Data        StocktakeEventData `json:"data"`
}

// StocktakeEventData is an event's payload: the stocktake as generated, a commitment
// recorded, a comment's or the closing summary's text.
type StocktakeEventData struct {
	Stocktake  *Stocktake  `json:"stocktake,omitempty"`
	Commitment *Commitment `json:"commitment,omitempty"`
	Text       string      `json:"text,omitempty"`
}

// StocktakeTx is what stocktakes need of a transaction.
type StocktakeTx interface {
	// CreateStocktake stores a new stocktake and sets its id; a second of the same leader
	// on the same date is ECONFLICT.
	CreateStocktake(ctx context.Context, s *Stocktake) error
	// UpdateStocktake stores the stocktake if its stored version is prev and it is still
	// open, else ECONFLICT.
	UpdateStocktake(ctx context.Context, s *Stocktake, prev int) error
	FindStocktakeByID(ctx context.Context, id int64) (*Stocktake, error)
	// FindStocktakes lists the region's stocktakes (of one leader when leaderID is not 0),
	// latest date first.
	FindStocktakes(ctx context.Context, regionID, leaderID int64) ([]*Stocktake, error)
	AppendStocktakeEvent(ctx context.Context, ev *StocktakeEvent, regionID int64) error
	FindStocktakeEvents(ctx context.Context, stocktakeID int64) ([]StocktakeEvent, error)
}
