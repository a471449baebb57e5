package luoshi

import "time"

// Action is one transition or record an actor asks for on an item; its name is the last
// segment of POST /api/v1/items/{id}/{action}.
type Action string

// The actions.
const (
	ActAssign            Action = "assign"
	ActAccept            Action = "accept"
	ActDecline           Action = "decline"
	ActReassign          Action = "reassign"
	ActInsist            Action = "insist"
	ActReport            Action = "report"
	ActUrge              Action = "urge"
	ActComment           Action = "comment"
	ActInstruct          Action = "instruct"
	ActRequestExtension  Action = "request-extension"
	ActApproveExtension  Action = "approve-extension"
	ActDenyExtension     Action = "deny-extension"
	ActRequestCompletion Action = "request-completion"
	ActApproveCompletion Action = "approve-completion"
	ActReturn            Action = "return"
	ActEvaluate          Action = "evaluate"
	ActSuspend           Action = "suspend"
	ActResume            Action = "resume"
	ActCancel            Action = "cancel"
	ActHoldAccountable   Action = "hold-accountable"
	ActRateConfidence    Action = "rate-confidence"
	ActRequestOpinion    Action = "request-opinion"
	ActGiveOpinion       Action = "give-opinion"
	ActCommend           Action = "commend"
	ActWaive             Action = "waive-accountability"
	// ActAddMilestone adds a dated step to an item in progress (a stocktake's commitment).
	ActAddMilestone Action = "add-milestone"
)

// Command carries what a Go caller (the demo, the tests, the generators) asks of an action:
// the fields it uses, tagged with their names in the action's spec (internal/item), which
// reads them as the API's body is read. The API and the pages decode an action's fields from
// its spec instead.
type Command struct {
	Action         Action     `json:"-"`
	Reason         string     `json:"reason"`
	Text           string     `json:"text"`
	Percent        *int       `json:"percent"`
	Problems       string     `json:"problems"`
	NextSteps      string     `json:"next_steps"`
	MilestonesDone []int      `json:"milestones_done"`
	LeadUnitID     int64      `json:"lead_unit_id"`
	Deadline       *time.Time `json:"deadline"`
	Level          UrgeLevel  `json:"level"`
	Summary        string     `json:"summary"`
	Rating         string     `json:"rating"`
	Kind           string     `json:"kind"`
	UnitIDs        []int64    `json:"unit_ids"`
	Confidence     Confidence `json:"confidence"`
	UnitID         int64      `json:"unit_id"`
	Question       string     `json:"question"`
	Due            *time.Time `json:"due"`
	RequestID      int        `json:"request_id"`
	RecordID       int        `json:"record_id"`
	Grounds        string     `json:"grounds"`
	// ConfirmPercent is "yes" when the office approves a completion whose last report is
	// below CompletionConfirmBelow percent, having seen it.
	ConfirmPercent string `json:"confirm_percent"`
}

// MaxTextLen bounds free-text fields (reasons, reports, comments), in characters.
const MaxTextLen = 5000

// StateLabel is the Chinese name of a state, for messages.
func StateLabel(s State) string {
	return map[State]string{StateDraft: "草稿", StateAssigned: "已交办待签收", StateDeclined: "已退办",
		StateInProgress: "办理中", StateCompletionRequested: "申请办结", StateCompleted: "已办结",
		StateSuspended: "已暂停", StateCancelled: "已撤销"}[s]
}
