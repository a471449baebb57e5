package luoshi

import (
	"context"
	"time"
)

// BulletinKind is the period a supervision bulletin (督查通报) covers.
type BulletinKind string

// The kinds of bulletin: a month, a quarter, a year, or a special topic over any period.
const (
	BulletinMonth   BulletinKind = "month"
	BulletinQuarter BulletinKind = "quarter"
	BulletinYear    BulletinKind = "year"
	BulletinSpecial BulletinKind = "special"
)

// BulletinKinds lists the kinds, in the order a form offers them.
var BulletinKinds = []BulletinKind{BulletinMonth, BulletinQuarter, BulletinYear, BulletinSpecial}

// BulletinState is where a bulletin stands: a draft the office edits, or published and
// unchangeable.
type BulletinState string

// The states of a bulletin.
const (
	BulletinDraft     BulletinState = "draft"
	BulletinPublished BulletinState = "published"
)

// Bulletin is a supervision bulletin (督查通报): the figures of a period, taken from the data
// when it was generated and kept as they were, the office's narrative around them, and its
// number (督查通报〔2026〕3号). Once published nothing of it changes.
type Bulletin struct {
	ID       int64         `json:"id"`
	RegionID int64         `json:"region_id"`
	Kind     BulletinKind  `json:"kind"`
	Title    string        `json:"title"`
	From     time.Time     `json:"from"`
	To       time.Time     `json:"to"`
	State    BulletinState `json:"state"`
	// Year and Number make the document number; Number is 0 until the office numbers it.
	Year   int `json:"year"`
	Number int `json:"number"`
	// Foreword is the office's comment (按语), Requirements the next steps asked (下步要求).
	Foreword     string          `json:"foreword"`
	Requirements string          `json:"requirements"`
	Figures      BulletinFigures `json:"figures"`
	Version      int             `json:"version"`
	CreatedBy    int64           `json:"created_by"`
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
	PublishedAt  *time.Time      `json:"published_at,omitempty"`
}

// Clone returns a deep copy of the bulletin.
func (b *Bulletin) Clone() *Bulletin {
	c := *b
	f := &c.Figures
	f.Units = append([]BulletinUnit{}, f.Units...)
	f.Red = append([]BulletinItem{}, f.Red...)
	f.Overdue = append([]BulletinItem{}, f.Overdue...)
	f.Commendations = append([]BulletinRecord{}, f.Commendations...)
	f.Accountability = append([]BulletinRecord{}, f.Accountability...)
	if b.PublishedAt != nil {
		t := *b.PublishedAt
		c.PublishedAt = &t
	}
	return &c
}

// BulletinFigures are a bulletin's figures, as of At: the items due in the period (their
// deadline in [From, To)) and how they were delivered, by lead unit; the red and the
// overdue open items at At; the commendations and accountability records made in the
// period. Nothing in them counts activity (logins, views, reports filed): only outcomes.
type BulletinFigures struct {
	At time.Time `json:"at"`
	// Due counts the items due in the period that were assigned (not drafts, suspended or
	// cancelled); Completed those completed, OnTime those whose completion was asked for by
	// the deadline and then completed; Late those late at At (luoshi.LateAt).
	Due       int `json:"due"`
	Completed int `json:"completed"`
	OnTime    int `json:"on_time"`
	Late      int `json:"late"`
	// CompletionRate and OnTimeRate are percentages of Due, to one decimal.
	CompletionRate float64          `json:"completion_rate"`
	OnTimeRate     float64          `json:"on_time_rate"`
	Units          []BulletinUnit   `json:"units"`
	Red            []BulletinItem   `json:"red"`
	Overdue        []BulletinItem   `json:"overdue"`
	Commendations  []BulletinRecord `json:"commendations"`
	Accountability []BulletinRecord `json:"accountability"`
}

// BulletinUnit is one lead unit's line of a bulletin, ranked by outcome: on-time rate,
// then completion rate; units level on both share a rank.
type BulletinUnit struct {
	Rank           int     `json:"rank"`
	UnitID         int64   `json:"unit_id"`
	UnitName       string  `json:"unit_name"`
	Due            int     `json:"due"`
	Completed      int     `json:"completed"`
	OnTime         int     `json:"on_time"`
	Late           int     `json:"late"`
	CompletionRate float64 `json:"completion_rate"`
	OnTimeRate     float64 `json:"on_time_rate"`
}

// BulletinItem is an item a bulletin names (red or overdue), with its lead unit and
// responsible leader as they were.
type BulletinItem struct {
	ItemID      int64     `json:"item_id"`
	Code        string    `json:"code"`
	Title       string    `json:"title"`
	UnitName    string    `json:"unit_name"`
	LeaderName  string    `json:"leader_name,omitempty"`
	Deadline    time.Time `json:"deadline"`
	DaysOverdue int       `json:"days_overdue,omitempty"`
}

// BulletinRecord is a commendation (表彰) or accountability record (问责) a bulletin names.
type BulletinRecord struct {
	ItemID int64     `json:"item_id"`
	Code   string    `json:"code"`
	Title  string    `json:"title"`
	Units  []string  `json:"units"`
	Sub    string    `json:"sub"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	Waived bool      `json:"waived,omitempty"`
}

// BulletinEvent is one change of a bulletin, kept append-only and audited.
type BulletinEvent struct {
	BulletinID int64             `json:"bulletin_id"`
	Seq        int               `json:"seq"`
	Kind       string            `json:"kind"`
	ActorID    int64             `json:"actor_id"`
	At         time.Time         `json:"at"`
	Data       BulletinEventData `json:"data"`
}

// BulletinEventData is an event's payload: the bulletin as generated, the texts edited,
// the number given, the figures taken again.
type BulletinEventData struct {
	Bulletin     *Bulletin        `json:"bulletin,omitempty"`
	Title        *string          `json:"title,omitempty"`
	Foreword     *string          `json:"foreword,omitempty"`
	Requirements *string          `json:"requirements,omitempty"`
	Year         int              `json:"year,omitempty"`
	Number       int              `json:"number,omitempty"`
	Figures      *BulletinFigures `json:"figures,omitempty"`
}

// BulletinTx is what bulletins need of a transaction.
type BulletinTx interface {
	// CreateBulletin stores a new bulletin and sets its id.
	CreateBulletin(ctx context.Context, b *Bulletin) error
	// UpdateBulletin stores the bulletin if its stored version is prev, else ECONFLICT; a
	// number already given to another bulletin of the region's year is ECONFLICT too.
	UpdateBulletin(ctx context.Context, b *Bulletin, prev int) error
	FindBulletinByID(ctx context.Context, id int64) (*Bulletin, error)
	// FindBulletins lists the region's bulletins, newest period first.
	FindBulletins(ctx context.Context, regionID int64) ([]*Bulletin, error)
	AppendBulletinEvent(ctx context.Context, ev *BulletinEvent, regionID int64) error
	// FindOpenItems lists the region's open items (OpenStates), oldest first: those a
	// bulletin may name red or overdue.
	FindOpenItems(ctx context.Context, regionID int64) ([]*Item, error)
	FindBulletinEvents(ctx context.Context, bulletinID int64) ([]BulletinEvent, error)
}
