package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

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

func (h *Handler) orgRefs(r *http.Request) (*orgRefs, error) {
	a := actorOf(r)
	units, err := h.svc.ListUnits(r.Context(), a)
	if err != nil {
		return nil, err
	}
	leaders, err := h.svc.ListLeaders(r.Context(), a)
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
}

// filterFields are the query parameters of the list.
var filterFields = []string{"state", "light", "priority", "source", "unit_id", "leader_id", "overdue", "q", "parent_id"}

func (h *Handler) handleItemIndex(w http.ResponseWriter, r *http.Request) error {
	refs, err := h.orgRefs(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := &itemListPage{Base: h.base(r, "items.title"), orgRefs: refs, Form: newForm(), Query: q, Page: 1,
		Sort: q.Get("sort"), States: luoshi.States, Lights: luoshi.Lights, Prios: luoshi.Priorities, Sources: luoshi.Sources}
	for _, k := range append(filterFields, "sort") {
		if v := q.Get(k); v != "" {
			p.Form.Values.Set(k, v)
		}
	}
	f := parseListFilter(p.Form)
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		p.Page = n
	}
	order := service.ItemSort(p.Sort)
	if !order.Valid() {
		order, p.Sort = service.SortNewest, ""
	}
	status := http.StatusOK
	if !p.Form.Failed() {
		p.Results, err = h.svc.SearchItems(r.Context(), actorOf(r), f, order, (p.Page-1)*perPage, perPage)
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

// parseListFilter reads the list's filters; a value not on offer gets its message.
func parseListFilter(f *Form) luoshi.ItemFilter {
	var lf luoshi.ItemFilter
	enum := func(name string, valid bool) bool {
		if f.Get(name) == "" {
			return false
		}
		if !valid {
			f.set(name, "请从列表中选择")
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
	lf.Query = strings.TrimSpace(f.Get("q"))
	if len([]rune(lf.Query)) > 100 {
		f.set("q", "搜索词不能超过 100 个字")
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
