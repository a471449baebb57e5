package luoshi

import (
	"slices"
	"time"
)

// Confidence is a delivery confidence (落实把握): how likely an item is to be delivered on
// time, judged — apart from its state and its light — by the lead unit and by the
// supervision office, on five levels as delivery units rate their priorities.
type Confidence string

// The levels, most confident first.
const (
	ConfidenceGreen      Confidence = "green"       // 很有把握
	ConfidenceAmberGreen Confidence = "amber_green" // 较有把握
	ConfidenceAmber      Confidence = "amber"       // 有一定难度
	ConfidenceAmberRed   Confidence = "amber_red"   // 难度较大
	ConfidenceRed        Confidence = "red"         // 难以按期完成
)

// Confidences lists the levels, most confident first.
var Confidences = []Confidence{ConfidenceGreen, ConfidenceAmberGreen, ConfidenceAmber, ConfidenceAmberRed, ConfidenceRed}

// Valid reports whether c is one of the levels.
func (c Confidence) Valid() bool { return slices.Contains(Confidences, c) }

// The sides that judge an item's delivery confidence.
const (
	SideUnit   = "unit"   // the lead unit, through its liaison
	SideOffice = "office" // the supervision office
)

// ConfidenceRating is one side's latest judgement.
type ConfidenceRating struct {
	Level  Confidence `json:"level"`
	At     time.Time  `json:"at"`
	Reason string     `json:"reason,omitempty"`
}

// ConfidenceGap is how many levels apart the lead unit's and the office's judgements are
// (0 when they agree or one has not judged): a gap is itself worth showing — the unit sees
// the work one way, the office another.
func (it *Item) ConfidenceGap() int {
	if it.UnitConfidence == nil || it.OfficeConfidence == nil {
		return 0
	}
	d := slices.Index(Confidences, it.UnitConfidence.Level) - slices.Index(Confidences, it.OfficeConfidence.Level)
	return max(d, -d)
}
