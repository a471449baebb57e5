package web

import (
	"net/http"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// loginPage is the sign-in form and the steps a login may still owe.
type loginPage struct {
	Base
	Form *Form
	Next string
	// Enrolment is set once the user asked for a new second factor: the QR code to scan.
	Enrolment *service.TOTPEnrolment
	// RecoveryCodes are shown once, after the second factor is confirmed.
	RecoveryCodes []string
}

func (h *Handler) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		if a, err := h.svc.Authenticate(r.Context(), c.Value); err == nil {
			http.Redirect(w, r, pendingPath(a.Pending), http.StatusSeeOther)
			return nil
		}
	}
	p := &loginPage{Base: h.base(r, "login.title"), Form: newForm(), Next: r.URL.Query().Get("next")}
	h.render(w, r, http.StatusOK, "login", p)
	return nil
}

func (h *Handler) handleLogin(w http.ResponseWriter, r *http.Request) error {
	// No session yet to carry a CSRF token: a login posted from another site — or from
	// nowhere a browser would name — is refused by its Origin or Referer, and the session
	// cookie is SameSite=Lax.
	if err := httpx.CheckOrigin(r); err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	next := f.Get("next")
	res, err := h.svc.Login(r.Context(), f.Get("username"), f.Get("password"))
	if err != nil {
		e, ok := isInvalid(err)
		if !ok {
			return err
		}
		f.fail(e, "username", "password")
		f.Values.Del("password")
		p := &loginPage{Base: h.base(r, "login.title"), Form: f, Next: next}
		h.render(w, r, httpx.Status(err), "login", p)
		return nil
	}
	httpx.SetSessionCookie(w, r, res.Token, res.ExpiresAt)
	to := pendingPath(res.Pending)
	if res.Pending == "" && localPath(next) {
		to = next
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (h *Handler) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Logout(r.Context(), actorOf(r)); err != nil {
		return err
	}
	httpx.ClearSessionCookie(w, r)
	return redirect(w, r, "/login", "flash.logged_out")
}

// step renders one of the steps of a half-finished login.
func (h *Handler) step(w http.ResponseWriter, r *http.Request, status int, name string, p *loginPage) error {
	h.render(w, r, status, name, p)
	return nil
}

func (h *Handler) handleSecondFactorForm(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r).Pending != luoshi.PendingTOTP {
		http.Redirect(w, r, pendingPath(actorOf(r).Pending), http.StatusSeeOther)
		return nil
	}
	return h.step(w, r, http.StatusOK, "login_2fa", &loginPage{Base: h.base(r, "login.2fa.title"), Form: newForm()})
}

func (h *Handler) handleSecondFactor(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	pending, err := h.svc.LoginSecondFactor(r.Context(), actorOf(r), f.Get("code"))
	if err != nil {
		e, ok := isInvalid(err)
		if !ok {
			return err
		}
		p := &loginPage{Base: h.base(r, "login.2fa.title"), Form: f}
		if e.Code == luoshi.EUNAUTHENTICATED {
			// The service answers every failed login alike; here only the code can be wrong.
			f.set("code", "login.2fa.wrong")
		} else {
			f.fail(e, "code")
		}
		f.Values.Del("code")
		return h.step(w, r, httpx.Status(err), "login_2fa", p)
	}
	http.Redirect(w, r, pendingPath(pending), http.StatusSeeOther)
	return nil
}

func (h *Handler) handlePasswordForm(w http.ResponseWriter, r *http.Request) error {
	return h.step(w, r, http.StatusOK, "login_password", &loginPage{Base: h.base(r, "login.password.title"), Form: newForm()})
}

func (h *Handler) handlePasswordChange(w http.ResponseWriter, r *http.Request) error {
	f, err := h.changePassword(w, r)
	if err != nil {
		return err
	}
	if f.Failed() {
		return h.step(w, r, http.StatusUnprocessableEntity, "login_password", &loginPage{Base: h.base(r, "login.password.title"), Form: f})
	}
	return redirect(w, r, "/", "flash.password_changed")
}

// changePassword reads a password form (old, new, repeated) and changes the password; the
// form comes back with its messages when the change was refused.
func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) (*Form, error) {
	f, err := readForm(w, r)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, k := range []string{"old_password", "new_password", "confirm_password"} {
			f.Values.Del(k)
		}
	}()
	if f.Get("new_password") != f.Get("confirm_password") {
		f.set("confirm_password", "account.password.mismatch")
		return f, nil
	}
	err = h.svc.ChangePassword(r.Context(), actorOf(r), f.Get("old_password"), f.Get("new_password"))
	if err != nil {
		e, ok := isInvalid(err)
		if !ok {
			return nil, err
		}
		renamed := *e
		renamed.Fields = append([]luoshi.FieldError(nil), e.Fields...)
		for i := range renamed.Fields {
			if renamed.Fields[i].Field == "password" {
				renamed.Fields[i].Field = "new_password"
			}
		}
		f.fail(&renamed, "old_password", "new_password")
	}
	return f, nil
}

func (h *Handler) handleEnrolForm(w http.ResponseWriter, r *http.Request) error {
	if actorOf(r).Pending != luoshi.PendingEnrolTOTP {
		http.Redirect(w, r, pendingPath(actorOf(r).Pending), http.StatusSeeOther)
		return nil
	}
	return h.step(w, r, http.StatusOK, "login_enrol", &loginPage{Base: h.base(r, "login.enrol.title"), Form: newForm()})
}

func (h *Handler) handleEnrolStart(w http.ResponseWriter, r *http.Request) error {
	p := &loginPage{Base: h.base(r, "login.enrol.title"), Form: newForm()}
	enr, err := h.svc.StartTOTP(r.Context(), actorOf(r))
	if err != nil {
		e, ok := isInvalid(err)
		if !ok {
			return err
		}
		p.Form.fail(e)
		return h.step(w, r, httpx.Status(err), "login_enrol", p)
	}
	p.Enrolment = enr
	return h.step(w, r, http.StatusOK, "login_enrol", p)
}

func (h *Handler) handleEnrolConfirm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.confirmTOTP(w, r, "login.enrol.title")
	if err != nil {
		return err
	}
	status := http.StatusOK
	if p.Form.Failed() {
		status = http.StatusUnprocessableEntity
	}
	return h.step(w, r, status, "login_enrol", p)
}

// confirmTOTP confirms a second factor with its first code; the page shows the recovery
// codes, or the form again.
func (h *Handler) confirmTOTP(w http.ResponseWriter, r *http.Request, title string) (*loginPage, error) {
	f, err := readForm(w, r)
	if err != nil {
		return nil, err
	}
	p := &loginPage{Base: h.base(r, title), Form: f}
	codes, err := h.svc.ConfirmTOTP(r.Context(), actorOf(r), f.Get("code"))
	f.Values.Del("code")
	if err != nil {
		e, ok := isInvalid(err)
		if !ok {
			return nil, err
		}
		f.fail(e, "code")
		return p, nil
	}
	p.RecoveryCodes = codes
	return p, nil
}
