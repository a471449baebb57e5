package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// actionShape says what an action's form asks for.
type actionShape string

const (
	shapeNote   actionShape = "note"   // an optional note
	shapeReason actionShape = "reason" // a required reason
	shapeText   actionShape = "text"   // required text (comment, instruction)
	shapeOwn    actionShape = "own"    // fields of its own
)

// actionForm is one action the user may take, in the order the page offers them.
type actionForm struct {
	Action  luoshi.Action
	Shape   actionShape
	Primary bool
}

var actionOrder = []actionForm{
	{luoshi.ActAccept, shapeNote, true}, {luoshi.ActDecline, shapeReason, false},
	{luoshi.ActReport, shapeOwn, true}, {luoshi.ActRequestCompletion, shapeOwn, true},
	{luoshi.ActRequestExtension, shapeOwn, false}, {luoshi.ActAssign, shapeNote, true},
	{luoshi.ActApproveCompletion, shapeNote, true}, {luoshi.ActReturn, shapeReason, false},
	{luoshi.ActApproveExtension, shapeNote, true}, {luoshi.ActDenyExtension, shapeReason, false},
	{luoshi.ActReassign, shapeOwn, false}, {luoshi.ActInsist, shapeReason, false},
	{luoshi.ActUrge, shapeOwn, false}, {luoshi.ActEvaluate, shapeOwn, false},
	{luoshi.ActInstruct, shapeText, false}, {luoshi.ActComment, shapeText, false},
	{luoshi.ActSuspend, shapeReason, false}, {luoshi.ActResume, shapeNote, false},
	{luoshi.ActCancel, shapeReason, false}, {luoshi.ActHoldAccountable, shapeOwn, false},
	{luoshi.ActRateConfidence, shapeOwn, false},
}

// actionFields are the form fields an action's errors may name.
var actionFields = []string{"text", "reason", "percent", "problems", "next_steps", "milestones_done",
	"lead_unit_id", "deadline", "level", "summary", "rating", "kind", "unit_ids", "file", "confidence"}

// itemPage is the detail of one item with its timeline and the forms of its actions.
type itemPage struct {
	Base
	*orgRefs
	Item         *service.ItemView
	Events       []luoshi.Event
	Attachments  []*luoshi.Attachment
	WorkdaysLeft int
	Actions      []actionForm
	// Open is the action whose form failed, shown open with Form's messages.
	Open    luoshi.Action
	Form    *Form
	Ratings []string
	Kinds   []string
	Levels  []luoshi.UrgeLevel
	// Confidences are the levels of delivery confidence (落实把握), most confident first.
	Confidences []luoshi.Confidence
}

// LostForm is the failed form of an action the page no longer offers — the item moved on
// (another user acted first) or the action was never the user's — whose message must still
// be seen; nil when the failed form is on the page.
func (p *itemPage) LostForm() *Form {
	if p.Open == "" || p.Form == nil {
		return nil
	}
	for _, af := range p.Actions {
		if af.Action == p.Open {
			return nil
		}
	}
	if p.Open == "attach" && p.Can("comment") {
		return nil
	}
	return p.Form
}

// ListURL is the list the item belongs to, with one filter: its county's, for a city
// account reading a county below.
func (p *itemPage) ListURL(key, value string) string {
	q := url.Values{}
	if p.Item.RegionID != p.Actor.RegionID {
		q.Set("region_id", strconv.FormatInt(p.Item.RegionID, 10))
	}
	if key != "" {
		q.Set(key, value)
	}
	if len(q) == 0 {
		return "/items"
	}
	return "/items?" + q.Encode()
}

// ActionKey is the catalogue key of an action's name: staff draft a report that their
// liaison submits, so for them "report" is "draft a report".
func (p *itemPage) ActionKey(a luoshi.Action) string {
	if a == luoshi.ActReport && !p.Actor.Has(luoshi.RoleLiaison) {
		return "action.report_draft"
	}
	return "action." + string(a)
}

// Can reports whether the user may take an action on the item.
func (p *itemPage) Can(a string) bool { return slices.Contains(p.Item.Actions, luoshi.Action(a)) }

// Is reports whether a form is the one that failed.
func (p *itemPage) Is(a luoshi.Action) bool { return p.Open == a }

// FormOf returns the failed form for its action, an empty one for the others.
func (p *itemPage) FormOf(a luoshi.Action) *Form {
	if p.Open == a {
		return p.Form
	}
	return newForm()
}

