package store_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

// TestCopyRemapsEveryID guards the merge of luoshi copy: it renumbers the ids inside the JSON
// of items, item events and letter events field by field (copy_merge.go). A new id field in
// those types must be renumbered too; this test names them all and fails on a new one.
func TestCopyRemapsEveryID(t *testing.T) {
	for _, c := range []struct {
		v    any
		want []string
	}{
		{luoshi.Item{}, []string{"CoUnitIDs", "CreatedBy", "ID", "LeadUnitID", "LeaderID", "MeetingID", "ParentID", "ProposalID", "RegionID"}},
		// A proposal's Children and its events' Units and Children are renumbered too.
		{luoshi.Proposal{}, []string{"CoUnitIDs", "ID", "LeadUnitID", "ParentID", "RegionID", "SessionID"}},
		{luoshi.ProposalEventData{}, []string{"CoUnitIDs", "LeadUnitID"}},
		{luoshi.Proposer{}, []string{"UserID"}},
		{luoshi.Contact{}, []string{"By", "ConfirmedBy"}},
		{luoshi.CoOpinion{}, []string{"By", "UnitID"}},
		{luoshi.Reply{}, []string{"By", "UnitID"}},
		{luoshi.Promise{}, []string{"ItemID", "UnitID"}},
		{luoshi.Evaluation{}, []string{"By"}},
		{luoshi.ExtensionRequest{}, []string{"RequestedBy"}},
		{luoshi.EventData{}, []string{"AttachmentID", "FromUnitID", "LeadUnitID", "RecordID", "RequestID", "UnitID", "UnitIDs"}}, // RecordID: within its item, kept
		{luoshi.Record{}, []string{"By", "ID", "UnitIDs"}},                                                                       // ID: within its item, kept
		{luoshi.Waiver{}, []string{"By"}},
		{luoshi.OpinionRequest{}, []string{"AnsweredBy", "ID", "RequestedBy", "UnitID"}}, // ID: within its item, kept
		{luoshi.LetterEventData{}, []string{"AdjustmentID", "IndicatorID"}},
		// A bulletin's figures name units and items; its event payload holds the bulletin or figures.
		{luoshi.Bulletin{}, []string{"CreatedBy", "ID", "RegionID"}},
		{luoshi.BulletinUnit{}, []string{"UnitID"}},
		{luoshi.BulletinItem{}, []string{"ItemID"}},
		{luoshi.BulletinRecord{}, []string{"ItemID"}},
		{luoshi.BulletinEventData{}, nil},
		// A practice names the topics and items that adopt it.
		{luoshi.Practice{}, []string{"CreatedBy", "ID", "ItemIDs", "RegionID", "TopicIDs", "UpdatedBy"}},
		// A stocktake's agenda names items and the previous stocktake; its commitments units,
		// leaders, items and their author.
		{luoshi.Stocktake{}, []string{"CreatedBy", "ID", "LeaderID", "RegionID"}},
		{luoshi.StocktakeAgenda{}, []string{"PreviousID"}},
		{luoshi.StocktakeItem{}, []string{"ItemID"}},
		{luoshi.Commitment{}, []string{"By", "ItemID", "LeaderID", "MadeItemID", "MilestoneID", "UnitID"}}, // MilestoneID: within its item, kept
		{luoshi.StocktakeComment{}, []string{"By"}},
		{luoshi.StocktakeEventData{}, nil},
	} {
		typ := reflect.TypeOf(c.v)
		var got []string
		for f := range typ.Fields() {
			if strings.HasSuffix(f.Name, "ID") || strings.HasSuffix(f.Name, "IDs") || strings.HasSuffix(f.Name, "By") {
				got = append(got, f.Name)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s has id fields %v; copy --merge renumbers %v: teach copy_merge.go the new ones", typ.Name(), got, c.want)
		}
	}
}
