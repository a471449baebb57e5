package service

import (
	"context"
	"fmt"
	"slices"
	"time"

	"luoshi/internal/luoshi"
)

// Ledger returns the items the actor may see that match f, in order, as the ledger of
// supervision items (督办事项台账) of the region — the whole list, not a page, up to the
// maxScan newest — saying whether more matched than it holds. The export is audited like
// the other exports. Given states, it keeps the items in one of them.
func (s *Service) Ledger(ctx context.Context, a *luoshi.Actor, f luoshi.ItemFilter, order ItemSort, states ...luoshi.State) (*luoshi.Ledger, error) {
	if !order.Valid() {
		return nil, luoshi.Invalid("sort", "list.sort.invalid", string(order))
	}
	region, err := readRegion(a, f.RegionID)
	if err != nil {
		return nil, err
	}
	items, truncated, err := s.scanItems(ctx, a, f, nil)
	if err != nil {
		return nil, err
	}
	items = inStates(items, states)
	if cmp := itemOrder(order); cmp != nil {
		slices.SortStableFunc(items, cmp)
	}
	units, err := s.ListUnitsIn(ctx, a, region)
	if err != nil {
		return nil, err
	}
	leaders, err := s.ListLeadersIn(ctx, a, region)
	if err != nil {
		return nil, err
	}
	l, err := s.ledgerOf(ctx, a, region)
	if err != nil {
		return nil, err
	}
	reports, err := s.lastReports(ctx, items)
	if err != nil {
		return nil, err
	}
	unit, leader := map[int64]string{}, map[int64]string{}
	for _, u := range units {
		unit[u.ID] = u.Name
	}
	for _, l := range leaders {
		leader[l.ID] = l.Post + " " + l.Name
	}
	rows := make([]luoshi.LedgerRow, len(items))
	for i, v := range items {
		r := luoshi.LedgerRow{Code: v.Code, Title: v.Title, Source: v.Source, SourceRef: v.SourceRef, Priority: v.Priority,
			LeadUnit: unit[v.LeadUnitID], CoUnits: []string{}, Deadline: v.Deadline, State: v.State, Light: v.Light,
			Schedule: v.ScheduleStatus, Percent: v.Percent, PlannedPercent: v.PlannedPercent, Overdue: v.Overdue,
			LastReportAt: v.LastReportAt, LastReport: reports[v.ID], TimeLeft: v.TimeLeft}
		for _, c := range v.CoUnitIDs {
			r.CoUnits = append(r.CoUnits, unit[c])
		}
		if v.LeaderID != nil {
			r.Leader = leader[*v.LeaderID]
		}
		rows[i] = r
	}
	s.auditAlone(ctx, a, "item.export", exportTarget(a, "items", f.RegionID), luoshi.OutcomeSuccess,
		fmt.Sprintf("导出督办事项台账 %d 项", len(rows)))
	l.Rows, l.Truncated = rows, truncated
	return l, nil
}

// ledgerOf starts the ledger of a region: its name, the time now, and its zone (the
// service's when the region names none it knows).
func (s *Service) ledgerOf(ctx context.Context, a *luoshi.Actor, region int64) (*luoshi.Ledger, error) {
	regions, err := s.ListRegions(ctx, a)
	if err != nil {
		return nil, err
	}
	l := &luoshi.Ledger{At: s.Now(), Location: s.loc}
	for _, r := range regions {
		if r.ID != region {
			continue
		}
		l.Region = r.Name
		if loc, err := time.LoadLocation(r.TZ); err == nil && r.TZ != "" {
			l.Location = loc
		}
	}
	return l, nil
}

// lastReports returns each item's last report (报送), by item id: the reported
// events of the items' regions, read through the same index as the collaboration metrics.
func (s *Service) lastReports(ctx context.Context, items []*ItemView) (map[int64]luoshi.LedgerReport, error) {
	want, regions := map[int64]bool{}, map[int64]bool{}
	for _, v := range items {
		if v.LastReportAt != nil {
			want[v.ID], regions[v.RegionID] = true, true
		}
	}
	out := map[int64]luoshi.LedgerReport{}
	if len(want) == 0 {
		return out, nil
	}
	to := s.Now().Add(time.Hour)
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		for region := range regions {
			evs, err := tx.CollabEvents(ctx, region, []luoshi.EventKind{luoshi.EventReported}, time.UnixMilli(0), to)
			if err != nil {
				return err
			}
			for _, e := range evs { // each item's oldest first: the last one stays
				if want[e.ItemID] {
					out[e.ItemID] = luoshi.LedgerReport{Text: e.Data.Text, Problems: e.Data.Problems, NextSteps: e.Data.NextSteps}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("last reports: %w", err)
	}
	return out, nil
}
