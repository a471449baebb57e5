package luoshi

import (
	"context"
	"time"
)

// Region is an administrative area (行政区划), the tenant boundary.
type Region struct {
	ID        int64     `json:"id"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	TZ        string    `json:"tz"`
	CreatedAt time.Time `json:"created_at"`
	// ParentID is the region above (a county's city); nil at the top.
	ParentID *int64 `json:"parent_id,omitempty"`
}

// UnitKinds are the kinds of unit.
var UnitKinds = []string{"department", "township", "other"}

// Unit is a department, township or other body (单位).
type Unit struct {
	ID         int64     `json:"id"`
	RegionID   int64     `json:"region_id"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind"`
	ParentID   *int64    `json:"parent_id,omitempty"`
	CreditCode string    `json:"credit_code,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Leader is a person with a post (领导) and the units of the portfolio (分管).
type Leader struct {
	ID        int64   `json:"id"`
	RegionID  int64   `json:"region_id"`
	Name      string  `json:"name"`
	Post      string  `json:"post"`
	Rank      int     `json:"rank"`
	AllUnits  bool    `json:"all_units"`
	Portfolio []int64 `json:"portfolio"`
}

// User is an account; it belongs to exactly one unit and holds one or more roles.
type User struct {
	ID           int64     `json:"id"`
	RegionID     int64     `json:"region_id"`
	UnitID       int64     `json:"unit_id"`
	Username     string    `json:"username"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"-"`
	Roles        []Role    `json:"roles"`
	LeaderID     *int64    `json:"leader_id,omitempty"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	// Phone and IDNumber are sealed at rest; answers carry them in clear only to the account
	// itself and the system administrator, masked to others.
	Phone    string `json:"phone,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
}

// ItemDerived are the columns computed from an item by the Policy and stored beside it so
// that lists and stats can use indexes: the moments it turns yellow and red, and the
// effective percent (rolled up from sub-items where it has any). YellowAt and RedAt are
// both set or both nil, and YellowAt is never after RedAt; the store's light filters rely on it.
type ItemDerived struct {
	YellowAt *time.Time
	RedAt    *time.Time
	Percent  int
	// Schedule: the moments the schedule status turns (behind_at, ahead_until).
	Schedule ScheduleTimes
}

// ItemFilter selects items; nil fields do not filter. Cursor is the opaque cursor of the
// previous page.
type ItemFilter struct {
	RegionID int64
	State    *State
	Light    *Light
	Priority *Priority
	Source   *Source
	UnitID   *int64 // lead unit or co-unit
	LeadOnly bool   // UnitID matches the lead unit only
	LeaderID *int64
	ParentID *int64
	Overdue  *bool
	// Schedule: the schedule status at Now (measured states only; completed is the state).
	Schedule *ScheduleStatus
	// Portfolio names a leader whose portfolio's units lead the items (the service sets
	// LeadUnits from it); LeadUnits, when not nil, the lead units allowed.
	Portfolio *int64
	LeadUnits []int64
	// DueYear asks for the items of that year's on-time rate (CockpitCounts.Weeks) — the
	// service sets the year's span DueFrom, DueBefore from it; OnTime for those completed on
	// time or not.
	DueYear   int
	DueFrom   *time.Time
	DueBefore *time.Time
	OnTime    *bool
	Query     string
	Now       time.Time
	Limit     int
	Cursor    string
	// Visible restricts to items a non-supervisor may see: these units (lead or co-unit) or
	// this responsible leader. Nil means no restriction.
	VisibleUnits  []int64
	VisibleLeader int64
}

// UnitStats are one unit's counts of the items it leads.
type UnitStats struct {
	UnitID          int64   `json:"unit_id"`
	UnitName        string  `json:"unit_name"`
	Open            int     `json:"open"`
	Green           int     `json:"green"`
	Yellow          int     `json:"yellow"`
	Red             int     `json:"red"`
	Overdue         int     `json:"overdue"`
	Suspended       int     `json:"suspended"`
	Completed       int     `json:"completed"`
	CompletedOnTime int     `json:"completed_on_time"`
	OnTimeRate      float64 `json:"on_time_rate"`
}

// Store persists luoshi's data. Update runs fn in one write transaction (serialised), View
// on a consistent read snapshot; an error from fn rolls everything back.
type Store interface {
	Update(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
	Close() error
}

// Tx is what a transaction can do: the union of each area's part, which the store implements
// at once. Code that needs one area takes that part (ItemTx, TargetTx …), so that no single
// interface grows with every module. Find* methods return an ENOTFOUND *Error when nothing
// matches; UpdateItem returns ECONFLICT when the item's version moved on.
type Tx interface {
	OrgTx
	ItemTx
	CalendarTx
	SecurityTx
	LoginTx
	NotifyTx
	AttachmentTx
	TargetTx
	CollabTx
	RecordTx
	ProposalTx
	MeetingTx
	PracticeTx
	BulletinTx
	CockpitTx
	StocktakeTx
}

// OrgTx is the store's part of the organisation: regions, units, leaders and users.
type OrgTx interface {
	CreateRegion(ctx context.Context, r *Region) error
	UpdateRegion(ctx context.Context, r *Region) error
	FindRegionByID(ctx context.Context, id int64) (*Region, error)
	FindRegions(ctx context.Context) ([]*Region, error)

	CreateUnit(ctx context.Context, u *Unit) error
	UpdateUnit(ctx context.Context, u *Unit) error
	FindUnitByID(ctx context.Context, id int64) (*Unit, error)
	// FindUnitsByID reads the units of the ids given in one statement, in no given order;
	// an id of no unit is left out.
	FindUnitsByID(ctx context.Context, ids []int64) ([]*Unit, error)
	FindUnits(ctx context.Context, regionID int64) ([]*Unit, error)

	CreateLeader(ctx context.Context, l *Leader) error
	UpdateLeader(ctx context.Context, l *Leader) error
	FindLeaderByID(ctx context.Context, id int64) (*Leader, error)
	FindLeaders(ctx context.Context, regionID int64) ([]*Leader, error)

	CreateUser(ctx context.Context, u *User) error
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByUsername(ctx context.Context, username string) (*User, error)
	FindUsers(ctx context.Context, regionID int64, unitID *int64) ([]*User, error)
	CountUsers(ctx context.Context) (int, error)
}

// ItemTx is the store's part of the supervision items: items, their events, unit statistics.
type ItemTx interface {
	// NextItemMoment is the earliest stored moment of the kinds asked for among the region's
	// items at or after a moment (store/item_moments.go); nil: none.
	NextItemMoment(ctx context.Context, regionID int64, after time.Time, kinds MomentKinds) (*time.Time, error)
	NextItemNumber(ctx context.Context, regionID int64, year int) (int, error)
	// DrawItemNumber is NextItemNumber sent with the transaction's next statement (PostgreSQL:
	// in the same round trip as a create's first read) rather than at once; the function
	// answers the number, sending what waits first if it has not come yet. Undone with the
	// transaction (or the write's savepoint) like NextItemNumber.
	DrawItemNumber(ctx context.Context, regionID int64, year int) func() (int, error)
	CreateItem(ctx context.Context, it *Item, d ItemDerived) error
	UpdateItem(ctx context.Context, it *Item, d ItemDerived, prevVersion int) error
	// UpdateItemOrRefuse is UpdateItem whose refusal (item.stale) may come later: with the
	// transaction's next statement, or as the write's answer (PostgreSQL: queued with what
	// follows). For callers that answer the refusal as it is and do nothing the change would
	// make wrong if refused.
	UpdateItemOrRefuse(ctx context.Context, it *Item, d ItemDerived, prevVersion int) error
	UpdateItemDerived(ctx context.Context, id int64, d ItemDerived) error
	FindItemByID(ctx context.Context, id int64) (*Item, error)
	FindItems(ctx context.Context, f ItemFilter) ([]*Item, string, error)
	// FindChildren returns the sub-items of the items given, by id.
	FindChildren(ctx context.Context, parentIDs ...int64) ([]*Item, error)
	// FindItemFamily is FindItemByID and FindChildren in one query.
	FindItemFamily(ctx context.Context, id int64) (*Item, []*Item, error)
	AppendEvent(ctx context.Context, e *Event, regionID int64) error
	FindEvents(ctx context.Context, itemID int64) ([]Event, error)
	// FindEventsPage is one page of the item's timeline going back in time: the newest limit
	// events before the cursor (all of them when the cursor is empty), oldest first, and the
	// cursor of the page before it ("" when there is none). An item reported on every week for
	// years has hundreds of events; a page's cost does not grow with them.
	FindEventsPage(ctx context.Context, itemID int64, cursor string, limit int) ([]Event, string, error)
	// FindItemEventsPage is FindItemByID and FindEventsPage in one statement.
	FindItemEventsPage(ctx context.Context, itemID int64, cursor string, limit int) (*Item, []Event, string, error)
	UnitStats(ctx context.Context, regionID int64, now time.Time) ([]UnitStats, error)
	StatRows(ctx context.Context, regionID int64, ids []int64) ([]StatRow, error)
}

// CalendarTx is the store's part of the working-day calendar.
type CalendarTx interface {
	CalendarDays(ctx context.Context) ([]CalendarDay, error)
	PutCalendarDay(ctx context.Context, d CalendarDay) error
	DeleteCalendarDay(ctx context.Context, date string) error
}
