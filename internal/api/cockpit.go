package api

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// cockpitAnswer is the v1 answer of GET /api/v1/cockpit: every figure with the address of
// the item list (or page) that shows what is behind it.
type cockpitAnswer struct {
	Scope      cockpitScope        `json:"scope"`
	AsOf       time.Time           `json:"as_of"`
	Year       int                 `json:"year"`
	Lights     map[string]figure   `json:"lights"`
	Schedule   map[string]figure   `json:"schedule"`
	OnTime     onTimeFigures       `json:"on_time"`
	Weeks      []weekAnswer        `json:"weeks"`
	Overdue    []overdueUnit       `json:"overdue_units"`
	Targets    targetFigures       `json:"targets"`
	Indicators []indicatorStanding `json:"indicators"`
	Proposals  *proposalFigures    `json:"proposals"`
	Decisions  decisionFigures     `json:"decisions"`
}

type cockpitScope struct {
	CountyWide bool    `json:"county_wide"`
	LeaderID   *int64  `json:"leader_id"`
	LeaderName string  `json:"leader_name,omitempty"`
	UnitIDs    []int64 `json:"unit_ids,omitempty"`
}

type figure struct {
	Count int    `json:"count"`
	Items string `json:"items"`
}

type onTimeFigures struct {
	Due         int     `json:"due"`
	OnTime      int     `json:"on_time"`
	Rate        float64 `json:"rate"`
	DueItems    string  `json:"due_items"`
	OnTimeItems string  `json:"on_time_items"`
	LateItems   string  `json:"late_items"`
}

type weekAnswer struct {
	Week       int     `json:"week"`
	Due        int     `json:"due"`
	OnTime     int     `json:"on_time"`
	Rate       float64 `json:"rate"`
	Cumulative float64 `json:"cumulative_rate"`
}

type overdueUnit struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Overdue  int    `json:"overdue"`
	Red      int    `json:"red"`
	MaxDays  int    `json:"max_days_overdue"`
	Items    string `json:"items"`
}

type targetFigures struct {
	Indicators int    `json:"indicators"`
	OnTrack    int    `json:"on_track"`
	OffTrack   int    `json:"off_track"`
	Unreported int    `json:"unreported"`
	Page       string `json:"page"`
}

type indicatorStanding struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	MeasureUnit string          `json:"measure_unit"`
	Year        int             `json:"year"`
	Quarter     int             `json:"quarter"`
	Value       *float64        `json:"value"`
	Rank        int             `json:"rank"`
	Counties    int             `json:"counties"`
	Ahead       *luoshi.PeerRef `json:"ahead"`  // 标兵
	Behind      *luoshi.PeerRef `json:"behind"` // 追兵
	Page        string          `json:"page"`
}

type proposalFigures struct {
	Assigned         int     `json:"assigned"`
	Replied          int     `json:"replied"`
	ReplyRate        float64 `json:"reply_rate"`
	OnTimeRate       float64 `json:"on_time_rate"`
	Evaluated        int     `json:"evaluated"`
	Satisfied        int     `json:"satisfied"`
	Basically        int     `json:"basically_satisfied"`
	SatisfactionRate float64 `json:"satisfaction_rate"`
	Page             string  `json:"page"`
}

type decisionFigures struct {
	Count     int     `json:"count"`
	Done      int     `json:"done"`
	Rate      float64 `json:"rate"`
	Items     string  `json:"items"`
	DoneItems string  `json:"done_items"`
}

