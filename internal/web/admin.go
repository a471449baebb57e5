package web

import (
	"net/http"
	"strconv"
	"strings"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// orgPage is one of the administrators' pages: units, users, leaders, roles.
type orgPage struct {
	Base
	*orgRefs
	Form   *Form
	Users  []*luoshi.User
	User   *luoshi.User
	Unit   *luoshi.Unit
	Leader *luoshi.Leader
	UnitID int64 // the users page's unit filter
	Kinds  []string
	Roles  []luoshi.Role
}

func (h *Handler) orgPage(r *http.Request, title string, f *Form) (*orgPage, error) {
	refs, err := h.orgRefs(r)
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = newForm()
	}
	return &orgPage{Base: h.base(r, title), orgRefs: refs, Form: f, Kinds: luoshi.UnitKinds, Roles: luoshi.Roles}, nil
}

// showForm renders an administrators' page again with a refused form.
func (h *Handler) showForm(w http.ResponseWriter, r *http.Request, name, title string, f *Form, err error, fill func(*orgPage) error) error {
	p, perr := h.orgPage(r, title, f)
	if perr != nil {
		return perr
	}
	if fill != nil {
		if ferr := fill(p); ferr != nil {
			return ferr
		}
	}
	status := http.StatusUnprocessableEntity
	if err != nil {
		status = httpx.Status(err)
		h.auditForbidden(r, err)
	}
	h.render(w, r, status, name, p)
	return nil
}

// formFailed puts a service error on the form when a form can show it.
func formFailed(f *Form, err error, known ...string) bool {
	e, ok := isInvalid(err)
	if ok {
		f.fail(e, known...)
	}
	return ok
}

// orgForm is one of the administrators' forms: where it goes once saved, the page and title
// it comes back on when refused, the fields it shows messages beside, and what else that
// page shows (nil for nothing more).
type orgForm struct {
	back, page, title string
	fields            []string
	fill              func(*orgPage) error
}

// submit ends a posted administrators' form: save runs unless reading the form already found
// a problem; saved, it goes back with a flash; refused with messages a form can show, the
// page comes again with them beside what was typed.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request, f *Form, of orgForm, save func() error) error {
	var err error
	if !f.Failed() {
		if err = save(); err == nil {
			return redirect(w, r, of.back, "flash.saved")
		}
		if !formFailed(f, err, of.fields...) {
			return err
		}
	}
	return h.showForm(w, r, of.page, of.title, f, err, of.fill)
}

// idForm reads the {id} of a route and the form posted to it.
func idForm(w http.ResponseWriter, r *http.Request) (int64, *Form, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	f, err := readForm(w, r)
	return id, f, err
}

func (h *Handler) handleUnitIndex(w http.ResponseWriter, r *http.Request) error {
	p, err := h.orgPage(r, "units.title", nil)
	if err != nil {
		return err
	}
	p.Form.Values.Set("kind", "department")
	h.render(w, r, http.StatusOK, "units", p)
	return nil
}

var unitFields = []string{"name", "kind", "parent_id", "credit_code"}

func unitInput(f *Form) service.UnitInput {
	name, kind, code := f.Get("name"), f.Get("kind"), f.Get("credit_code")
	return service.UnitInput{Name: &name, Kind: &kind, CreditCode: &code, ParentID: f.id("parent_id")}
}

func (h *Handler) handleUnitCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	in := unitInput(f)
	return h.submit(w, r, f, orgForm{back: "/units", page: "units", title: "units.title", fields: unitFields}, func() error {
		_, err := h.svc.CreateUnit(r.Context(), actorOf(r), in)
		return err
	})
}

func (h *Handler) handleUnitEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.svc.GetUnit(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p, err := h.orgPage(r, "units.edit", nil)
	if err != nil {
		return err
	}
	p.Unit = u
	p.Form.Values.Set("name", u.Name)
	p.Form.Values.Set("kind", u.Kind)
	p.Form.Values.Set("credit_code", u.CreditCode)
	if u.ParentID != nil {
		p.Form.Values.Set("parent_id", strconv.FormatInt(*u.ParentID, 10))
	}
	h.render(w, r, http.StatusOK, "unit_edit", p)
	return nil
}

