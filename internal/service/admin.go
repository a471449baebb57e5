package service

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

func phoneAAD(id int64) string { return "users.phone:" + strconv.FormatInt(id, 10) }
func idnoAAD(id int64) string  { return "users.id_number:" + strconv.FormatInt(id, 10) }

var (
	phoneRE = regexp.MustCompile(`^1[3-9][0-9]{9}$|^0[0-9]{2,3}-?[0-9]{7,8}$`)
	idnoRE  = regexp.MustCompile(`^[1-9][0-9]{16}[0-9X]$`)
)

// SetUserSecrets seals a user's phone and ID number (system administrator or the user).
func (s *Service) SetUserSecrets(ctx context.Context, a *luoshi.Actor, userID int64, phone, idNumber string) error {
	if !a.Has(luoshi.RoleSysadmin) && a.UserID != userID {
		return s.deny(ctx, a, "account.update", "user:"+strconv.FormatInt(userID, 10), "account.contact.forbidden")
	}
	var v luoshi.Validation
	checkSecrets(&v, &phone, &idNumber)
	if err := v.Err(); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx luoshi.Tx) error {
		u, err := tx.FindUserByID(ctx, userID)
		if err != nil || u.RegionID != a.RegionID {
			return luoshi.Errorf(luoshi.ENOTFOUND, "user.not_found")
		}
		if err := s.sealSecrets(ctx, tx, userID, phone, idNumber); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "account.update", "user:"+u.Username, luoshi.OutcomeSuccess, "修改联系方式")
	})
}

// checkSecrets normalises and validates a phone number and ID number.
func checkSecrets(v *luoshi.Validation, phone, idNumber *string) {
	*phone, *idNumber = strings.TrimSpace(*phone), strings.ToUpper(strings.TrimSpace(*idNumber))
	if *phone != "" && !phoneRE.MatchString(*phone) {
		v.Add("phone", "account.phone.invalid")
	}
	if *idNumber != "" && !validIDNumber(*idNumber) {
		v.Add("id_number", "account.id_number.invalid")
	}
}

// sealSecrets stores the phone and ID number sealed under the current key.
func (s *Service) sealSecrets(ctx context.Context, tx luoshi.Tx, userID int64, phone, idNumber string) error {
	if phone == "" && idNumber == "" {
		return tx.SetUserSecrets(ctx, userID, "", "")
	}
	if s.Keys == nil {
		return luoshi.Errorf(luoshi.EINTERNAL, "account.sensitive.no_key")
	}
	sp, err := s.Keys.SealString(phone, phoneAAD(userID))
	if err != nil {
		return err
	}
	si, err := s.Keys.SealString(idNumber, idnoAAD(userID))
	if err != nil {
		return err
	}
	return tx.SetUserSecrets(ctx, userID, sp, si)
}

// RotateKeys re-seals every sensitive field under the current key; the command line's.
func (s *Service) RotateKeys(ctx context.Context) (int, error) {
	if s.Keys == nil {
		return 0, luoshi.Errorf(luoshi.EINTERNAL, "account.no_key")
	}
	n := 0
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		all, err := tx.AllUserSecrets(ctx)
		if err != nil {
			return err
		}
		for id, v := range all {
			phone, err := s.Keys.OpenString(v[0], phoneAAD(id))
			if err != nil {
				return err
			}
			idno, err := s.Keys.OpenString(v[1], idnoAAD(id))
			if err != nil {
				return err
			}
			if s.Keys.NeedsRotation(v[0]) || s.Keys.NeedsRotation(v[1]) {
				if err := s.sealSecrets(ctx, tx, id, phone, idno); err != nil {
					return err
				}
				n++
			}
			if v[2] != "" && s.Keys.NeedsRotation(v[2]) {
				secret, err := s.openSecret(v[2], id)
				if err != nil {
					return err
				}
				c, err := tx.FindCredentials(ctx, id)
				if err != nil {
					return err
				}
				if c.TOTPSecret, err = s.sealSecret(secret, id); err != nil {
					return err
				}
				if err := tx.UpdateCredentials(ctx, c); err != nil {
					return err
				}
				n++
			}
		}
		return s.audit(ctx, tx, nil, "keys.rotate", "users", luoshi.OutcomeSuccess, "重新加密 "+strconv.Itoa(n)+" 个账号的敏感字段")
	})
	return n, err
}

// validIDNumber checks an 18-digit resident ID number's check character (GB 11643).
func validIDNumber(s string) bool {
	if !idnoRE.MatchString(s) {
		return false
	}
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return s[17] == "10X98765432"[sum%11]
}

// revealSecrets fills the user's phone and ID number: in clear for the account itself and
// the system administrator, masked for everyone else.
func (s *Service) revealSecrets(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, u *luoshi.User) error {
	if s.Keys == nil {
		return nil
	}
	sp, si, err := tx.UserSecrets(ctx, u.ID)
	if err != nil {
		return err
	}
	if u.Phone, err = s.Keys.OpenString(sp, phoneAAD(u.ID)); err != nil {
		return err
	}
	if u.IDNumber, err = s.Keys.OpenString(si, idnoAAD(u.ID)); err != nil {
		return err
	}
	if a.UserID != u.ID && !a.Has(luoshi.RoleSysadmin) {
		u.Phone, u.IDNumber = mask(u.Phone, 3, 4), mask(u.IDNumber, 4, 2)
	}
	return nil
}

