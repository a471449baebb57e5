package luoshi

import (
	"context"
	"time"
)

// LetterEvent is one immutable step of a letter's record.
type LetterEvent struct {
	ID        int64           `json:"id"`
	LetterID  int64           `json:"letter_id"`
	Seq       int             `json:"seq"`
	Kind      string          `json:"kind"`
	ActorID   int64           `json:"actor_id"`
	ActorName string          `json:"actor_name,omitempty"`
	At        time.Time       `json:"at"`
	Data      LetterEventData `json:"payload"`
}

// LetterEventData is the payload of a letter event; each kind uses the fields it needs.
type LetterEventData struct {
	Reason       string     `json:"reason,omitempty"`
	Text         string     `json:"text,omitempty"`
	IndicatorID  int64      `json:"indicator_id,omitempty"`
	Indicator    string     `json:"indicator,omitempty"`
	Flag         FlagReason `json:"flag,omitempty"`
	Flags        int        `json:"flags,omitempty"`
	Target       *float64   `json:"target,omitempty"`
	OldTarget    *float64   `json:"old_target,omitempty"`
	AdjustmentID int64      `json:"adjustment_id,omitempty"`
	Indicators   int        `json:"indicators,omitempty"`
}

// AdjustmentState is where a target adjustment request stands.
type AdjustmentState string

// The adjustment states.
const (
	AdjustmentPending  AdjustmentState = "pending"
	AdjustmentApproved AdjustmentState = "approved"
	AdjustmentDenied   AdjustmentState = "denied"
)

// Adjustment is a recorded request to change a signed target, decided by the supervision
// office (目标调整).
type Adjustment struct {
	ID          int64           `json:"id"`
	LetterID    int64           `json:"letter_id"`
	IndicatorID int64           `json:"indicator_id"`
	State       AdjustmentState `json:"state"`
	OldTarget   float64         `json:"old_target"`
	Target      float64         `json:"target"`
	Stretch     *float64        `json:"stretch,omitempty"`
	Reason      string          `json:"reason"`
	Flags       []Flag          `json:"flags"`
	RequestedBy int64           `json:"requested_by"`
	RequestedAt time.Time       `json:"requested_at"`
	DecidedBy   int64           `json:"decided_by,omitempty"`
	DecidedAt   *time.Time      `json:"decided_at,omitempty"`
	Decision    string          `json:"decision,omitempty"`
}

// Actual is an indicator's figure for one period (实绩): year to date for a cumulative
// indicator, the period-end level for a level indicator, percent done for a milestone.
type Actual struct {
	IndicatorID int64     `json:"indicator_id"`
	Period      int       `json:"period"`
	Value       float64   `json:"value"`
	Note        string    `json:"note,omitempty"`
	Source      string    `json:"source"`
	EnteredBy   int64     `json:"entered_by"`
	EnteredAt   time.Time `json:"entered_at"`
}

// The sources of an actual.
const (
	ActualByUnit   = "unit"
	ActualByOffice = "office"
	ActualImported = "import"
)

// LetterFilter selects letters; zero fields do not filter. Units nil means every unit.
type LetterFilter struct {
	RegionID int64
	Year     int
	UnitIDs  []int64
	State    LetterState
}

// Sanction is an outcome that moves a unit's score: an accountability record (问责) naming
// it, an urging notice (催办) on an item it leads, an item it leads that was not delivered in
// time (Kind "late"), or a commendation (表彰) naming it (Kind "commendation", the one that
// adds). A waived accountability record (容错免责) is kept with Waived set.
type Sanction struct {
	UnitID int64     `json:"unit_id"`
	ItemID int64     `json:"item_id"`
	Kind   string    `json:"kind"` // "accountability", "urge", "late", "late_reply" or "commendation"
	Sub    string    `json:"sub"`  // the accountability or commendation kind, or the urging level
	At     time.Time `json:"at"`
	Waived bool      `json:"waived,omitempty"`
	// ProposalID is the proposal of a late reply.
	ProposalID int64 `json:"proposal_id,omitempty"`
}

// SanctionLateReply is the kind of sanction a reply to a proposal not given by its deadline is.
const SanctionLateReply = "late_reply"

// TargetTx is what target letters, actuals, scores and key development indicators need of a
// transaction.
type TargetTx interface {
	// CreateLetter stores a letter with its indicators and sets their IDs.
	CreateLetter(ctx context.Context, l *Letter) error
	// UpdateLetter stores the letter's state and times; ECONFLICT if its version moved on.
	UpdateLetter(ctx context.Context, l *Letter, prevVersion int) error
	// ReplaceIndicators replaces every indicator of the letter (drafts only) and sets IDs.
	ReplaceIndicators(ctx context.Context, l *Letter) error
	// UpdateIndicator stores an indicator's target, stretch target and flags.
	UpdateIndicator(ctx context.Context, ind *Indicator) error
	FindLetterByID(ctx context.Context, id int64) (*Letter, error)
	// FindLetter finds the unit's letter of the year.
	FindLetter(ctx context.Context, unitID int64, year int) (*Letter, error)
	FindLetters(ctx context.Context, f LetterFilter) ([]*Letter, error)
	AppendLetterEvent(ctx context.Context, e *LetterEvent, regionID int64) error
	FindLetterEvents(ctx context.Context, letterID int64) ([]LetterEvent, error)

	CreateAdjustment(ctx context.Context, a *Adjustment) error
	UpdateAdjustment(ctx context.Context, a *Adjustment) error
	FindAdjustments(ctx context.Context, letterID int64) ([]*Adjustment, error)

	// PutActual records (or corrects) an actual and returns the one it replaced, if any.
	PutActual(ctx context.Context, a *Actual) (*Actual, error)
	// FindActuals lists the actuals of the letters' indicators, by indicator and period.
	FindActuals(ctx context.Context, letterIDs []int64) ([]Actual, error)
	// FindSanctions lists accountability records (waived ones marked so when the waiver came
	// before to), commendations and urging notices of the region in [from, to).
	FindSanctions(ctx context.Context, regionID int64, from, to time.Time) ([]Sanction, error)

	// PutKeyIndicator finds or creates the region's key indicator of that name, setting ID.
	PutKeyIndicator(ctx context.Context, k *KeyIndicator) error
	FindKeyIndicatorByID(ctx context.Context, id int64) (*KeyIndicator, error)
	FindKeyIndicators(ctx context.Context, regionID int64) ([]*KeyIndicator, error)
	// PutKeyFigure records a figure, replacing the same county's figure for that quarter,
	// and returns the one it replaced, if any.
	PutKeyFigure(ctx context.Context, f *KeyFigure) (*KeyFigure, error)
	// FindKeyFigures lists an indicator's figures (year 0: every year) by year and quarter.
	FindKeyFigures(ctx context.Context, keyIndicatorID int64, year int) ([]KeyFigure, error)
}
