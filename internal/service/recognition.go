package service

import (
	"cmp"
	"context"
	"slices"
	"time"

	"luoshi/internal/luoshi"
)

// RecordView is a commendation or an accountability record with the names of its units.
type RecordView struct {
	luoshi.UnitRecord
	UnitNames []string `json:"unit_names"`
}

// RecordList is the commendations and accountability records of a period (督查通报 reads
// it): oldest first, with counts.
type RecordList struct {
	From           time.Time    `json:"from"`
	To             time.Time    `json:"to"`
	UnitID         int64        `json:"unit_id,omitempty"`
	Records        []RecordView `json:"records"`
	Commendations  int          `json:"commendations"`
	Accountability int          `json:"accountability"`
	Waived         int          `json:"waived"`
	// Units counts the records of each unit they name, in the order units are listed.
	Units []RecordTally `json:"units"`
}

// RecordTally is one unit's count of records in a period: commendations, accountability
// records, and of these the waived ones (容错免责).
type RecordTally struct {
	UnitID         int64  `json:"unit_id"`
	UnitName       string `json:"unit_name"`
	Commendations  int    `json:"commendations"`
	Accountability int    `json:"accountability"`
	Waived         int    `json:"waived"`
}

func (t *RecordTally) add(r luoshi.UnitRecord) {
	switch {
	case r.Kind == luoshi.RecordCommendation:
		t.Commendations++
	case r.Waiver != nil:
		t.Accountability++
		t.Waived++
	default:
		t.Accountability++
	}
}

// maxRecordSpan bounds the period of a list of records.
const maxRecordSpan = 2 * 366 * 24 * time.Hour