func answerCockpit(c *service.Cockpit) cockpitAnswer {
	ans := cockpitAnswer{AsOf: c.Now.UTC(), Year: c.Year, Lights: map[string]figure{}, Schedule: map[string]figure{},
		Scope: cockpitScope{CountyWide: c.Leader == nil, UnitIDs: c.Units}, Overdue: []overdueUnit{},
		Indicators: []indicatorStanding{}, Weeks: []weekAnswer{}}
	if c.Leader != nil {
		ans.Scope.LeaderID, ans.Scope.LeaderName = &c.Leader.ID, c.Leader.Name
	}
	for _, l := range []luoshi.Light{luoshi.LightRed, luoshi.LightYellow, luoshi.LightGreen} {
		ans.Lights[string(l)] = figure{c.Counts.Lights[l], c.Link("light", string(l))}
	}
	for _, st := range luoshi.ScheduleStatuses {
		ans.Schedule[string(st)] = figure{c.Counts.Schedule[st], c.Link("schedule", string(st))}
	}
	ans.OnTime = onTimeFigures{Due: c.Due, OnTime: c.OnTime, Rate: c.OnTimeRate(), DueItems: c.DueLink(""),
		OnTimeItems: c.DueLink("true"), LateItems: c.DueLink("false")}
	for _, w := range c.Trend() {
		ans.Weeks = append(ans.Weeks, weekAnswer{w.Week, w.Due, w.OnTime, w.Rate, w.Cumulative})
	}
	for _, u := range c.Overdue {
		ans.Overdue = append(ans.Overdue, overdueUnit{u.UnitID, u.UnitName, u.Overdue, u.Red, u.MaxDays,
			c.Link("overdue", "true", "lead_unit_id", strconv.FormatInt(u.UnitID, 10))})
	}
	t := c.Targets
	ans.Targets = targetFigures{t.Indicators, t.OnTrack, t.OffTrack, t.Unreported, "/targets?year=" + strconv.Itoa(c.Year)}
	for _, k := range c.Indicators {
		is := indicatorStanding{ID: k.ID, Name: k.Name, MeasureUnit: k.MeasureUnit, Page: "/indicators"}
		if st := k.Latest; st != nil {
			is.Year, is.Quarter, is.Value, is.Rank, is.Counties, is.Ahead, is.Behind = st.Year, st.Quarter, st.Value,
				st.Rank, st.Counties, st.Ahead, st.Behind
		}
		ans.Indicators = append(ans.Indicators, is)
	}
	if p := c.Proposals; p != nil {
		ans.Proposals = &proposalFigures{Assigned: p.Assigned, Replied: p.Replied, ReplyRate: service.Rate(p.Replied, p.Assigned),
			OnTimeRate: p.OnTimeRate, Evaluated: p.Evaluated, Satisfied: p.Satisfied, Basically: p.Basically,
			SatisfactionRate: service.Rate(p.Satisfied+p.Basically, p.Evaluated), Page: "/proposals/stats"}
	}
	ans.Decisions = decisionFigures{Count: c.Counts.Decisions, Done: c.Counts.DecisionsDone,
		Rate: service.Rate(c.Counts.DecisionsDone, c.Counts.Decisions), Items: c.Link("source", "meeting_decision", "state", "all"),
		DoneItems: c.Link("source", "meeting_decision", "state", "completed")}
	return ans
}

func (h *Handler) handleCockpit(w http.ResponseWriter, r *http.Request) error {
	var v luoshi.Validation
	var leader int64
	if id := queryID(&v, r.URL.Query().Get("leader_id"), "leader_id"); id != nil {
		leader = *id
	}
	if err := v.Err(); err != nil {
		return err
	}
	c, err := h.svc.Cockpit(r.Context(), actor(r), leader)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, answerCockpit(c))
	return nil
}

// cockpitFilters reads the item list's filters that the cockpit's figures link with:
// schedule status, a leader's portfolio, the lead unit alone, the year due and on time.
func cockpitFilters(v *luoshi.Validation, q url.Values, f *luoshi.ItemFilter) {
	if s := q.Get("schedule"); s != "" {
		st := luoshi.ScheduleStatus(s)
		if !st.Valid() {
			v.Add("schedule", "list.schedule.invalid")
		}
		f.Schedule = &st
	}
	f.Portfolio = queryID(v, q.Get("portfolio"), "portfolio")
	if id := queryID(v, q.Get("lead_unit_id"), "lead_unit_id"); id != nil {
		if f.UnitID != nil && *f.UnitID != *id {
			v.Add("lead_unit_id", "list.lead_unit.conflict")
		}
		f.UnitID, f.LeadOnly = id, true
	}
	if s := q.Get("due_year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			v.Add("due_year", "list.due_year.invalid")
		}
		f.DueYear = y
	}
	if s := q.Get("on_time"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			v.Add("on_time", "list.on_time.invalid")
		}
		f.OnTime = &b
	}
}
