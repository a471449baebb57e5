package luoshi

import (
	"context"
	"time"
)

// MeetingKind is a kind of meeting a region holds. The three built-in kinds (MeetingKinds)
// are named by the catalogue while Name is empty; a region's own kinds carry the name the
// administrator gave. A retired kind is offered for no new meeting, while the meetings held
// under it keep it.
type MeetingKind struct {
	RegionID int64  `json:"region_id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Retired  bool   `json:"retired"`
	Position int    `json:"position"`
}

// Label names the kind, as a message.
func (k MeetingKind) Label() Msg {
	if k.Name == "" {
		return M("meeting.kind." + k.Code)
	}
	return M("text.plain", k.Name)
}

// DefaultMeetingKinds are the kinds of a region that configured none: the built-in three.
func DefaultMeetingKinds(region int64) []MeetingKind {
	out := make([]MeetingKind, len(MeetingKinds))
	for i, c := range MeetingKinds {
		out[i] = MeetingKind{RegionID: region, Code: c, Position: i + 1}
	}
	return out
}

// Practice is a practice learned elsewhere (外地经验): where it was done, what was done, the
// result, the source document, tags, and the topics and items of this county that adopt it.
type Practice struct {
	ID       int64    `json:"id"`
	RegionID int64    `json:"region_id"`
	Place    string   `json:"place"`
	Title    string   `json:"title"`
	What     string   `json:"what"`
	Result   string   `json:"result"`
	Source   string   `json:"source"`
	Tags     []string `json:"tags"`
	TopicIDs []int64  `json:"topic_ids"`
	ItemIDs  []int64  `json:"item_ids"`
	Version  int      `json:"version"`
	// CreatedBy and UpdatedBy are the users who added the practice and changed it last.
	CreatedBy int64     `json:"created_by"`
	UpdatedBy int64     `json:"updated_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PracticeFilter selects a region's practices: with Query, those whose place, title, what
// was done, result, source or tags hold it; with Tag, those tagged so; with TopicID or
// ItemID, those the topic or item adopts.
type PracticeFilter struct {
	RegionID int64
	Query    string
	Tag      string
	TopicID  int64
	ItemID   int64
}

// PracticeTx is the store's part of the meeting kinds and the experience library.
type PracticeTx interface {
	// FindMeetingKinds lists the kinds a region configured, by position; none if it did not.
	FindMeetingKinds(ctx context.Context, regionID int64) ([]MeetingKind, error)
	// PutMeetingKind creates or replaces a region's kind.
	PutMeetingKind(ctx context.Context, k MeetingKind) error
	CreatePractice(ctx context.Context, p *Practice) error
	// UpdatePractice stores the practice; ECONFLICT if its version moved on.
	UpdatePractice(ctx context.Context, p *Practice, prevVersion int) error
	FindPracticeByID(ctx context.Context, id int64) (*Practice, error)
	FindPractices(ctx context.Context, f PracticeFilter) ([]*Practice, error)
}
