package luoshi

import (
	"time"
)

// State is where a supervision item stands in its workflow (DOMAIN.md, "States and transitions").
type State string

// The states of an item.
const (
	StateDraft               State = "draft"
	StateAssigned            State = "assigned"
	StateDeclined            State = "declined"
	StateInProgress          State = "in_progress"
	StateCompletionRequested State = "completion_requested"
	StateCompleted           State = "completed"
	StateSuspended           State = "suspended"
	StateCancelled           State = "cancelled"
)

// States lists every state, in workflow order.
var States = []State{StateDraft, StateAssigned, StateDeclined, StateInProgress,
	StateCompletionRequested, StateCompleted, StateSuspended, StateCancelled}

// OpenStates are the states in which work is still owed.
var OpenStates = []State{StateDraft, StateAssigned, StateDeclined, StateInProgress, StateCompletionRequested}

// Open reports whether work on an item in state s is still owed.
func (s State) Open() bool {
	for _, o := range OpenStates {
		if s == o {
			return true
		}
	}
	return false
}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	for _, o := range States {
		if s == o {
			return true
		}
	}
	return false
}

// Priority is how urgent an item is: urgent work counts in hours, important work in days.
type Priority string

// The priorities.
const (
	PriorityUrgent    Priority = "urgent"
	PriorityImportant Priority = "important"
	PriorityRoutine   Priority = "routine"
)

// Priorities lists every priority.
var Priorities = []Priority{PriorityUrgent, PriorityImportant, PriorityRoutine}

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool {
	return p == PriorityUrgent || p == PriorityImportant || p == PriorityRoutine
}

// Source is what an item came from.
type Source string

// The sources of DOMAIN.md.
const (
	SourceMeetingDecision   Source = "meeting_decision"
	SourceLeaderInstruction Source = "leader_instruction"
	SourceWorkReportTask    Source = "work_report_task"
	SourceMajorProject      Source = "major_project"
	SourceKeyIndicator      Source = "key_indicator"
	SourceNPCSuggestion     Source = "npc_suggestion"
	SourceCPPCCProposal     Source = "cppcc_proposal"
	SourceNPCReviewOpinion  Source = "npc_review_opinion"
	SourceOther             Source = "other"
)

// Sources lists every source.
var Sources = []Source{SourceMeetingDecision, SourceLeaderInstruction, SourceWorkReportTask,
	SourceMajorProject, SourceKeyIndicator, SourceNPCSuggestion, SourceCPPCCProposal,
	SourceNPCReviewOpinion, SourceOther}

// Valid reports whether s is a known source.
func (s Source) Valid() bool {
	for _, o := range Sources {
		if s == o {
			return true
		}
	}
	return false
}

// Light is the computed warning light of an item (预警灯).
type Light string

// The lights.
const (
	LightGreen  Light = "green"
	LightYellow Light = "yellow"
	LightRed    Light = "red"
	LightGrey   Light = "grey"
	LightBlue   Light = "blue"
)

// Lights lists every light.
var Lights = []Light{LightGreen, LightYellow, LightRed, LightGrey, LightBlue}

// Valid reports whether l is a known light.
func (l Light) Valid() bool {
	for _, o := range Lights {
		if l == o {
			return true
		}
	}
	return false
}

// ScheduleStatus is how an item stands against its planned progress (序时进度).
type ScheduleStatus string

// The schedule statuses.
const (
	ScheduleAhead      ScheduleStatus = "ahead"
	ScheduleOnSchedule ScheduleStatus = "on_schedule"
	ScheduleBehind     ScheduleStatus = "behind"
	ScheduleCompleted  ScheduleStatus = "completed"
)

// UrgeLevel is the level of an urging notice (催办): blue, orange, red.
type UrgeLevel string

// The urging levels, in escalating order.
const (
	UrgeBlue   UrgeLevel = "blue"
	UrgeOrange UrgeLevel = "orange"
	UrgeRed    UrgeLevel = "red"
)

// Rank orders urging levels; 0 means none.
func (l UrgeLevel) Rank() int {
	switch l {
	case UrgeBlue:
		return 1
	case UrgeOrange:
		return 2
	case UrgeRed:
		return 3
	}
	return 0
}

// Ratings are the evaluation grades of a completed item.
var Ratings = []string{"excellent", "good", "fair", "poor"}

// AccountabilityKinds are the kinds of accountability record (问责).
var AccountabilityKinds = []string{"notice_criticism", "interview", "rectification", "admonition"}

// Milestone is a dated step of an item (节点). Percent is the planned progress at Due; zero
// means "spread evenly".
type Milestone struct {
	ID      int        `json:"id"`
	Title   string     `json:"title"`
	Due     time.Time  `json:"due"`
	Percent int        `json:"percent,omitempty"`
	DoneAt  *time.Time `json:"done_at,omitempty"`
}

// ExtensionRequest is a pending request to move an item's deadline.
type ExtensionRequest struct {
	Deadline    time.Time `json:"deadline"`
	Reason      string    `json:"reason"`
	Percent     int       `json:"percent"`
	RequestedAt time.Time `json:"requested_at"`
	RequestedBy int64     `json:"requested_by"`
}