func (h *Handler) handleUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, f, err := idForm(w, r)
	if err != nil {
		return err
	}
	in := unitInput(f)
	of := orgForm{back: "/units", page: "unit_edit", title: "units.edit", fields: unitFields, fill: func(p *orgPage) (err error) {
		p.Unit, err = h.svc.GetUnit(r.Context(), actorOf(r), id)
		return err
	}}
	return h.submit(w, r, f, of, func() error {
		_, err := h.svc.UpdateUnit(r.Context(), actorOf(r), id, in)
		return err
	})
}

// fillUsers lists the users of the page's unit filter (all units when none).
func (h *Handler) fillUsers(r *http.Request) func(p *orgPage) error {
	return func(p *orgPage) error {
		var unit *int64
		if id, err := strconv.ParseInt(r.URL.Query().Get("unit_id"), 10, 64); err == nil && id > 0 {
			unit, p.UnitID = &id, id
		}
		var err error
		p.Users, err = h.svc.ListUsers(r.Context(), actorOf(r), unit)
		return err
	}
}

func (h *Handler) handleUserIndex(w http.ResponseWriter, r *http.Request) error {
	p, err := h.orgPage(r, "users.title", nil)
	if err != nil {
		return err
	}
	if err := h.fillUsers(r)(p); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "users", p)
	return nil
}

var userFields = []string{"username", "name", "password", "unit_id", "phone", "id_number"}

func (h *Handler) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	in := service.UserInput{Username: f.Get("username"), Name: f.Get("name"), Password: f.Get("password"),
		Phone: f.Get("phone"), IDNumber: f.Get("id_number")}
	if id := f.id("unit_id"); id != nil {
		in.UnitID = *id
	} else if !f.Failed() {
		f.set("unit_id", "page.unit.required")
	}
	if !f.Failed() {
		_, err = h.svc.CreateUser(r.Context(), actorOf(r), in)
		if err == nil {
			return redirect(w, r, "/users", "flash.user_created")
		}
		if !formFailed(f, err, userFields...) {
			return err
		}
	}
	f.Values.Del("password")
	return h.showForm(w, r, "users", "users.title", f, err, h.fillUsers(r))
}

// handleUserOp runs one operation on an account: the system administrator disables,
// enables and resets passwords; the security administrator unlocks.
func (h *Handler) handleUserOp(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	op, idText := r.PathValue("op"), r.PathValue("id")
	if op == "" {
		op, idText = "reset-password", f.Get("user_id")
	}
	id, _ := strconv.ParseInt(idText, 10, 64)
	a, ctx := actorOf(r), r.Context()
	back := "/users"
	switch {
	case id <= 0 && op == "reset-password":
		err = luoshi.Invalid("user_id", "page.user.required")
	case id <= 0:
		return luoshi.Errorf(luoshi.ENOTFOUND, "page.not_found")
	case op == "disable":
		err = h.svc.SetDisabled(ctx, a, id, true)
	case op == "enable":
		err = h.svc.SetDisabled(ctx, a, id, false)
	case op == "reset-password":
		err = h.svc.ResetPassword(ctx, a, id, f.Get("password"))
	case op == "unlock":
		err, back = h.svc.Unlock(ctx, a, id), "/roles/"+idText
	default:
		return luoshi.Errorf(luoshi.ENOTFOUND, "page.not_found")
	}
	if err == nil {
		return redirect(w, r, back, "flash.saved")
	}
	if op != "reset-password" || !formFailed(f, err, "user_id", "password") {
		return err
	}
	f.Values.Del("password")
	if f.Get("user_id") == "" {
		f.Values.Set("user_id", "0")
	}
	return h.showForm(w, r, "users", "users.title", f, err, h.fillUsers(r))
}

func (h *Handler) handleLeaderIndex(w http.ResponseWriter, r *http.Request) error {
	p, err := h.orgPage(r, "leaders.title", nil)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "leaders", p)
	return nil
}

var leaderFields = []string{"name", "post", "rank", "portfolio"}

