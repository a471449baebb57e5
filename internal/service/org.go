package service

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"luoshi/internal/luoshi"
)

// UnitInput is what creating or changing a unit takes; nil fields of a change stay as they are.
type UnitInput struct {
	Name       *string `json:"name"`
	Kind       *string `json:"kind"`
	ParentID   *int64  `json:"parent_id"`
	CreditCode *string `json:"credit_code"`
}

func (s *Service) requireSysadmin(ctx context.Context, a *luoshi.Actor, action string) error {
	if !a.Has(luoshi.RoleSysadmin) {
		return s.deny(ctx, a, action, "", "org.manage.forbidden")
	}
	return nil
}

// ListUnits returns the units of the actor's region.
func (s *Service) ListUnits(ctx context.Context, a *luoshi.Actor) ([]*luoshi.Unit, error) {
	return s.ListUnitsIn(ctx, a, 0)
}

// ListUnitsIn returns the units of a region: the actor's own (0), or one a city account
// reads below its own.
func (s *Service) ListUnitsIn(ctx context.Context, a *luoshi.Actor, regionID int64) ([]*luoshi.Unit, error) {
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, err
	}
	var units []*luoshi.Unit
	err = s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		units, err = tx.FindUnits(ctx, region)
		return err
	})
	return units, err
}

// GetUnit returns one unit of the actor's region.
func (s *Service) GetUnit(ctx context.Context, a *luoshi.Actor, id int64) (*luoshi.Unit, error) {
	var u *luoshi.Unit
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		u, err = findUnitIn(ctx, tx, a.RegionID, id)
		return err
	})
	return u, err
}

func findUnitIn(ctx context.Context, tx luoshi.Tx, region, id int64) (*luoshi.Unit, error) {
	u, err := tx.FindUnitByID(ctx, id)
	if err == nil && u.RegionID != region {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "unit.not_found")
	}
	return u, err
}

// CreateUnit adds a unit to the actor's region.
func (s *Service) CreateUnit(ctx context.Context, a *luoshi.Actor, in UnitInput) (*luoshi.Unit, error) {
	if err := s.requireSysadmin(ctx, a, "unit.create"); err != nil {
		return nil, err
	}
	u := &luoshi.Unit{RegionID: a.RegionID, Kind: "department", CreatedAt: s.now()}
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := applyUnitInput(ctx, tx, u, in, true); err != nil {
			return err
		}
		if err := tx.CreateUnit(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "unit.create", "unit:"+strconv.FormatInt(u.ID, 10), luoshi.OutcomeSuccess, u.Name)
	})
	return u, err
}

// UpdateUnit changes a unit of the actor's region.
func (s *Service) UpdateUnit(ctx context.Context, a *luoshi.Actor, id int64, in UnitInput) (*luoshi.Unit, error) {
	if err := s.requireSysadmin(ctx, a, "unit.update"); err != nil {
		return nil, err
	}
	var u *luoshi.Unit
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		var err error
		if u, err = findUnitIn(ctx, tx, a.RegionID, id); err != nil {
			return err
		}
		if err := applyUnitInput(ctx, tx, u, in, false); err != nil {
			return err
		}
		if err := tx.UpdateUnit(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "unit.update", "unit:"+strconv.FormatInt(u.ID, 10), luoshi.OutcomeSuccess, u.Name)
	})
	return u, err
}

func applyUnitInput(ctx context.Context, tx luoshi.Tx, u *luoshi.Unit, in UnitInput, create bool) error {
	var v luoshi.Validation
	if in.Name != nil || create {
		name := ""
		if in.Name != nil {
			name = strings.TrimSpace(*in.Name)
		}
		switch n := utf8.RuneCountInString(name); {
		case n == 0:
			v.Add("name", "org.unit.name.required")
		case n > 100:
			v.Add("name", "org.unit.name.too_long")
		}
		u.Name = name
	}
	if in.Kind != nil {
		if !slices.Contains(luoshi.UnitKinds, *in.Kind) {
			v.Add("kind", "org.unit.kind.invalid")
		}
		u.Kind = *in.Kind
	}
	if in.CreditCode != nil {
		code := strings.TrimSpace(*in.CreditCode)
		if code != "" {
			if err := luoshi.ValidateCreditCode(code); err != nil {
				m := luoshi.MsgOf(err)
				v.Add("credit_code", m.Key, m.Args...)
			}
		}
		u.CreditCode = code
	}
	if in.ParentID != nil {
		if *in.ParentID == u.ID {
			v.Add("parent_id", "org.unit.parent.self")
		} else if _, err := findUnitIn(ctx, tx, u.RegionID, *in.ParentID); err != nil {
			v.Add("parent_id", "org.unit.parent.not_found", *in.ParentID)
		}
		u.ParentID = in.ParentID
	}
	return v.Err()
}