// CompletionConfirmBelow is the reported percent below which the office must confirm, in
// so many words, that it approves an item's completion: a request for completion on a last
// report of, say, 10 % is more often a slip than a finished piece of work.
const CompletionConfirmBelow = 80

// Item is a supervision item (督办事项). Its fields are the facts folded from its events; the
// light, schedule status and report due time are computed from them by a Policy.
type Item struct {
	ID        int64  `json:"id"`
	RegionID  int64  `json:"region_id"`
	Code      string `json:"code"`
	ParentID  *int64 `json:"parent_id,omitempty"`
	Title     string `json:"title"`
	Content   string `json:"content"`
	Source    Source `json:"source"`
	SourceRef string `json:"source_ref"`
	// ProposalID is the proposal whose B-class promise the item keeps (建议提案), if any.
	ProposalID int64 `json:"proposal_id,omitempty"`
	// MeetingID and DecisionNo point to the meeting decision (议定事项) the item carries out.
	MeetingID  int64 `json:"meeting_id,omitempty"`
	DecisionNo int   `json:"decision_no,omitempty"`
	// MajorDecision marks a major decision (重大决策), decided collectively: such an item
	// points to the meeting decision that made it.
	MajorDecision bool        `json:"major_decision,omitempty"`
	Priority      Priority    `json:"priority"`
	LeadUnitID    int64       `json:"lead_unit_id"`
	CoUnitIDs     []int64     `json:"co_unit_ids"`
	LeaderID      *int64      `json:"leader_id,omitempty"`
	Deadline      time.Time   `json:"deadline"`
	Milestones    []Milestone `json:"milestones"`
	ReportEvery   Cadence     `json:"report_every"`
	Unclassified  bool        `json:"unclassified"`

	State       State `json:"state"`
	ResumeState State `json:"resume_state,omitempty"`
	Percent     int   `json:"percent"`
	Version     int   `json:"version"`
	CreatedBy   int64 `json:"created_by"`

	CreatedAt             time.Time         `json:"created_at"`
	UpdatedAt             time.Time         `json:"updated_at"`
	AssignedAt            *time.Time        `json:"assigned_at,omitempty"`
	AcceptedAt            *time.Time        `json:"accepted_at,omitempty"`
	LastReportAt          *time.Time        `json:"last_report_at,omitempty"`
	CompletionRequestedAt *time.Time        `json:"completion_requested_at,omitempty"`
	CompletedAt           *time.Time        `json:"completed_at,omitempty"`
	OnTime                *bool             `json:"on_time,omitempty"`
	PendingExtension      *ExtensionRequest `json:"pending_extension,omitempty"`
	DeclineClosed         bool              `json:"decline_closed,omitempty"`
	Rating                string            `json:"rating,omitempty"`
	UrgeLevel             UrgeLevel         `json:"urge_level,omitempty"`
	// LastUrgedAt is the time of the item's latest urging (empty in documents folded before
	// it was kept: there the events are read).
	LastUrgedAt      *time.Time `json:"last_urged_at,omitempty"`
	Declines         int        `json:"declines"`
	Reassignments    int        `json:"reassignments"`
	Accountabilities int        `json:"accountabilities"`
	// UnitConfidence and OfficeConfidence are the lead unit's and the supervision office's
	// latest judgements of delivery confidence (落实把握).
	UnitConfidence   *ConfidenceRating `json:"unit_confidence,omitempty"`
	OfficeConfidence *ConfidenceRating `json:"office_confidence,omitempty"`
	// Opinions are the co-unit opinions (配合意见) asked for on the item, in order.
	Opinions []OpinionRequest `json:"opinions,omitempty"`
	// Records are the accountability records (问责) on the item, in order, waived or not;
	// Commendations its commendations (表彰).
	Records       []AccountabilityRecord `json:"accountability_records,omitempty"`
	Commendations []Commendation         `json:"commendations,omitempty"`
}

// IsCoUnit reports whether unit is one of the item's co-units.
func (it *Item) IsCoUnit(unit int64) bool {
	for _, u := range it.CoUnitIDs {
		if u == unit {
			return true
		}
	}
	return false
}

// Involves reports whether unit leads the item or is a co-unit of it.
func (it *Item) Involves(unit int64) bool {
	return it.LeadUnitID == unit || it.IsCoUnit(unit)
}

// Clone returns a deep copy, so that deciding on an item never changes the caller's copy.
func (it *Item) Clone() *Item {
	c := *it
	c.CoUnitIDs = append([]int64(nil), it.CoUnitIDs...)
	c.Milestones = make([]Milestone, len(it.Milestones))
	copy(c.Milestones, it.Milestones)
	if it.PendingExtension != nil {
		p := *it.PendingExtension
		c.PendingExtension = &p
	}
	c.Opinions = cloneOpinions(it.Opinions)
	c.Records, c.Commendations = cloneRecords(it.Records), cloneCommendations(it.Commendations)
	for _, r := range []**ConfidenceRating{&c.UnitConfidence, &c.OfficeConfidence} {
		if *r != nil {
			cp := **r
			*r = &cp
		}
	}
	return &c
}
