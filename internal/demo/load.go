package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// ErrNotEmpty is returned when the database already has accounts.
var ErrNotEmpty = errors.New("demo: the database is not empty")

// OfficeKey is the unit of the county government office, home of the supervision office
// (督查室), the leaders and the administrators.
const OfficeKey = "zfb"

// Accounts are the fixed demo accounts besides each unit's liaison and staff.
var Accounts = []struct {
	Username string
	Name     string
	Role     luoshi.Role
}{
	{"admin", "系统管理员", luoshi.RoleSysadmin},
	{"security", "安全管理员", luoshi.RoleSecadmin},
	{"audit", "审计管理员", luoshi.RoleAuditor},
	{"duchashi", "县政府督查室", luoshi.RoleSupervisor},
}

// Summary tells what Load created.
type Summary struct {
	Units, Leaders, Users, Items int
}

type loader struct {
	svc    *service.Service
	now    time.Time
	clock  time.Time
	urgent bool // the item being loaded is urgent: its events may run into the evening
	units  map[string]int64
	leader map[string]int64
}

// Load fills an empty database with the demo county 示例县: units, leaders and their
// portfolios, accounts that all have the given password, and items in every state and light,
// each carried through its workflow by the service with the clock moved back, so that its
// events are the real history of its state.
func Load(ctx context.Context, svc *service.Service, password string) (*Summary, error) {
	l := &loader{svc: svc, now: svc.Now().UTC(), units: map[string]int64{}, leader: map[string]int64{}}
	hash, err := svc.Hasher.Hash(password)
	if err != nil {
		return nil, err
	}
	sum := &Summary{}
	err = svc.Store.Update(ctx, func(tx luoshi.Tx) error {
		n, err := tx.CountUsers(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrNotEmpty
		}
		if err := l.organisation(ctx, tx, hash, sum); err != nil {
			return err
		}
		return l.proposalAccounts(ctx, tx, hash, sum)
	})
	if err != nil {
		return nil, err
	}
	// The demo stays one command: the second factor is optional for every role here, while
	// a new production database requires it of administrators and the supervision office.
	policy := luoshi.DefaultSecurityPolicy()
	policy.MFARequiredRoles = []luoshi.Role{}
	if _, err := svc.SetSecurityPolicy(ctx, nil, policy); err != nil {
		return nil, err
	}
	realNow := svc.Now
	svc.Now = func() time.Time { return l.clock }
	defer func() { svc.Now = realNow }()
	for i, spec := range Items {
		if err := l.item(ctx, i, spec); err != nil {
			return nil, fmt.Errorf("demo item %d %q: %w", i, spec.Title, err)
		}
		sum.Items++
	}
	if err := l.recognition(ctx); err != nil {
		return nil, fmt.Errorf("demo commendations and accountability: %w", err)
	}
	if err := l.targets(ctx); err != nil {
		return nil, err
	}
	if err := l.proposals(ctx); err != nil {
		return nil, err
	}
	if err := l.meetings(ctx); err != nil {
		return nil, err
	}
	if err := l.stocktakes(ctx); err != nil {
		return nil, err
	}
	return sum, l.bulletins(ctx)
}

func (l *loader) organisation(ctx context.Context, tx luoshi.Tx, hash string, sum *Summary) error {
	region := &luoshi.Region{Code: RegionCode, Name: RegionName, TZ: service.DefaultTZ, CreatedAt: l.now}
	if err := tx.CreateRegion(ctx, region); err != nil {
		return err
	}
	all := append([]UnitSpec{{Key: OfficeKey, Name: "县人民政府办公室", Kind: KindDepartment}}, Units...)
	for i, u := range all {
		unit := &luoshi.Unit{RegionID: region.ID, Name: u.Name, Kind: u.Kind, CreatedAt: l.now}
		if u.Kind == KindDepartment {
			unit.CreditCode = creditCode(i)
		}
		if err := tx.CreateUnit(ctx, unit); err != nil {
			return err
		}
		l.units[u.Key] = unit.ID
		sum.Units++
	}
	user := func(username, name string, unit int64, role luoshi.Role, leader *int64) error {
		sum.Users++
		return tx.CreateUser(ctx, &luoshi.User{RegionID: region.ID, UnitID: unit, Username: username, Name: name,
			PasswordHash: hash, Roles: []luoshi.Role{role}, LeaderID: leader, CreatedAt: l.now})
	}
	office := l.units[OfficeKey]
	for _, a := range Accounts {
		if err := user(a.Username, a.Name, office, a.Role, nil); err != nil {
			return err
		}
	}
	for i, ls := range Leaders {
		ld := &luoshi.Leader{RegionID: region.ID, Name: ls.Name, Post: ls.Post, Rank: i, AllUnits: len(ls.Portfolio) == 0}
		for _, k := range ls.Portfolio {
			ld.Portfolio = append(ld.Portfolio, l.units[k])
		}
		if err := tx.CreateLeader(ctx, ld); err != nil {
			return err
		}
		l.leader[ls.Key] = ld.ID
		sum.Leaders++
		if err := user(ls.Key, ls.Name, office, luoshi.RoleLeader, &ld.ID); err != nil {
			return err
		}
	}
	for _, u := range all {
		short := strings.TrimPrefix(u.Name, "县")
		if err := user(LiaisonUsername(u.Key), short+"联络员", l.units[u.Key], luoshi.RoleLiaison, nil); err != nil {
			return err
		}
		if err := user(StaffUsername(u.Key), short+"经办人", l.units[u.Key], luoshi.RoleStaff, nil); err != nil {
			return err
		}
	}
	return nil
}

// creditCode makes a valid unified social credit code for the i-th demo organ
// (机关, category 11, region 439001).
func creditCode(i int) string {
	first := fmt.Sprintf("11439001MB%07d", 1000+i*37)
	c, err := luoshi.CreditCodeCheckChar(first)
	if err != nil {
		panic(err)
	}
	return first + string(c)
}