// Records lists the commendations (表彰) and accountability records (问责, waived ones with
// their waiver) made in [from, to) in a region (0: the actor's), of one unit when unitID is
// set. A reader sees the records naming a unit it may read (the office and the county head:
// all; a leader: the portfolio's; a liaison: its unit's); a city account those of a region
// below its own. The bulletins (督查通报) are made from it.
func (s *Service) Records(ctx context.Context, a *luoshi.Actor, regionID int64, from, to time.Time, unitID int64) (*RecordList, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, err
	}
	var v luoshi.Validation
	switch {
	case from.IsZero():
		v.Add("from", "records.from_missing")
	case to.IsZero():
		v.Add("to", "records.to_missing")
	case !from.Before(to):
		v.Add("to", "records.to_before_from")
	case to.Sub(from) > maxRecordSpan:
		v.Add("to", "records.span")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	out := &RecordList{From: from.UTC(), To: to.UTC(), UnitID: unitID, Records: []RecordView{}, Units: []RecordTally{}}
	err = s.Store.View(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) error {
		list, err := tx.FindUnits(ctx, region)
		if err != nil {
			return err
		}
		units := map[int64]*luoshi.Unit{}
		for _, u := range list {
			units[u.ID] = u
		}
		if _, ok := units[unitID]; unitID != 0 && (!ok || !readsUnit(a, region, unitID)) {
			return luoshi.Errorf(luoshi.ENOTFOUND, "unit.not_found")
		}
		recs, err := tx.FindRecords(ctx, luoshi.RecordFilter{RegionID: region, From: from, To: to, UnitID: unitID})
		if err != nil {
			return err
		}
		tallies, total := map[int64]*RecordTally{}, RecordTally{}
		for _, r := range recs {
			if !slices.ContainsFunc(r.UnitIDs, func(u int64) bool { return readsUnit(a, region, u) }) {
				continue
			}
			rv := RecordView{UnitRecord: r, UnitNames: []string{}}
			for _, u := range r.UnitIDs {
				if un := units[u]; un != nil {
					rv.UnitNames = append(rv.UnitNames, un.Name)
				}
				if readsUnit(a, region, u) && (unitID == 0 || u == unitID) {
					if tallies[u] == nil {
						tallies[u] = &RecordTally{UnitID: u}
					}
					tallies[u].add(r)
				}
			}
			out.Records = append(out.Records, rv)
			total.add(r)
		}
		out.Commendations, out.Accountability, out.Waived = total.Commendations, total.Accountability, total.Waived
		for _, u := range list {
			if t := tallies[u.ID]; t != nil {
				t.UnitName = u.Name
				out.Units = append(out.Units, *t)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DragRow is an item of work that drags on (久拖不决), with why and the counts that say so.
type DragRow struct {
	Item       *ItemView        `json:"item"`
	LeadUnit   string           `json:"lead_unit"`
	Leader     string           `json:"leader,omitempty"`
	MonthsOpen int              `json:"months_open"`
	Extensions int              `json:"extensions"`
	Urgings    int              `json:"urgings"`
	UrgeLevel  luoshi.UrgeLevel `json:"urge_level,omitempty"`
	Reasons    []string         `json:"reasons"`
}

// DragList is the view of work that drags on: the open items the reader may see that have
// been open for more than Months months, extended more than once, or urged to orange or red.
type DragList struct {
	Months int       `json:"months"`
	AsOf   time.Time `json:"as_of"`
	Items  []DragRow `json:"items"`
	// Truncated: the reader sees more open items than are scanned; only the newest were.
	Truncated bool `json:"truncated,omitempty"`
}

// Dragging lists the work that drags on (久拖不决) that the actor may see, in a region (0: the
// actor's), scoped as the item list is (a liaison sees its unit's, a leader the portfolio's):
// the items with the most reasons first, then the highest urging, the longest open, the most
// extended. months (0: the default) is how long an item may stay open before it is listed.
func (s *Service) Dragging(ctx context.Context, a *luoshi.Actor, regionID int64, months int) (*DragList, error) {
	if months == 0 {
		months = luoshi.DefaultDragMonths
	}
	if months < 1 || months > luoshi.MaxDragMonths {
		return nil, luoshi.Invalid("months", "dragging.months", 1, luoshi.MaxDragMonths)
	}
	views, truncated, err := s.scanItems(ctx, a, luoshi.ItemFilter{RegionID: regionID}, InHandStates)
	if err != nil {
		return nil, err
	}
	region, _ := readRegion(a, regionID) // scanItems has admitted the actor to it
	now := s.now()
	out := &DragList{Months: months, AsOf: now, Items: []DragRow{}, Truncated: truncated}
	err = s.Store.View(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) error {
		ids := make([]int64, len(views))
		for i, v := range views {
			ids[i] = v.ID
		}
		counts, err := tx.CountItemEvents(ctx, ids, luoshi.EventExtensionApproved, luoshi.EventUrged)
		if err != nil {
			return err
		}
		units, err := unitMap(ctx, tx, region)
		if err != nil {
			return err
		}
		leaders, err := tx.FindLeaders(ctx, region)
		if err != nil {
			return err
		}
		for _, v := range views {
			c := counts[v.ID]
			why := luoshi.DragReasons(v.Item, c[luoshi.EventExtensionApproved], months, now, s.loc)
			if len(why) == 0 {
				continue
			}
			row := DragRow{Item: v, MonthsOpen: luoshi.MonthsBetween(v.CreatedAt, now, s.loc),
				Extensions: c[luoshi.EventExtensionApproved], Urgings: c[luoshi.EventUrged], UrgeLevel: v.UrgeLevel, Reasons: why}
			if u := units[v.LeadUnitID]; u != nil {
				row.LeadUnit = u.Name
			}
			if v.LeaderID != nil {
				if i := slices.IndexFunc(leaders, func(l *luoshi.Leader) bool { return l.ID == *v.LeaderID }); i >= 0 {
					row.Leader = leaders[i].Post + " " + leaders[i].Name
				}
			}
			out.Items = append(out.Items, row)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out.Items, func(x, y DragRow) int {
		return cmp.Or(cmp.Compare(len(y.Reasons), len(x.Reasons)), cmp.Compare(y.UrgeLevel.Rank(), x.UrgeLevel.Rank()),
			cmp.Compare(y.MonthsOpen, x.MonthsOpen), cmp.Compare(y.Extensions, x.Extensions), cmp.Compare(x.Item.ID, y.Item.ID))
	})
	return out, nil
}

// lateSanctions are the items led by the region's units that fell due in [from, to) and
// were not delivered in time by to (luoshi.LateAt): the on-time term of the score (按时办结);
// and the replies to proposals due in [from, to) not given by their deadline
// (luoshi.OwedReplies), each a "late_reply".
func lateSanctions(ctx context.Context, tx luoshi.Tx, region int64, from, to time.Time) ([]luoshi.Sanction, error) {
	items, err := tx.FindItemsDue(ctx, region, from, to)
	if err != nil {
		return nil, err
	}
	var out []luoshi.Sanction
	for _, it := range items {
		if luoshi.LateAt(it, to) {
			out = append(out, luoshi.Sanction{UnitID: it.LeadUnitID, ItemID: it.ID, Kind: "late", At: it.Deadline})
		}
	}
	props, err := tx.FindProposals(ctx, luoshi.ProposalFilter{RegionID: region})
	if err != nil {
		return nil, err
	}
	for _, o := range luoshi.OwedReplies(props, from, to) {
		if o.Late(to) {
			out = append(out, luoshi.Sanction{UnitID: o.UnitID, ProposalID: o.ProposalID, Kind: luoshi.SanctionLateReply, At: o.Due})
		}
	}
	return out, nil
}
