package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// perPage is the number of items on a page of the list.
const perPage = 20

// orgRefs are the names of units and leaders a page shows instead of their ids.
type orgRefs struct {
	Units   []*luoshi.Unit
	Leaders []*luoshi.Leader
	unit    map[int64]string
	leader  map[int64]*luoshi.Leader
}

func (h *Handler) orgRefs(r *http.Request) (*orgRefs, error) { return h.orgRefsIn(r, 0) }

// orgRefsIn names the units and leaders of a region: the actor's own (0), or a county a city
// account reads.
func (h *Handler) orgRefsIn(r *http.Request, region int64) (*orgRefs, error) {
	a := actorOf(r)
	units, err := h.svc.ListUnitsIn(r.Context(), a, region)
	if err != nil {
		return nil, err
	}
	leaders, err := h.svc.ListLeadersIn(r.Context(), a, region)
	if err != nil {
		return nil, err
	}
	o := &orgRefs{Units: units, Leaders: leaders, unit: map[int64]string{}, leader: map[int64]*luoshi.Leader{}}
	for _, u := range units {
		o.unit[u.ID] = u.Name
	}
	for _, l := range leaders {
		o.leader[l.ID] = l
	}
	return o, nil
}

// UnitName names a unit.
func (o *orgRefs) UnitName(id int64) string {
	if n, ok := o.unit[id]; ok {
		return n
	}
	return "#" + strconv.FormatInt(id, 10)
}

// LeaderName names a leader with the post.
func (o *orgRefs) LeaderName(id *int64) string {
	if id == nil {
		return "—"
	}
	if l, ok := o.leader[*id]; ok {
		return l.Post + " " + l.Name
	}
	return "#" + strconv.FormatInt(*id, 10)
}

// itemListPage is the list of items with its filters.
type itemListPage struct {
	Base
	*orgRefs
	Form    *Form
	Query   url.Values
	Results *service.ItemResults
	Page    int
	Pages   int
	Sort    string
	States  []luoshi.State
	Lights  []luoshi.Light
	Prios   []luoshi.Priority
	Sources []luoshi.Source
	countyChoice
}

// countyChoice is what a city account chooses a page's county from (Counties) and the one
// shown (Region); for everyone else Counties is empty and Region their own.
type countyChoice struct {
	Counties []*luoshi.Region
	Region   *luoshi.Region
}

// RegionQuery is the region_id parameter to carry in a page's links: empty unless a county
// is chosen.
func (c countyChoice) RegionQuery() string {
	if len(c.Counties) == 0 {
		return ""
	}
	return "region_id=" + strconv.FormatInt(c.Region.ID, 10)
}

// filterFields are the query parameters of the list.
var filterFields = []string{"state", "light", "priority", "source", "unit_id", "leader_id", "overdue", "q", "parent_id", "region_id",
	"schedule", "portfolio", "lead_unit_id", "due_year", "on_time"}

func (h *Handler) handleItemIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	counties, region, err := h.countyOf(r, q)
	if err != nil {
		return err
	}
	refs, err := h.orgRefsIn(r, region.ID)
	if err != nil {
		return err
	}
	p := &itemListPage{Base: h.base(r, "items.title"), orgRefs: refs, Form: newForm(), Query: q, Page: 1,
		Sort: q.Get("sort"), States: luoshi.States, Lights: luoshi.Lights, Prios: luoshi.Priorities, Sources: luoshi.Sources,
		countyChoice: countyChoice{counties, region}}
	f, states := parseListQuery(p.Form, q)
	f.RegionID = region.ID
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		p.Page = n
	}
	order := listOrder(p.Sort)
	if !order.Valid() {
		order, p.Sort = service.SortUrgent, ""
	}
	status := http.StatusOK
	if !p.Form.Failed() {
		p.Results, err = h.svc.SearchItems(r.Context(), actorOf(r), f, order, (p.Page-1)*perPage, perPage, states...)
		if e, ok := isInvalid(err); ok {
			p.Form.fail(e, filterFields...)
		} else if err != nil {
			return err
		}
	}
	if p.Form.Failed() {
		status = http.StatusUnprocessableEntity
		p.Results = &service.ItemResults{}
	}
	p.Pages = max(1, (p.Results.Total+perPage-1)/perPage)
	h.render(w, r, status, "items", p)
	return nil
}

// stateAll is the state filter's choice of every state, drafts and closed items too.
const stateAll = "all"

// listOrder is the list's order for its sort parameter: the most urgent and late first
// unless another is asked for.
func listOrder(sort string) service.ItemSort {
	if sort == "" {
		return service.SortUrgent
	}
	if sort == "newest" {
		return service.SortNewest
	}
	return service.ItemSort(sort)
}

// parseListQuery puts the list's parameters (filters and sort) into form and reads the
// filters, as the list and its ledger both take them, and the states to keep: those in
// hand unless a state, or every state, is chosen. A list by light or by lateness keeps every
// state, so that it counts what the workbench and the unit figures count (a red draft is red).
func parseListQuery(form *Form, q url.Values) (luoshi.ItemFilter, []luoshi.State) {
	for _, k := range append(filterFields, "sort") {
		if v := q.Get(k); v != "" {
			form.Values.Set(k, v)
		}
	}
	all := form.Get("state") == stateAll
	if all {
		form.Values.Del("state")
	}
	f := parseListFilter(form)
	if all {
		form.Values.Set("state", stateAll)
	}
	if all || f.State != nil || form.Get("state") != "" || f.Light != nil || f.Overdue != nil || keepsStates(f) {
		return f, nil
	}
	return f, service.InHandStates
}

