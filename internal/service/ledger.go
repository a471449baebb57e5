package service

import (
	"context"
	"fmt"
	"slices"

	"luoshi/internal/luoshi"
)

// Ledger returns the items the actor may see that match f, in order, as rows of the ledger
// of supervision items (督办事项台账) — the whole list, not a page, up to the maxScan newest —
// and whether more matched than it holds. Given states, it keeps the items in one of them.
// The export is audited like the other exports.
func (s *Service) Ledger(ctx context.Context, a *luoshi.Actor, f luoshi.ItemFilter, order ItemSort, states ...luoshi.State) ([]luoshi.LedgerRow, bool, error) {
	if !order.Valid() {
		return nil, false, luoshi.Invalid("sort", "list.sort.invalid", string(order))
	}
	region, err := readRegion(a, f.RegionID)
	if err != nil {
		return nil, false, err
	}
	items, truncated, err := s.scanItems(ctx, a, f, nil)
	if err != nil {
		return nil, false, err
	}
	items = inStates(items, states)
	if cmp := itemOrder(order); cmp != nil {
		slices.SortStableFunc(items, cmp)
	}
	units, err := s.ListUnitsIn(ctx, a, region)
	if err != nil {
		return nil, false, err
	}
	leaders, err := s.ListLeadersIn(ctx, a, region)
	if err != nil {
		return nil, false, err
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
			Schedule: v.ScheduleStatus, Percent: v.Percent, Overdue: v.Overdue, LastReportAt: v.LastReportAt}
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
	return rows, truncated, nil
}
