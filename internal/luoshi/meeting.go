package luoshi

import (
	"context"
	"time"
)

// TopicState is the state of a meeting topic (议题).
type TopicState string

// The states of a topic: drafted by a unit, submitted to the government office, accepted onto
// a meeting's agenda or returned with reasons (and then drafted again and resubmitted).
const (
	TopicDraft     TopicState = "draft"
	TopicSubmitted TopicState = "submitted"
	TopicAccepted  TopicState = "accepted"
	TopicReturned  TopicState = "returned"
)

// TopicStates lists every topic state.
var TopicStates = []TopicState{TopicDraft, TopicSubmitted, TopicAccepted, TopicReturned}

// Solution is one proposed solution of a topic, numbered from 1, with its cost, effect and risk.
type Solution struct {
	No     int    `json:"no"`
	Text   string `json:"text"`
	Cost   string `json:"cost"`
	Effect string `json:"effect"`
	Risk   string `json:"risk"`
}

// SignOff is a co-unit's written sign-off (会签意见) asked for with a due time. Missed marks a
// request whose due time passed unanswered when the topic was submitted; Late an answer given
// after its due time.
type SignOff struct {
	UnitID      int64      `json:"unit_id"`
	Due         time.Time  `json:"due"`
	RequestedAt time.Time  `json:"requested_at"`
	Text        string     `json:"text,omitempty"`
	SignedAt    *time.Time `json:"signed_at,omitempty"`
	SignedBy    int64      `json:"signed_by,omitempty"`
	Late        bool       `json:"late,omitempty"`
	Missed      bool       `json:"missed,omitempty"`
}

// Pending reports whether the sign-off is still owed at a moment: asked, unanswered, not yet due.
func (s SignOff) Pending(now time.Time) bool { return s.SignedAt == nil && now.Before(s.Due) }

