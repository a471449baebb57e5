package web

import (
	"net/http"
	"strconv"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// accountPage is the user's own account: password, second factor, sessions and tokens.
type accountPage struct {
	Base
	User          *luoshi.User
	TOTP          bool
	Sessions      []*luoshi.Session
	Enrolment     *service.TOTPEnrolment
	RecoveryCodes []string
	NewToken      *service.APIToken
	// Open names the form that failed ("password", "totp", "token"), Form its messages.
	Open string
	Form *Form
}

// FormOf returns the failed form when it is the one named, an empty one otherwise.
func (p *accountPage) FormOf(name string) *Form {
	if p.Open == name {
		return p.Form
	}
	return newForm()
}

func (h *Handler) accountPage(r *http.Request) (*accountPage, error) {
	a := actorOf(r)
	u, err := h.svc.Me(r.Context(), a)
	if err != nil {
		return nil, err
	}
	on, err := h.svc.SecondFactorEnabled(r.Context(), a)
	if err != nil {
		return nil, err
	}
	sessions, err := h.svc.Sessions(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return &accountPage{Base: h.base(r, "account.title"), User: u, TOTP: on, Sessions: sessions, Form: newForm()}, nil
}

// showAccount renders the account page, with a form's messages when it failed.
func (h *Handler) showAccount(w http.ResponseWriter, r *http.Request, open string, f *Form, fill func(*accountPage)) error {
	p, err := h.accountPage(r)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if f != nil {
		p.Open, p.Form = open, f
		if f.Failed() {
			status = http.StatusUnprocessableEntity
		}
	}
	if fill != nil {
		fill(p)
	}
	h.render(w, r, status, "account", p)
	return nil
}

func (h *Handler) handleAccount(w http.ResponseWriter, r *http.Request) error {
	return h.showAccount(w, r, "", nil, nil)
}

func (h *Handler) handleAccountPassword(w http.ResponseWriter, r *http.Request) error {
	f, err := h.changePassword(w, r)
	if err != nil {
		return err
	}
	if !f.Failed() {
		return redirect(w, r, "/account", "flash.password_changed")
	}
	return h.showAccount(w, r, "password", f, nil)
}

func (h *Handler) handleAccountTOTPStart(w http.ResponseWriter, r *http.Request) error {
	enr, err := h.svc.StartTOTP(r.Context(), actorOf(r))
	f := newForm()
	if err != nil && !formFailed(f, err) {
		return err
	}
	return h.showAccount(w, r, "totp", f, func(p *accountPage) { p.Enrolment = enr })
}

func (h *Handler) handleAccountTOTPConfirm(w http.ResponseWriter, r *http.Request) error {
	lp, err := h.confirmTOTP(w, r, "account.title")
	if err != nil {
		return err
	}
	return h.showAccount(w, r, "totp", lp.Form, func(p *accountPage) { p.RecoveryCodes = lp.RecoveryCodes })
}

func (h *Handler) handleAccountTOTPDisable(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	err = h.svc.DisableTOTP(r.Context(), actorOf(r), f.Get("code"))
	f.Values.Del("code")
	if err == nil {
		return redirect(w, r, "/account", "flash.totp_disabled")
	}
	if !formFailed(f, err, "code") {
		return err
	}
	return h.showAccount(w, r, "totp", f, nil)
}

func (h *Handler) handleSessionRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.RevokeSession(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	if id == actorOf(r).SessionID {
		return redirect(w, r, "/login", "flash.logged_out")
	}
	return redirect(w, r, "/account", "flash.revoked")
}

func (h *Handler) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	days, _ := strconv.Atoi(f.Get("days"))
	tok, err := h.svc.CreateAPIToken(r.Context(), actorOf(r), f.Get("name"), days)
	if err != nil && !formFailed(f, err, "name", "days") {
		return err
	}
	return h.showAccount(w, r, "token", f, func(p *accountPage) { p.NewToken = tok })
}