// ListLeaders returns the leaders of the actor's region with their portfolios.
func (s *Service) ListLeaders(ctx context.Context, a *luoshi.Actor) ([]*luoshi.Leader, error) {
	return s.ListLeadersIn(ctx, a, 0)
}

// ListLeadersIn returns the leaders of a region: the actor's own (0), or one a city account
// reads below its own.
func (s *Service) ListLeadersIn(ctx context.Context, a *luoshi.Actor, regionID int64) ([]*luoshi.Leader, error) {
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, err
	}
	var ls []*luoshi.Leader
	err = s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		ls, err = tx.FindLeaders(ctx, region)
		return err
	})
	return ls, err
}

// UserInput is what creating a user takes.
type UserInput struct {
	Username string        `json:"username"`
	Name     string        `json:"name"`
	Password string        `json:"password"`
	UnitID   int64         `json:"unit_id"`
	Roles    []luoshi.Role `json:"roles"`
	LeaderID *int64        `json:"leader_id"`
	Phone    string        `json:"phone"`
	IDNumber string        `json:"id_number"`
}

var usernameRE = regexp.MustCompile(`^[a-z][a-z0-9_.-]{2,31}$`)

// ListUsers lists the users of the region, or of one unit. Unit liaisons and staff see only
// their own unit's accounts.
func (s *Service) ListUsers(ctx context.Context, a *luoshi.Actor, unitID *int64) ([]*luoshi.User, error) {
	wide := a.Has(luoshi.RoleSupervisor) || a.Has(luoshi.RoleSysadmin) || a.Has(luoshi.RoleSecadmin) ||
		a.Has(luoshi.RoleAuditor) || a.Has(luoshi.RoleLeader)
	if !wide {
		if unitID != nil && *unitID != a.UnitID {
			return nil, forbidden("org.users.forbidden")
		}
		unitID = &a.UnitID
	}
	var users []*luoshi.User
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		if unitID != nil {
			if _, err := findUnitIn(ctx, tx, a.RegionID, *unitID); err != nil {
				return err
			}
		}
		var err error
		if users, err = tx.FindUsers(ctx, a.RegionID, unitID); err != nil {
			return err
		}
		for _, u := range users {
			if err := s.revealSecrets(ctx, tx, a, u); err != nil {
				return err
			}
		}
		return nil
	})
	return users, err
}

