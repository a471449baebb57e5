package luoshi

// Role is what a user may do (DOMAIN.md, "Roles").
type Role string

// The roles. The first three are the separation of duties (三员分立).
const (
	RoleSysadmin   Role = "sysadmin"
	RoleSecadmin   Role = "secadmin"
	RoleAuditor    Role = "auditor"
	RoleSupervisor Role = "supervisor"
	RoleLeader     Role = "leader"
	RoleLiaison    Role = "liaison"
	RoleStaff      Role = "staff"
	RoleDeputy     Role = "deputy"
	// RoleNPCOffice and RoleCPPCCOffice are the congress's and the CPPCC's offices (人大选联工委,
	// 政协提案委): they import their kind of proposals and read all of it.
	RoleNPCOffice   Role = "npc_office"
	RoleCPPCCOffice Role = "cppcc_office"
	// RoleCity reads, and only reads, the supervision work of the regions below its own
	// (a city's or a province's supervision office over its counties).
	RoleCity Role = "city"
)

// Roles lists every role.
var Roles = []Role{RoleSysadmin, RoleSecadmin, RoleAuditor, RoleSupervisor, RoleLeader,
	RoleLiaison, RoleStaff, RoleDeputy, RoleCity, RoleNPCOffice, RoleCPPCCOffice}

// AdminRoles are the three roles of the separation of duties; none may be held with another.
var AdminRoles = []Role{RoleSysadmin, RoleSecadmin, RoleAuditor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, o := range Roles {
		if r == o {
			return true
		}
	}
	return false
}

// Admin reports whether r is one of the three administrator roles.
func (r Role) Admin() bool {
	return r == RoleSysadmin || r == RoleSecadmin || r == RoleAuditor
}

// ValidateRoles checks a set of roles: known, no duplicates, and no administrator role held
// together with any other role (三员分立).
func ValidateRoles(roles []Role) error {
	seen := map[Role]bool{}
	admin := 0
	for _, r := range roles {
		if !r.Valid() {
			return Invalid("roles", "role.unknown", string(r))
		}
		if seen[r] {
			return Invalid("roles", "role.repeated", string(r))
		}
		seen[r] = true
		if r.Admin() {
			admin++
		}
	}
	if admin > 0 && len(roles) > 1 {
		return Invalid("roles", "role.separation")
	}
	return nil
}

// Actor is the authenticated user on whose behalf a service call runs.
type Actor struct {
	UserID   int64
	Username string
	Name     string
	RegionID int64
	UnitID   int64
	Roles    []Role
	// LeaderID is the leader record of a user with the leader role; Post the leader's post
	// (县长), which the pages show before the name.
	LeaderID int64
	Post     string
	// Portfolio is the set of units the leader oversees; AllUnits for the county head.
	Portfolio []int64
	AllUnits  bool
	// SessionID is the session the request came with; Pending what its login still owes.
	SessionID int64
	Pending   string
	// CSRF is the session's token that unsafe cookie-authenticated requests must echo.
	CSRF string
	// ReadRegions are the regions below the actor's own (descendants in the region tree)
	// whose work a city account reads; never written to.
	ReadRegions []int64
}

// Has reports whether the actor holds role r.
func (a *Actor) Has(r Role) bool {
	for _, o := range a.Roles {
		if o == r {
			return true
		}
	}
	return false
}

// Oversees reports whether the actor, as a leader, oversees unit u.
func (a *Actor) Oversees(u int64) bool {
	if !a.Has(RoleLeader) {
		return false
	}
	if a.AllUnits {
		return true
	}
	for _, p := range a.Portfolio {
		if p == u {
			return true
		}
	}
	return false
}

// SeesBusiness reports whether the actor may see business data at all; the three
// administrators may not.
func (a *Actor) SeesBusiness() bool {
	return a.Has(RoleSupervisor) || a.Has(RoleLeader) || a.Has(RoleLiaison) || a.Has(RoleStaff)
}

// CanSeeItem reports whether the actor may read the item: the supervision office sees its
// whole region, a leader the units of the portfolio (and items naming them), a unit's liaison
// and staff the items their unit leads or helps with.
func (a *Actor) CanSeeItem(it *Item) bool {
	if it.RegionID != a.RegionID {
		return false
	}
	if a.Has(RoleSupervisor) {
		return true
	}
	if a.Has(RoleLeader) {
		if a.AllUnits || (it.LeaderID != nil && *it.LeaderID == a.LeaderID) || a.Oversees(it.LeadUnitID) {
			return true
		}
		for _, u := range it.CoUnitIDs {
			if a.Oversees(u) {
				return true
			}
		}
	}
	if a.Has(RoleLiaison) || a.Has(RoleStaff) {
		return it.Involves(a.UnitID)
	}
	return false
}

// ReadsRegion reports whether the actor may read the business data of region id: its own
// region, or as a city account a region below it. What it may do there is another question:
// a region below is read-only.
func (a *Actor) ReadsRegion(id int64) bool {
	if id == a.RegionID {
		return true
	}
	if !a.Has(RoleCity) {
		return false
	}
	for _, r := range a.ReadRegions {
		if r == id {
			return true
		}
	}
	return false
}

// CanReadItem reports whether the actor may read the item: as CanSeeItem allows, or as a
// city account reading the item's region below its own. Only reads use it; every change
// goes through CanSeeItem and the rules, which give a city account nothing.
func (a *Actor) CanReadItem(it *Item) bool {
	return a.CanSeeItem(it) || (it.RegionID != a.RegionID && a.ReadsRegion(it.RegionID))
}

// LeadLiaison reports whether the actor is a liaison of the item's lead unit.
func (a *Actor) LeadLiaison(it *Item) bool {
	return a.Has(RoleLiaison) && a.UnitID == it.LeadUnitID
}

// LeadStaff reports whether the actor is staff of the item's lead unit.
func (a *Actor) LeadStaff(it *Item) bool {
	return a.Has(RoleStaff) && a.UnitID == it.LeadUnitID
}
