package service

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/otp"
)

// TOTPIssuer names luoshi in authenticator apps.
const TOTPIssuer = "落实"

func secretAAD(userID int64) string { return "users.totp_secret:" + strconv.FormatInt(userID, 10) }

func (s *Service) sealSecret(secret string, userID int64) (string, error) {
	if s.Keys == nil {
		return "", luoshi.Errorf(luoshi.EINTERNAL, "account.totp.no_key_encrypt")
	}
	return s.Keys.SealString(secret, secretAAD(userID))
}

func (s *Service) openSecret(sealed string, userID int64) (string, error) {
	if s.Keys == nil {
		return "", luoshi.Errorf(luoshi.EINTERNAL, "account.totp.no_key_decrypt")
	}
	return s.Keys.OpenString(sealed, secretAAD(userID))
}

// ChangePassword sets the actor's own password after checking the old one and the policy,
// and ends the actor's other sessions and API tokens (the current session stays).
func (s *Service) ChangePassword(ctx context.Context, a *luoshi.Actor, old, next string) error {
	p, err := s.SecurityPolicy(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	release, err := s.hashSlot(ctx)
	if err != nil {
		return err
	}
	defer release()
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		c, err := tx.FindCredentials(ctx, a.UserID)
		if err != nil {
			return err
		}
		if !s.Hasher.Verify(c.PasswordHash, old) {
			return luoshi.Invalid("old_password", "account.password.wrong")
		}
		if err := s.checkNewPassword(ctx, tx, p, a.UserID, a.Username, next, c.PasswordHash); err != nil {
			return err
		}
		if err := s.setPassword(ctx, tx, c, next, now, false); err != nil {
			return err
		}
		if a.Pending == luoshi.PendingPasswordChange {
			// The actor's roles are withheld until this change (suspendRoles): what the
			// login still owes follows the roles the account holds.
			u, err := tx.FindUserByID(ctx, a.UserID)
			if err != nil {
				return err
			}
			if err := s.setPending(ctx, tx, a.SessionID, pendingFor(c, u.Roles, p, now, true)); err != nil {
				return err
			}
		}
		// Whoever knew the old password may hold a session or token made with it: all
		// end but the one the change was made from.
		ended, err := tx.DeleteOtherSessions(ctx, a.UserID, a.SessionID)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "account.password", "user:"+a.Username, luoshi.OutcomeSuccess,
			"本人修改密码，结束其他会话和令牌 "+strconv.Itoa(ended)+" 个")
	})
	s.invalidate()
	return err
}

// checkNewPassword applies the policy, including the history of earlier passwords.
func (s *Service) checkNewPassword(ctx context.Context, tx luoshi.Tx, p luoshi.SecurityPolicy, userID int64, username, pw, current string) error {
	if err := CheckPasswordPolicy(pw, username, p); err != nil {
		m := luoshi.MsgOf(err)
		return luoshi.Invalid("password", m.Key, m.Args...)
	}
	// The last N passwords: the current one and the N-1 before it.
	var history []string
	if p.PasswordHistory > 0 {
		older, err := tx.PasswordHistory(ctx, userID, p.PasswordHistory-1)
		if err != nil {
			return err
		}
		history = append(older, current)
	}
	for _, h := range history {
		if h != "" && s.Hasher.Verify(h, pw) {
			return luoshi.Invalid("password", "account.password.reused", p.PasswordHistory)
		}
	}
	return nil
}

func (s *Service) setPassword(ctx context.Context, tx luoshi.Tx, c *luoshi.Credentials, pw string, now time.Time, mustChange bool) error {
	hash, err := s.Hasher.Hash(pw)
	if err != nil {
		return err
	}
	if c.PasswordHash != "" {
		if err := tx.AddPasswordHistory(ctx, c.UserID, c.PasswordHash, now); err != nil {
			return err
		}
	}
	c.PasswordHash, c.PasswordChangedAt, c.MustChangePassword = hash, now, mustChange
	return tx.UpdateCredentials(ctx, c)
}

// TOTPEnrolment is what starting an enrolment gives: the secret, its otpauth URI and a QR
// code (PNG, base64) to scan.
type TOTPEnrolment struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
	QRPNG  string `json:"qr_png"`
}

// StartTOTP generates a new secret for the actor; it takes effect once confirmed.
func (s *Service) StartTOTP(ctx context.Context, a *luoshi.Actor) (*TOTPEnrolment, error) {
	secret, err := otp.GenerateSecret()
	if err != nil {
		return nil, err
	}
	sealed, err := s.sealSecret(secret, a.UserID)
	if err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		c, err := tx.FindCredentials(ctx, a.UserID)
		if err != nil {
			return err
		}
		if c.TOTPEnabled {
			return luoshi.Errorf(luoshi.ECONFLICT, "account.totp.already")
		}
		c.TOTPSecret, c.TOTPLastStep = sealed, 0
		if err := tx.UpdateCredentials(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "account.2fa.start", "user:"+a.Username, luoshi.OutcomeSuccess, "")
	})
	if err != nil {
		return nil, err
	}
	uri := otp.URI(TOTPIssuer, a.Username, secret)
	png, err := otp.QRCodePNG(uri, 240)
	if err != nil {
		return nil, err
	}
	return &TOTPEnrolment{Secret: secret, URI: uri, QRPNG: base64.StdEncoding.EncodeToString(png)}, nil
}

