package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds every page's template, parsed once at start-up.
type pages struct {
	byName map[string]*template.Template
}

// sharedTemplates are parsed into every page.
var sharedTemplates = []string{"templates/layout.html", "templates/partials.html", "templates/bulletin_doc.html"}

// catalogueKey finds the message keys written literally in templates: .T "key" and T "key".
var catalogueKey = regexp.MustCompile(`\bT "([a-zA-Z0-9_.\-]+)"`)

func parsePages(as *assets, loc *time.Location) (*pages, error) {
	funcs := template.FuncMap{
		"asset": as.URL,
		"add":   func(a, b int) int { return a + b },
		"deref": func(n *int) int { return *n },
		"has":   func(list []int64, id int64) bool { return containsID(list, id) },
		"local": func(t time.Time) time.Time { return t.In(loc) },
		"act":   func(p any, a actionForm, f *Form) actionCtx { return actionCtx{P: p, A: a, F: f} },
		"fld": func(p any, f *Form, prefix, name, label string, required bool) fieldCtx {
			return fieldCtx{P: p, F: f, ID: prefix + "-" + name, Name: name, Label: label, Required: required}
		},
		"withForm": func(p any, f *Form) formCtx { return formCtx{P: p, F: f} },
		"inp":      func(p any, f *Form, in input) inputCtx { return inputCtx{P: p, F: f, I: in} },
		"line":     func(p any, v *service.ItemView, due string) itemLine { return itemLine{P: p, V: v, Due: due} },
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, sharedTemplates...)
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	ps := &pages{byName: map[string]*template.Template{}}
	for _, f := range files {
		src, err := templateFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := checkCatalogue(f, string(src)); err != nil {
			return nil, err
		}
		if isShared(f) {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, err
		}
		ps.byName[strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")] = t
	}
	return ps, nil
}

func isShared(f string) bool {
	for _, s := range sharedTemplates {
		if s == f {
			return true
		}
	}
	return false
}

// checkCatalogue fails start-up when a template names a text the catalogue lacks.
func checkCatalogue(file, src string) error {
	for _, m := range catalogueKey.FindAllStringSubmatch(src, -1) {
		if !i18n.Has(m[1]) {
			return fmt.Errorf("%s: message %q is not in the catalogue", file, m[1])
		}
	}
	return nil
}

// render executes a page into a buffer first, so that a failing template answers 500
// rather than half a page. An htmx request for a fragment gets only that fragment.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	entry := "layout"
	if frag := r.Header.Get("HX-Target"); frag != "" && r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") == "" {
		if h.pages.byName[name] != nil && h.pages.byName[name].Lookup("fragment:"+frag) != nil {
			entry = "fragment:" + frag
		}
	}
	h.execute(w, r, status, name, entry, data)
}

// execute runs one template of a page: its layout, or one of its fragments.
func (h *Handler) execute(w http.ResponseWriter, r *http.Request, status int, name, entry string, data any) {
	t, ok := h.pages.byName[name]
	if !ok {
		panic("web: no page template " + name)
	}
	localize(data, langOf(r))
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, entry, data); err != nil {
		slog.Error("render", "page", name, "err", err)
		http.Error(w, "服务器内部错误 / internal error", http.StatusInternalServerError)
		return
	}
	if entry == "layout" {
		clearFlash(w, r)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "HX-Request, HX-Target")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// localize shows what a page carries from the services in the page's language: the
// messages of its forms (its exported *Form fields). An error page's message is rendered in
// it already (fail).
func localize(data any, l Lang) {
	if l == ZH {
		return
	}
	v := reflect.ValueOf(data)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return
	}
	v = v.Elem()
	for i := range v.NumField() {
		if !v.Type().Field(i).IsExported() {
			continue
		}
		if f, ok := v.Field(i).Interface().(*Form); ok {
			f.localize(l)
		}
	}
}

// navLink is one entry of the left menu.
type navLink struct {
	Key, Href string
	Current   bool
}

// Base is what every page shows around its content: the user, the menu, the language and
// the CSRF token its forms carry.
type Base struct {
	Lang     Lang
	TitleKey string
	Actor    *luoshi.Actor
	CSRF     string
	Path     string
	Flash    string
	Nav      []navLink
	loc      *time.Location
}

func (h *Handler) base(r *http.Request, titleKey string) Base {
	a := actorOf(r)
	b := Base{Lang: langOf(r), TitleKey: titleKey, Actor: a, Path: r.URL.RequestURI(), loc: h.svc.Location(),
		Flash: flashOf(r)}
	if a != nil {
		b.CSRF = a.CSRF
		if a.Pending == "" {
			b.Nav = navFor(a, r.URL.Path)
		}
	}
	return b
}

// CoLed reports whether the reader's unit is a co-unit (配合) of an item another unit leads,
// so that the lists can say so beside the item.
func (b Base) CoLed(lead int64, coUnits []int64) bool {
	return b.Actor != nil && b.Actor.UnitID != 0 && lead != b.Actor.UnitID && slices.Contains(coUnits, b.Actor.UnitID)
}