func mask(s string, head, tail int) string {
	if len(s) <= head+tail {
		return s
	}
	return s[:head] + strings.Repeat("*", len(s)-head-tail) + s[len(s)-tail:]
}

func (s *Service) findUserIn(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.User, error) {
	u, err := tx.FindUserByID(ctx, id)
	if err == nil && u.RegionID != a.RegionID {
		err = luoshi.Errorf(luoshi.ENOTFOUND, "user.not_found")
	}
	return u, err
}

// SetRoles grants and revokes roles: the security administrator's alone, never on their
// own account, and never two administrator roles (三员分立).
func (s *Service) SetRoles(ctx context.Context, a *luoshi.Actor, userID int64, roles []luoshi.Role, leaderID *int64) (*luoshi.User, error) {
	target := "user:" + strconv.FormatInt(userID, 10)
	if !a.Has(luoshi.RoleSecadmin) {
		return nil, s.deny(ctx, a, "account.roles", target, "account.roles.forbidden")
	}
	if a.UserID == userID {
		return nil, s.deny(ctx, a, "account.roles", target, "account.roles.own")
	}
	if err := luoshi.ValidateRoles(roles); err != nil {
		return nil, err
	}
	var u *luoshi.User
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		var err error
		if u, err = s.findUserIn(ctx, tx, a, userID); err != nil {
			return err
		}
		if slices.Contains(roles, luoshi.RoleLeader) && u.LeaderID == nil && leaderID == nil {
			return luoshi.Invalid("leader_id", "account.roles.leader_id")
		}
		if err := tx.SetUserRoles(ctx, userID, roles); err != nil {
			return err
		}
		before := u.Roles
		u.Roles = roles
		return s.audit(ctx, tx, a, "account.roles", "user:"+u.Username, luoshi.OutcomeSuccess,
			"角色 "+joinValues(before)+" → "+joinValues(roles))
	})
	s.invalidate()
	return u, err
}

// Unlock clears a lockout (security administrator).
func (s *Service) Unlock(ctx context.Context, a *luoshi.Actor, userID int64) error {
	if !a.Has(luoshi.RoleSecadmin) {
		return s.deny(ctx, a, "account.unlock", "user:"+strconv.FormatInt(userID, 10), "account.unlock.forbidden")
	}
	return s.Store.Update(ctx, func(tx luoshi.Tx) error {
		u, err := s.findUserIn(ctx, tx, a, userID)
		if err != nil {
			return err
		}
		c, err := tx.FindCredentials(ctx, userID)
		if err != nil {
			return err
		}
		c.FailedLogins, c.LockedUntil = 0, time.UnixMilli(0).UTC()
		if err := tx.UpdateCredentials(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "account.unlock", "user:"+u.Username, luoshi.OutcomeSuccess, "")
	})
}

// SetDisabled disables or re-enables an account (system administrator); disabling ends its
// sessions.
func (s *Service) SetDisabled(ctx context.Context, a *luoshi.Actor, userID int64, disabled bool) error {
	if !a.Has(luoshi.RoleSysadmin) || a.UserID == userID {
		return s.deny(ctx, a, "account.disable", "user:"+strconv.FormatInt(userID, 10), "account.disable.forbidden")
	}
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		u, err := s.findUserIn(ctx, tx, a, userID)
		if err != nil {
			return err
		}
		if err := tx.SetUserDisabled(ctx, userID, disabled); err != nil {
			return err
		}
		if disabled {
			if err := tx.DeleteUserSessions(ctx, userID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "account.disable", "user:"+u.Username, luoshi.OutcomeSuccess, "disabled="+strconv.FormatBool(disabled))
	})
	s.invalidate()
	return err
}

// ResetPassword sets a temporary password that must be changed at the next login (system
// administrator); the account's sessions end. An administrator's account is never reset by
// another administrator (三员分立): its recovery is the server's command (RecoverAccount).
func (s *Service) ResetPassword(ctx context.Context, a *luoshi.Actor, userID int64, temp string) error {
	if !a.Has(luoshi.RoleSysadmin) || a.UserID == userID {
		return s.deny(ctx, a, "account.reset_password", "user:"+strconv.FormatInt(userID, 10), "account.reset_password.forbidden")
	}
	p, err := s.SecurityPolicy(ctx)
	if err != nil {
		return err
	}
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		u, err := s.findUserIn(ctx, tx, a, userID)
		if err != nil {
			return err
		}
		if u.Administrator() {
			return s.deny(ctx, a, "account.reset_password", "user:"+u.Username, "account.reset_password.admin")
		}
		if err := CheckPasswordPolicy(temp, u.Username, p); err != nil {
			m := luoshi.MsgOf(err)
			return luoshi.Invalid("password", m.Key, m.Args...)
		}
		c, err := tx.FindCredentials(ctx, userID)
		if err != nil {
			return err
		}
		if err := s.setPassword(ctx, tx, c, temp, s.now(), true); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "account.reset_password", "user:"+u.Username, luoshi.OutcomeSuccess, "")
	})
	s.invalidate()
	return err
}