// ConfirmTOTP turns the second factor on with a first valid code and returns ten recovery
// codes, shown once.
func (s *Service) ConfirmTOTP(ctx context.Context, a *luoshi.Actor, code string) ([]string, error) {
	p, err := s.SecurityPolicy(ctx)
	if err != nil {
		return nil, err
	}
	codes, hashes, err := otp.NewRecoveryCodes(10)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		c, err := tx.FindCredentials(ctx, a.UserID)
		if err != nil {
			return err
		}
		if c.TOTPEnabled || c.TOTPSecret == "" {
			return luoshi.Errorf(luoshi.ECONFLICT, "account.totp.not_started")
		}
		secret, err := s.openSecret(c.TOTPSecret, a.UserID)
		if err != nil {
			return err
		}
		step, ok := otp.Verify(secret, strings.TrimSpace(code), now, c.TOTPLastStep)
		if !ok {
			return luoshi.Invalid("code", "account.totp.wrong_code")
		}
		c.TOTPEnabled, c.TOTPLastStep = true, step
		if err := tx.UpdateCredentials(ctx, c); err != nil {
			return err
		}
		if err := tx.SetRecoveryCodes(ctx, a.UserID, hashes); err != nil {
			return err
		}
		if a.Pending == luoshi.PendingEnrolTOTP {
			if err := s.setPending(ctx, tx, a.SessionID, pendingFor(c, a.Roles, p, now, true)); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "account.2fa.enable", "user:"+a.Username, luoshi.OutcomeSuccess, "")
	})
	s.invalidate()
	return codes, err
}

// DisableTOTP turns the actor's second factor off, with a current code, where the policy
// does not require it for the actor's roles.
func (s *Service) DisableTOTP(ctx context.Context, a *luoshi.Actor, code string) error {
	p, err := s.SecurityPolicy(ctx)
	if err != nil {
		return err
	}
	if p.RequiresMFA(a.Roles) {
		return s.deny(ctx, a, "account.2fa.disable", "user:"+a.Username, "account.totp.required")
	}
	now := s.now()
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		c, err := tx.FindCredentials(ctx, a.UserID)
		if err != nil {
			return err
		}
		ok, _, err := s.checkSecondFactor(ctx, tx, c, code, now)
		if err != nil {
			return err
		}
		if !ok {
			return luoshi.Invalid("code", "account.totp.wrong_code_or_recovery")
		}
		c.TOTPEnabled, c.TOTPSecret, c.TOTPLastStep = false, "", 0
		if err := tx.UpdateCredentials(ctx, c); err != nil {
			return err
		}
		if err := tx.SetRecoveryCodes(ctx, a.UserID, nil); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "account.2fa.disable", "user:"+a.Username, luoshi.OutcomeSuccess, "")
	})
	s.invalidate()
	return err
}

// Sessions lists the actor's sessions and API tokens, marking the current one.
func (s *Service) Sessions(ctx context.Context, a *luoshi.Actor) ([]*luoshi.Session, error) {
	var list []*luoshi.Session
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		list, err = tx.FindSessions(ctx, a.UserID)
		return err
	})
	for _, x := range list {
		x.Current = x.ID == a.SessionID
	}
	if list == nil {
		list = []*luoshi.Session{}
	}
	return list, err
}

// RevokeSession ends one of the actor's own sessions or tokens.
func (s *Service) RevokeSession(ctx context.Context, a *luoshi.Actor, id int64) error {
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		list, err := tx.FindSessions(ctx, a.UserID)
		if err != nil {
			return err
		}
		for _, x := range list {
			if x.ID == id {
				if err := tx.DeleteSession(ctx, id); err != nil {
					return err
				}
				return s.audit(ctx, tx, a, "session.revoke", "session:"+strconv.FormatInt(id, 10), luoshi.OutcomeSuccess, x.Kind+" "+x.Name)
			}
		}
		return luoshi.Errorf(luoshi.ENOTFOUND, "account.session.not_found")
	})
	s.invalidate()
	return err
}

// APIToken is a new named token for an API client; the secret is shown once.
type APIToken struct {
	Token   string          `json:"token"`
	Session *luoshi.Session `json:"session"`
}

// CreateAPIToken issues a named bearer token that lasts days (no idle timeout), for
// scripts and external tools; only a fully logged-in user may.
func (s *Service) CreateAPIToken(ctx context.Context, a *luoshi.Actor, name string, days int) (*APIToken, error) {
	p, err := s.SecurityPolicy(ctx)
	if err != nil {
		return nil, err
	}
	var v luoshi.Validation
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 50 {
		v.Add("name", "account.token.name")
	}
	if days < 1 || days > p.APITokenMaxDays {
		v.Add("days", "account.token.days", p.APITokenMaxDays)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	ri := luoshi.RequestInfoFrom(ctx)
	token := randomToken()
	sess := &luoshi.Session{Hash: hashToken(token), UserID: a.UserID, Kind: luoshi.SessionAPI, Name: name,
		Address: luoshi.CleanAddress(ri.Address), UserAgent: truncate(ri.UserAgent, 200), CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.AddDate(0, 0, days)}
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "session.api_token", "session:"+strconv.FormatInt(sess.ID, 10), luoshi.OutcomeSuccess, name)
	})
	if err != nil {
		return nil, err
	}
	return &APIToken{Token: token, Session: sess}, nil
}