// parseListFilter reads the list's filters; a value not on offer gets its message.
func parseListFilter(f *Form) luoshi.ItemFilter {
	var lf luoshi.ItemFilter
	enum := func(name string, valid bool) bool {
		if f.Get(name) == "" {
			return false
		}
		if !valid {
			f.set(name, "form.choose_from_list")
		}
		return valid
	}
	if st := luoshi.State(f.Get("state")); enum("state", st.Valid()) {
		lf.State = &st
	}
	if l := luoshi.Light(f.Get("light")); enum("light", l.Valid()) {
		lf.Light = &l
	}
	if pr := luoshi.Priority(f.Get("priority")); enum("priority", pr.Valid()) {
		lf.Priority = &pr
	}
	if src := luoshi.Source(f.Get("source")); enum("source", src.Valid()) {
		lf.Source = &src
	}
	if o := f.Get("overdue"); enum("overdue", o == "true" || o == "false") {
		b := o == "true"
		lf.Overdue = &b
	}
	lf.UnitID, lf.LeaderID, lf.ParentID = f.id("unit_id"), f.id("leader_id"), f.id("parent_id")
	cockpitFilters(f, &lf)
	f.id("region_id") // checked here, chosen by countyOf
	lf.Query = strings.TrimSpace(f.Get("q"))
	if len([]rune(lf.Query)) > 100 {
		f.set("q", "list.search.too_long")
	}
	return lf
}

// URL is the list's address with one parameter changed (and back to the first page, unless
// the page itself is what changes).
func (p *itemListPage) URL(key, value string) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	if key != "page" {
		q.Del("page")
	}
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	if len(q) == 0 {
		return "/items"
	}
	return "/items?" + q.Encode()
}

// SortURL is the address that sorts by a column; asking again reverses where that makes sense.
func (p *itemListPage) SortURL(key string) string {
	if p.Sort == key && (key == "deadline" || key == "percent") {
		return p.URL("sort", "-"+key)
	}
	return p.URL("sort", key)
}

// AriaSort is the aria-sort state of a column.
func (p *itemListPage) AriaSort(key string) string {
	switch p.Sort {
	case key:
		return "ascending"
	case "-" + key:
		return "descending"
	}
	return "none"
}

// PageNumbers are the pages the pager links to: the first, the last and those near the current.
func (p *itemListPage) PageNumbers() []int {
	var out []int
	for n := 1; n <= p.Pages; n++ {
		if n == 1 || n == p.Pages || (n >= p.Page-2 && n <= p.Page+2) {
			out = append(out, n)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0) // a gap
		}
	}
	return out
}

// Filtered reports whether a filter besides the text search is set.
func (p *itemListPage) Filtered() bool {
	for _, k := range []string{"state", "light", "priority", "source", "unit_id", "leader_id", "overdue"} {
		if p.Form.Get(k) != "" {
			return true
		}
	}
	return false
}

// First is the number of the first row shown.
func (p *itemListPage) First() int { return (p.Page-1)*perPage + 1 }

// countyOf is the region a list shows: the actor's own, or for an account that reads the
// counties below (the city role) and has no business in its own region, the county named by
// region_id — the first of them when none is named. A region the actor may not read is not
// found.
func (h *Handler) countyOf(r *http.Request, q url.Values) (counties []*luoshi.Region, region *luoshi.Region, err error) {
	a := actorOf(r)
	if !a.Has(luoshi.RoleCity) {
		return nil, &luoshi.Region{ID: a.RegionID}, nil
	}
	regions, err := h.svc.ListRegions(r.Context(), a)
	if err != nil {
		return nil, nil, err
	}
	var own *luoshi.Region
	for _, rg := range regions {
		if rg.ID == a.RegionID {
			own = rg
		} else {
			counties = append(counties, rg)
		}
	}
	if own == nil {
		return nil, nil, luoshi.Errorf(luoshi.ENOTFOUND, "region.not_found")
	}
	want := q.Get("region_id")
	if want == "" {
		if a.SeesBusiness() || len(counties) == 0 {
			return counties, own, nil
		}
		return counties, counties[0], nil
	}
	for _, rg := range append(counties, own) {
		if strconv.FormatInt(rg.ID, 10) == want {
			return counties, rg, nil
		}
	}
	return nil, nil, luoshi.Errorf(luoshi.ENOTFOUND, "region.not_found")
}

// handleItemExport downloads the ledger (督办事项台账) of what the list shows for the same
// filters and sort: every matching item, not the page.
func (h *Handler) handleItemExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	_, region, err := h.countyOf(r, q)
	if err != nil {
		return err
	}
	form := newForm()
	f, states := parseListQuery(form, q)
	if form.Failed() {
		return luoshi.Invalid("q", "list.export.filters")
	}
	f.RegionID = region.ID
	l, err := h.svc.Ledger(r.Context(), actorOf(r), f, listOrder(q.Get("sort")), states...)
	if err != nil {
		return err
	}
	return httpx.Workbook(w, "督办事项台账.xlsx", func(out io.Writer) error {
		return h.svc.Workbooks.WriteLedger(out, l)
	})
}

// ExportURL is the address of the ledger of what the list shows.
func (p *itemListPage) ExportURL() string {
	q := url.Values{}
	for k, v := range p.Query {
		if k != "page" {
			q[k] = v
		}
	}
	if len(q) == 0 {
		return "/items/export"
	}
	return "/items/export?" + q.Encode()
}