// CreateUser adds an account, without roles: the system administrator creates accounts and
// the security administrator grants roles, so that whoever sets an account's first password
// never also decides what it may do (三员分立). The security administrator creates none.
func (s *Service) CreateUser(ctx context.Context, a *luoshi.Actor, in UserInput) (*luoshi.User, error) {
	if !a.Has(luoshi.RoleSysadmin) {
		return nil, s.deny(ctx, a, "account.create", "user:"+in.Username, "org.user.create.forbidden")
	}
	if len(in.Roles) > 0 {
		return nil, s.deny(ctx, a, "account.create", "user:"+in.Username, "org.user.create.roles")
	}
	pol, err := s.SecurityPolicy(ctx)
	if err != nil {
		return nil, err
	}
	var v luoshi.Validation
	in.Username = strings.TrimSpace(in.Username)
	if !usernameRE.MatchString(in.Username) {
		v.Add("username", "org.user.username.invalid")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Name)); n == 0 || n > 50 {
		v.Add("name", "org.user.name.required")
	}
	if err := CheckPasswordPolicy(in.Password, in.Username, pol); err != nil {
		m := luoshi.MsgOf(err)
		v.Add("password", m.Key, m.Args...)
	}
	if in.LeaderID != nil {
		v.Add("leader_id", "org.user.leader_id")
	}
	checkSecrets(&v, &in.Phone, &in.IDNumber)
	u := &luoshi.User{RegionID: a.RegionID, UnitID: in.UnitID, Username: in.Username, Name: strings.TrimSpace(in.Name),
		Roles: in.Roles, LeaderID: in.LeaderID, CreatedAt: s.now()}
	if u.Roles == nil {
		u.Roles = []luoshi.Role{}
	}
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if _, err := findUnitIn(ctx, tx, a.RegionID, in.UnitID); err != nil {
			v.Add("unit_id", "org.unit.id_not_found", in.UnitID)
		}
		if in.LeaderID != nil {
			if l, err := tx.FindLeaderByID(ctx, *in.LeaderID); err != nil || l.RegionID != a.RegionID {
				v.Add("leader_id", "org.leader.id_not_found", *in.LeaderID)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.createWithInitialPassword(ctx, tx, u, in.Password); err != nil {
			return err
		}
		if err := s.sealSecrets(ctx, tx, u.ID, in.Phone, in.IDNumber); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "account.create", "user:"+u.Username, luoshi.OutcomeSuccess, "角色 "+joinValues(u.Roles))
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// createWithInitialPassword creates an account whose password an administrator set: it
// must be changed at the first login.
func (s *Service) createWithInitialPassword(ctx context.Context, tx luoshi.Tx, u *luoshi.User, pw string) error {
	hash, err := s.Hasher.Hash(pw)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	if err := tx.CreateUser(ctx, u); err != nil {
		return err
	}
	c, err := tx.FindCredentials(ctx, u.ID)
	if err != nil {
		return err
	}
	c.MustChangePassword = true
	return tx.UpdateCredentials(ctx, c)
}

// CheckPassword applies the default password policy.
func CheckPassword(pw, username string) error {
	return CheckPasswordPolicy(pw, username, luoshi.DefaultSecurityPolicy())
}

// CheckPasswordPolicy applies a policy's password rule: a minimum length, characters from
// enough of the four classes, and not containing the username.
func CheckPasswordPolicy(pw, username string, p luoshi.SecurityPolicy) error {
	if utf8.RuneCountInString(pw) < p.PasswordMinLength || len(pw) > 256 {
		return luoshi.Errorf(luoshi.EINVALID, "account.password.too_short", p.PasswordMinLength)
	}
	var lower, upper, digit, other int
	for _, r := range pw {
		switch {
		case r >= 'a' && r <= 'z':
			lower = 1
		case r >= 'A' && r <= 'Z':
			upper = 1
		case r >= '0' && r <= '9':
			digit = 1
		default:
			other = 1
		}
	}
	if lower+upper+digit+other < p.PasswordClasses {
		return luoshi.Errorf(luoshi.EINVALID, "account.password.classes", p.PasswordClasses)
	}
	if username != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(username)) {
		return luoshi.Errorf(luoshi.EINVALID, "account.password.username")
	}
	return nil
}

// UnitStats returns per-unit counts: all units for the supervision office and the county
// head, the portfolio for another leader, the own unit for a unit's liaison or staff.
func (s *Service) UnitStats(ctx context.Context, a *luoshi.Actor) ([]luoshi.UnitStats, error) {
	return s.UnitStatsIn(ctx, a, 0)
}

// UnitStatsIn is UnitStats for a region: the actor's own (0), or one a city account reads
// below its own, whose units it sees all of. The counts may come from a read replica.
func (s *Service) UnitStatsIn(ctx context.Context, a *luoshi.Actor, regionID int64) ([]luoshi.UnitStats, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	stats, err := s.stats.count(ctx, region, now, func(ctx context.Context, ids []int64) (rows []luoshi.StatRow, units []*luoshi.Unit, err error) {
		err = s.Store.View(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) error {
			if rows, err = tx.StatRows(ctx, region, ids); err != nil || ids != nil {
				return err
			}
			units, err = tx.FindUnits(ctx, region)
			return err
		})
		return rows, units, err
	})
	if err != nil {
		return nil, err
	}
	out := stats[:0]
	for _, st := range stats {
		if region != a.RegionID || a.Has(luoshi.RoleSupervisor) || a.Oversees(st.UnitID) || st.UnitID == a.UnitID {
			if st.Completed > 0 {
				st.OnTimeRate = float64(st.CompletedOnTime) / float64(st.Completed)
			}
			out = append(out, st)
		}
	}
	return out, nil
}