// leaderInput reads the leader form, the same for adding and for changing a leader. The
// checkboxes are the whole portfolio: none ticked clears it.
func leaderInput(f *Form) service.LeaderInput {
	name, post, all := f.Get("name"), f.Get("post"), f.Get("all_units") == "true"
	portfolio := f.ids("portfolio")
	if portfolio == nil {
		portfolio = []int64{}
	}
	return service.LeaderInput{Name: &name, Post: &post, Rank: f.int("rank", luoshi.M("label.rank")), AllUnits: &all, Portfolio: &portfolio}
}

func (h *Handler) handleLeaderCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	in := leaderInput(f)
	return h.submit(w, r, f, orgForm{back: "/leaders", page: "leaders", title: "leaders.title", fields: leaderFields}, func() error {
		_, err := h.svc.CreateLeader(r.Context(), actorOf(r), in)
		return err
	})
}

func (h *Handler) handleLeaderEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := h.svc.GetLeader(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p, err := h.orgPage(r, "leaders.edit", nil)
	if err != nil {
		return err
	}
	p.Leader = l
	p.Form.Values.Set("name", l.Name)
	p.Form.Values.Set("post", l.Post)
	p.Form.Values.Set("rank", strconv.Itoa(l.Rank))
	if l.AllUnits {
		p.Form.Values.Set("all_units", "true")
	}
	for _, u := range l.Portfolio {
		p.Form.Values.Add("portfolio", strconv.FormatInt(u, 10))
	}
	h.render(w, r, http.StatusOK, "leader_edit", p)
	return nil
}

func (h *Handler) handleLeaderUpdate(w http.ResponseWriter, r *http.Request) error {
	id, f, err := idForm(w, r)
	if err != nil {
		return err
	}
	in := leaderInput(f)
	of := orgForm{back: "/leaders", page: "leader_edit", title: "leaders.edit", fields: leaderFields, fill: func(p *orgPage) (err error) {
		p.Leader, err = h.svc.GetLeader(r.Context(), actorOf(r), id)
		return err
	}}
	return h.submit(w, r, f, of, func() error {
		_, err := h.svc.UpdateLeader(r.Context(), actorOf(r), id, in)
		return err
	})
}

func (h *Handler) handleRoleIndex(w http.ResponseWriter, r *http.Request) error {
	p, err := h.orgPage(r, "roles.title", nil)
	if err != nil {
		return err
	}
	if err := h.fillUsers(r)(p); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "roles", p)
	return nil
}

func (h *Handler) roleUser(r *http.Request, id int64) (*luoshi.User, error) {
	users, err := h.svc.ListUsers(r.Context(), actorOf(r), nil)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.ID == id {
			return u, nil
		}
	}
	return nil, luoshi.Errorf(luoshi.ENOTFOUND, "user.not_found")
}

func (h *Handler) handleRoleEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.roleUser(r, id)
	if err != nil {
		return err
	}
	p, err := h.orgPage(r, "roles.edit", nil)
	if err != nil {
		return err
	}
	p.User = u
	for _, role := range u.Roles {
		p.Form.Values.Add("roles", string(role))
	}
	if u.LeaderID != nil {
		p.Form.Values.Set("leader_id", strconv.FormatInt(*u.LeaderID, 10))
	}
	h.render(w, r, http.StatusOK, "role_edit", p)
	return nil
}

func (h *Handler) handleRoleUpdate(w http.ResponseWriter, r *http.Request) error {
	id, f, err := idForm(w, r)
	if err != nil {
		return err
	}
	roles := []luoshi.Role{}
	for _, s := range f.Values["roles"] {
		roles = append(roles, luoshi.Role(strings.TrimSpace(s)))
	}
	_, err = h.svc.SetRoles(r.Context(), actorOf(r), id, roles, f.id("leader_id"))
	if err == nil {
		return redirect(w, r, "/roles", "flash.saved")
	}
	if !formFailed(f, err, "roles", "leader_id") {
		return err
	}
	return h.showForm(w, r, "role_edit", "roles.edit", f, err, func(p *orgPage) (ferr error) {
		p.User, ferr = h.roleUser(r, id)
		return ferr
	})
}