func navFor(a *luoshi.Actor, path string) []navLink {
	var links []navLink
	add := func(key, href string, roles ...luoshi.Role) {
		if roles == nil || hasAny(a, roles) {
			cur := path == href || (href != "/" && strings.HasPrefix(path, href+"/") && href != "/items")
			if href == "/items" {
				cur = path == "/items" || (strings.HasPrefix(path, "/items/") && path != "/items/new" && path != "/items/dragging")
			}
			links = append(links, navLink{Key: key, Href: href, Current: cur})
		}
	}
	add("nav.workbench", "/")
	add("nav.cockpit", "/cockpit", cockpitRoles...)
	add("nav.items", "/items", readers...)
	add("nav.new", "/items/new", creators...)
	add("nav.dragging", "/items/dragging", luoshi.RoleSupervisor, luoshi.RoleLeader)
	add("nav.targets", "/targets", business...)
	add("nav.ranking", "/ranking", readers...)
	add("nav.indicators", "/indicators", readers...)
	add("nav.collaboration", "/collaboration", readers...)
	add("nav.proposals", "/proposals", proposalReaders...)
	add("nav.bulletins", "/bulletins", business...)
	add("nav.topics", "/topics", meetingReaders...)
	add("nav.meetings", "/meetings", meetingReaders...)
	add("nav.practices", "/practices", meetingReaders...)
	add("nav.stocktakes", "/stocktakes", stocktakeHolders...)
	add("nav.units", "/units", orgReaders...)
	add("nav.users", "/users", sysadmin...)
	add("nav.leaders", "/leaders", sysadmin...)
	add("nav.calendar", "/calendar", sysadmin...)
	add("nav.meeting_kinds", "/meeting-kinds", sysadmin...)
	add("nav.roles", "/roles", secadmin...)
	add("nav.audit", "/audit", auditor...)
	add("nav.account", "/account")
	return links
}

// T translates a catalogue key, formatting args into it.
func (b Base) T(key string, args ...any) string { return b.Lang.T(key, args...) }

// Title is the page's title in the page's language.
func (b Base) Title() string { return b.Lang.T(b.TitleKey) }

// Has reports whether the user holds a role.
func (b Base) Has(role string) bool { return b.Actor != nil && b.Actor.Has(luoshi.Role(role)) }

// Time shows a moment in the region's zone; a deadline at the end of a day shows as a date.
func (b Base) Time(t any) string {
	var tm time.Time
	switch v := t.(type) {
	case time.Time:
		tm = v
	case *time.Time:
		if v == nil {
			return "—"
		}
		tm = *v
	default:
		return ""
	}
	if tm.IsZero() {
		return "—"
	}
	l := tm.In(b.loc)
	if l.Hour() == 23 && l.Minute() == 59 {
		return l.Format("2006-01-02")
	}
	return l.Format("2006-01-02 15:04")
}

// Rate shows a share as a whole percentage.
func (b Base) Rate(r float64) string { return strconv.Itoa(int(r*100+0.5)) + "%" }

// Light shows a light as a coloured dot and its name: colour is never the only signal.
func (b Base) Light(l luoshi.Light) template.HTML { return b.lightNamed(l, "light."+string(l)) }

// ItemLight shows an item's light named by why: a red light by what is late (逾期 only past
// the deadline, 节点逾期, 反馈超期), a grey one by whether the item is suspended or cancelled.
func (b Base) ItemLight(v *service.ItemView) template.HTML {
	key := "light." + string(v.Light)
	switch {
	case v.Light == luoshi.LightRed && v.RedReason != "":
		key = "light.red." + string(v.RedReason)
	case v.Light == luoshi.LightGrey && v.State == luoshi.StateCancelled:
		key = "light.grey.cancelled"
	}
	return b.lightNamed(v.Light, key)
}

func (b Base) lightNamed(l luoshi.Light, key string) template.HTML {
	return template.HTML(`<span class="light light-` + template.HTMLEscapeString(string(l)) +
		`"><span class="dot" aria-hidden="true"></span>` + template.HTMLEscapeString(b.T(key)) + `</span>`)
}

// itemLine is one item in a short list, with the page (for its texts) and which of its
// times to show beside it.
type itemLine struct {
	P   any
	V   *service.ItemView
	Due string
}

// formCtx hands a shared form template its page and its form.
type formCtx struct {
	P any
	F *Form
}

// actionCtx hands an action's form template its page, the action and its form.
type actionCtx struct {
	P any
	A actionForm
	F *Form
}

// fieldCtx hands a field template its page, form, control id, field name and label key.
type fieldCtx struct {
	P        any
	F        *Form
	ID       string
	Name     string
	Label    string
	Required bool
}

// Who names the signed-in user once: a leader by post and name (县长 周明远); anyone else by
// name, followed by the role unless the name already says it (县政府督查室, …联络员).
func (b Base) Who() string {
	a := b.Actor
	if a == nil {
		return ""
	}
	if a.Post != "" {
		return a.Post + " " + a.Name
	}
	roles := b.RoleNames()
	for _, r := range a.Roles {
		if strings.Contains(a.Name, b.T("role."+string(r))) {
			return a.Name
		}
	}
	if roles == "" {
		return a.Name
	}
	return a.Name + " · " + roles
}

// RoleNames names the user's roles.
func (b Base) RoleNames() string {
	if b.Actor == nil {
		return ""
	}
	names := make([]string, len(b.Actor.Roles))
	for i, r := range b.Actor.Roles {
		names[i] = b.T("role." + string(r))
	}
	return strings.Join(names, b.T("sep.list"))
}

// errorPage is the page of an error no form can show.
type errorPage struct {
	Base
	Status  int
	Message string
}
