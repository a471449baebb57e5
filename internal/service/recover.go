package service

import (
	"context"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// Recovery is what a server-side recovery of an account did.
type Recovery struct {
	Username string
	// SecondFactorRemoved says the account's second factor and recovery codes were removed.
	SecondFactorRemoved bool
}

// RecoverAccount is the recovery of an account from the server itself (`luoshi admin
// reset-password`), the one way an administrator's credentials are reset (三员分立: no
// administrator resets another's through the application). It sets the one-time password
// temp, which must be changed at the next login, clears a lockout, ends every session and
// API token of the account, and with resetSecondFactor removes its second factor (to be
// bound again at the next login where the policy requires it). operator says who ran the
// command and where; the recovery is on the audit trail with it.
func (s *Service) RecoverAccount(ctx context.Context, username, temp string, resetSecondFactor bool, operator string) (*Recovery, error) {
	p, err := s.SecurityPolicy(ctx)
	if err != nil {
		return nil, err
	}
	username = strings.TrimSpace(username)
	var rec *Recovery
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		u, err := tx.FindUserByUsername(ctx, username)
		if err != nil {
			return err
		}
		if err := CheckPasswordPolicy(temp, u.Username, p); err != nil {
			m := luoshi.MsgOf(err)
			return luoshi.Invalid("password", m.Key, m.Args...)
		}
		c, err := tx.FindCredentials(ctx, u.ID)
		if err != nil {
			return err
		}
		c.FailedLogins, c.LockedUntil = 0, time.UnixMilli(0).UTC()
		removed := resetSecondFactor && (c.TOTPEnabled || c.TOTPSecret != "")
		if resetSecondFactor {
			c.TOTPEnabled, c.TOTPSecret, c.TOTPLastStep = false, "", 0
			if err := tx.SetRecoveryCodes(ctx, u.ID, nil); err != nil {
				return err
			}
		}
		if err := s.setPassword(ctx, tx, c, temp, s.now(), true); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		rec = &Recovery{Username: u.Username, SecondFactorRemoved: removed}
		detail := "服务器命令重置密码（下次登录须修改）"
		if resetSecondFactor {
			detail += "，清除双因素认证"
		}
		system := &luoshi.Actor{Username: "system", RegionID: u.RegionID}
		return s.audit(ctx, tx, system, "account.recover", "user:"+u.Username, luoshi.OutcomeSuccess,
			detail+"；操作者 "+truncate(operator, 200))
	})
	s.invalidate()
	return rec, err
}

// suspendRoles withholds an account's roles while it still owes the change of a password
// someone else set (an initial password, a reset, a recovery): whoever set it may know it,
// so no role takes effect until the holder has chosen their own.
func suspendRoles(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor) error {
	c, err := tx.FindCredentials(ctx, a.UserID)
	if err != nil {
		return err
	}
	if c.MustChangePassword {
		a.Roles = []luoshi.Role{}
		a.LeaderID, a.Portfolio, a.AllUnits, a.ReadRegions = 0, nil, false, nil
	}
	return nil
}