func (h *Handler) handleItemView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.itemPage(r, id)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "item", p)
	return nil
}

func (h *Handler) itemPage(r *http.Request, id int64) (*itemPage, error) {
	a := actorOf(r)
	v, err := h.svc.GetItem(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	evs, err := h.svc.Events(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	atts, err := h.svc.Attachments(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	refs, err := h.orgRefsIn(r, v.RegionID)
	if err != nil {
		return nil, err
	}
	slices.Reverse(evs) // newest first
	p := &itemPage{Base: h.base(r, "item.title"), orgRefs: refs, Item: v, Events: evs, Attachments: atts,
		WorkdaysLeft: h.svc.WorkdaysLeft(v.Deadline), Form: newForm(), Ratings: luoshi.Ratings,
		Kinds: luoshi.AccountabilityKinds, Levels: []luoshi.UrgeLevel{luoshi.UrgeBlue, luoshi.UrgeOrange, luoshi.UrgeRed},
		Confidences: luoshi.Confidences}
	for _, af := range actionOrder {
		if slices.Contains(v.Actions, af.Action) {
			p.Actions = append(p.Actions, af)
		}
	}
	return p, nil
}

func (h *Handler) handleItemAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act := luoshi.Action(r.PathValue("action"))
	if act == "attach" {
		return h.handleAttach(w, r, id)
	}
	if !slices.Contains(luoshi.Actions(), act) {
		return luoshi.Errorf(luoshi.ENOTFOUND, "页面不存在")
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	cmd := commandOf(act, f, h.svc.Location())
	status := http.StatusUnprocessableEntity
	if !f.Failed() {
		_, err = h.svc.Act(r.Context(), actorOf(r), id, cmd)
		if err == nil {
			flash := "flash.done." + string(act)
			if act == luoshi.ActReport && !actorOf(r).Has(luoshi.RoleLiaison) {
				flash = "flash.done.report_draft"
			}
			return redirect(w, r, fmt.Sprintf("/items/%d", id), flash)
		}
		e, ok := isInvalid(err)
		if !ok {
			return err
		}
		f.fail(e, actionFields...)
		status = httpx.Status(err)
	}
	p, err := h.itemPage(r, id)
	if err != nil {
		return err
	}
	p.Open, p.Form = act, f
	h.render(w, r, status, "item", p)
	return nil
}

// commandOf reads an action's form into a command.
func commandOf(act luoshi.Action, f *Form, loc *time.Location) luoshi.Command {
	cmd := luoshi.Command{Action: act, Reason: f.Get("reason"), Text: f.Get("text"), Problems: f.Get("problems"),
		NextSteps: f.Get("next_steps"), Level: luoshi.UrgeLevel(f.Get("level")), Summary: f.Get("summary"),
		Rating: f.Get("rating"), Kind: f.Get("kind"), UnitIDs: f.ids("unit_ids"),
		Confidence: luoshi.Confidence(f.Get("confidence"))}
	cmd.Percent = f.int("percent", "完成进度")
	for _, s := range f.Values["milestones_done"] {
		if n, err := strconv.Atoi(s); err == nil {
			cmd.MilestonesDone = append(cmd.MilestonesDone, n)
		}
	}
	if id := f.id("lead_unit_id"); id != nil {
		cmd.LeadUnitID = *id
	}
	if d := f.date("deadline", loc); !d.IsZero() {
		cmd.Deadline = &d
	}
	return cmd
}

func (h *Handler) handleAttach(w http.ResponseWriter, r *http.Request, id int64) error {
	if r.MultipartForm == nil {
		if err := r.ParseMultipartForm(maxUpload); err != nil {
			return luoshi.Errorf(luoshi.EMALFORMED, "无法读取上传的文件")
		}
	}
	f := newForm()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.set("file", "请选择要上传的文件")
	} else {
		defer file.Close()
		_, err = h.svc.AddAttachment(r.Context(), actorOf(r), id, hdr.Filename, file)
		if err == nil {
			return redirect(w, r, fmt.Sprintf("/items/%d", id), "flash.done.attach")
		}
		e, ok := isInvalid(err)
		if !ok {
			if luoshi.ErrorCode(err) != luoshi.ETOOLARGE {
				return err
			}
			e, _ = luoshi.AsError(err)
		}
		f.fail(e, "file")
	}
	p, err := h.itemPage(r, id)
	if err != nil {
		return err
	}
	p.Open, p.Form = "attach", f
	h.render(w, r, http.StatusUnprocessableEntity, "item", p)
	return nil
}
