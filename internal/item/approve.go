package item

import (
	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

// confirmPercent is the office's confirmation that it approves a completion whose last
// report says little was done: a checkbox on the page, "yes" in the API.
var confirmPercent = flow.Field{Name: "confirm_percent", Kind: flow.Choice, Choices: []string{"yes"},
	Label: "item.field.confirm_percent", Bad: "item.approve.confirm_bad"}

// decideApproveCompletion approves the completion; when the item's last reported percent is
// below luoshi.CompletionConfirmBelow the office must confirm it, and the event records the
// percent it confirmed.
func decideApproveCompletion(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
	ev.Kind, ev.Data.Text = luoshi.EventCompletionApproved, v.Text("text")
	pct := c.Record.Percent
	if pct >= luoshi.CompletionConfirmBelow {
		return nil
	}
	if v.Text("confirm_percent") != "yes" {
		p.Add("confirm_percent", "item.approve.confirm_percent", pct, luoshi.CompletionConfirmBelow)
		return nil
	}
	ev.Data.ConfirmedPercent = &pct
	return nil
}
