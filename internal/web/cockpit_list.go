package web

import (
	"strconv"

	"luoshi/internal/luoshi"
)

// cockpitFilters reads the list's filters that the cockpit's figures link with: schedule
// status, a leader's portfolio, the lead unit alone, the year due and on time.
func cockpitFilters(f *Form, lf *luoshi.ItemFilter) {
	if st := luoshi.ScheduleStatus(f.Get("schedule")); st != "" {
		if st.Valid() {
			lf.Schedule = &st
		} else {
			f.set("schedule", "form.choose_from_list")
		}
	}
	lf.Portfolio = f.id("portfolio")
	if id := f.id("lead_unit_id"); id != nil {
		lf.UnitID, lf.LeadOnly = id, true
	}
	if s := f.Get("due_year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			f.set("due_year", "list.due_year.invalid")
		}
		lf.DueYear = y
	}
	if o := f.Get("on_time"); o != "" {
		if o != "true" && o != "false" {
			f.set("on_time", "form.choose_from_list")
		}
		b := o == "true"
		lf.OnTime = &b
	}
}

// keepsStates: a list by schedule status, by year due or by on time keeps every state, as
// the cockpit counts them (the filter itself says which states it measures).
func keepsStates(f luoshi.ItemFilter) bool {
	return f.Schedule != nil || f.DueYear != 0 || f.OnTime != nil
}

// cockpitHidden are the cockpit's list filters the list's form carries as they came, so that
// changing another filter keeps them; the schedule status has a select of its own.
var cockpitHidden = []string{"portfolio", "lead_unit_id", "due_year", "on_time"}

// CockpitHidden lists the names of the hidden filters of the list's form.
func (p *itemListPage) CockpitHidden() []string { return cockpitHidden }

// Schedules are the schedule statuses the list filters by.
func (p *itemListPage) Schedules() []luoshi.ScheduleStatus { return luoshi.ScheduleStatuses }
