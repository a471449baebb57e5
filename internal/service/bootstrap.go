package service

import (
	"context"

	"luoshi/internal/luoshi"
)

// Bootstrap creates a county (region), its government office, and the three administrators
// (三员) with one-time passwords from gen, on a database with no accounts. It returns
// (username, role, password) for each.
func (s *Service) Bootstrap(ctx context.Context, code, name string, gen func() string) ([][3]string, error) {
	var out [][3]string
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		n, err := tx.CountUsers(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return luoshi.Errorf(luoshi.ECONFLICT, "setup.already")
		}
		out, err = s.seedRegion(ctx, tx, &luoshi.Region{Code: code, Name: name}, "", gen)
		return err
	})
	return out, err
}

// seedRegion creates a region with its government office and its three administrators,
// whose usernames end in suffix (a database serving several regions needs them apart).
func (s *Service) seedRegion(ctx context.Context, tx luoshi.Tx, r *luoshi.Region, suffix string, gen func() string) ([][3]string, error) {
	now := s.now()
	r.TZ, r.CreatedAt = DefaultTZ, now
	if err := tx.CreateRegion(ctx, r); err != nil {
		return nil, err
	}
	office := &luoshi.Unit{RegionID: r.ID, Name: "人民政府办公室", Kind: "department", CreatedAt: now}
	if err := tx.CreateUnit(ctx, office); err != nil {
		return nil, err
	}
	var out [][3]string
	for _, acct := range []struct {
		user, name string
		role       luoshi.Role
	}{{"admin", "系统管理员", luoshi.RoleSysadmin}, {"security", "安全管理员", luoshi.RoleSecadmin}, {"audit", "审计管理员", luoshi.RoleAuditor}} {
		pw := gen()
		u := &luoshi.User{RegionID: r.ID, UnitID: office.ID, Username: acct.user + suffix, Name: acct.name,
			Roles: []luoshi.Role{acct.role}, CreatedAt: now}
		if err := s.createWithInitialPassword(ctx, tx, u, pw); err != nil {
			return nil, err
		}
		out = append(out, [3]string{u.Username, string(acct.role), pw})
	}
	return out, s.audit(ctx, tx, nil, "system.init", "region:"+r.Code, luoshi.OutcomeSuccess, r.Name)
}