// Topic is a meeting topic (议题) a unit brings to the government's meeting: the problem with
// its solutions, the recommended one, the legality review where needed, the co-units'
// sign-offs. It is the fold of its events.
type Topic struct {
	ID          int64      `json:"id"`
	RegionID    int64      `json:"region_id"`
	UnitID      int64      `json:"unit_id"`
	Title       string     `json:"title"`
	Background  string     `json:"background"`
	Analysis    string     `json:"analysis"`
	Solutions   []Solution `json:"solutions"`
	Recommended int        `json:"recommended,omitempty"`
	// NeedsLegalReview marks a matter that needs the legality review (合法性审查); LegalReview
	// is its text once recorded.
	NeedsLegalReview bool      `json:"needs_legal_review"`
	LegalReview      string    `json:"legal_review,omitempty"`
	SignOffs         []SignOff `json:"signoffs"`
	// NonSecret is the attestation that the topic holds no classified matter (非涉密).
	NonSecret    bool       `json:"non_secret"`
	State        TopicState `json:"state"`
	MeetingID    int64      `json:"meeting_id,omitempty"`
	ReturnReason string     `json:"return_reason,omitempty"`
	SubmittedAt  *time.Time `json:"submitted_at,omitempty"`
	Version      int        `json:"version"`
	CreatedBy    int64      `json:"created_by"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Clone returns a deep copy of the topic.
func (t *Topic) Clone() *Topic {
	c := *t
	c.Solutions = append([]Solution{}, t.Solutions...)
	c.SignOffs = append([]SignOff{}, t.SignOffs...)
	return &c
}

// MeetingState is the state of a meeting: planned (its agenda and minutes being prepared),
// or its minutes published.
type MeetingState string

// The meeting states.
const (
	MeetingPlanned   MeetingState = "planned"
	MeetingPublished MeetingState = "published"
)

// MeetingStates lists every meeting state.
var MeetingStates = []MeetingState{MeetingPlanned, MeetingPublished}

// MeetingKinds are the kinds of meeting: 县政府常务会议, 县长办公会议, 专题会议.
var MeetingKinds = []string{"executive", "county_head", "special"}

// Decision is a numbered decision (议定事项) of a meeting's minutes: what is to be done, by
// whom and by when; ItemID is the supervision item it became when the minutes were published.
type Decision struct {
	No         int       `json:"no"`
	Text       string    `json:"text"`
	TopicID    int64     `json:"topic_id,omitempty"`
	LeadUnitID int64     `json:"lead_unit_id"`
	CoUnitIDs  []int64   `json:"co_unit_ids"`
	LeaderID   *int64    `json:"leader_id,omitempty"`
	Deadline   time.Time `json:"deadline"`
	ItemID     int64     `json:"item_id,omitempty"`
}

// Meeting is a government meeting: its kind, date, chair and attendees, the minutes (会议纪要)
// with their number and numbered decisions. Its agenda is the topics accepted onto it.
type Meeting struct {
	ID          int64        `json:"id"`
	RegionID    int64        `json:"region_id"`
	Kind        string       `json:"kind"`
	Title       string       `json:"title"`
	HeldAt      time.Time    `json:"held_at"`
	Chair       string       `json:"chair"`
	Attendees   string       `json:"attendees"`
	MinutesNo   string       `json:"minutes_no,omitempty"`
	Minutes     string       `json:"minutes,omitempty"`
	Decisions   []Decision   `json:"decisions"`
	State       MeetingState `json:"state"`
	PublishedAt *time.Time   `json:"published_at,omitempty"`
	Version     int          `json:"version"`
	CreatedBy   int64        `json:"created_by"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// Clone returns a deep copy of the meeting.
func (m *Meeting) Clone() *Meeting {
	c := *m
	c.Decisions = make([]Decision, len(m.Decisions))
	for i, d := range m.Decisions {
		d.CoUnitIDs = append([]int64{}, d.CoUnitIDs...)
		c.Decisions[i] = d
	}
	return &c
}

// The records a meeting event belongs to.
const (
	RecordTopic   = "topic"
	RecordMeeting = "meeting"
)

// MeetingEvent is one event of a topic or a meeting (Record says which); the events of a
// record are append-only and numbered from 1.
type MeetingEvent struct {
	ID       int64            `json:"id"`
	Record   string           `json:"record"`
	RecordID int64            `json:"record_id"`
	Seq      int              `json:"seq"`
	Kind     string           `json:"kind"`
	ActorID  int64            `json:"actor_id"`
	At       time.Time        `json:"at"`
	Data     MeetingEventData `json:"payload"`
}

// MeetingEventData is the payload of a meeting event; each kind uses the fields it needs.
type MeetingEventData struct {
	Topic     *Topic    `json:"topic,omitempty"`
	Meeting   *Meeting  `json:"meeting,omitempty"`
	Solution  *Solution `json:"solution,omitempty"`
	SignOff   *SignOff  `json:"signoff,omitempty"`
	Decision  *Decision `json:"decision,omitempty"`
	No        int       `json:"no,omitempty"`
	UnitID    int64     `json:"unit_id,omitempty"`
	Text      string    `json:"text,omitempty"`
	MeetingID int64     `json:"meeting_id,omitempty"`
	ItemID    int64     `json:"item_id,omitempty"`
	Missed    []int64   `json:"missed,omitempty"`
}

// TopicFilter selects topics: of a region, optionally of a unit, a state or a meeting.
type TopicFilter struct {
	RegionID  int64
	UnitID    int64
	State     TopicState
	MeetingID int64
}

// MeetingTx is the store's part of the meetings: topics, meetings and their events.
type MeetingTx interface {
	CreateTopic(ctx context.Context, t *Topic) error
	// UpdateTopic stores the topic; ECONFLICT if its version moved on.
	UpdateTopic(ctx context.Context, t *Topic, prevVersion int) error
	FindTopicByID(ctx context.Context, id int64) (*Topic, error)
	FindTopics(ctx context.Context, f TopicFilter) ([]*Topic, error)
	CreateMeeting(ctx context.Context, m *Meeting) error
	// UpdateMeeting stores the meeting; ECONFLICT if its version moved on.
	UpdateMeeting(ctx context.Context, m *Meeting, prevVersion int) error
	FindMeetingByID(ctx context.Context, id int64) (*Meeting, error)
	FindMeetings(ctx context.Context, regionID int64) ([]*Meeting, error)
	// AppendMeetingEvent stores an event of a topic or a meeting and sets its ID.
	AppendMeetingEvent(ctx context.Context, e *MeetingEvent, regionID int64) error
	FindMeetingEvents(ctx context.Context, record string, id int64) ([]MeetingEvent, error)
}
