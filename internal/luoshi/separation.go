package luoshi

import "slices"

// HoldsAdmin reports whether roles include one of the three administrator roles.
func HoldsAdmin(roles []Role) bool { return slices.ContainsFunc(roles, Role.Admin) }

// Administrator reports whether the account holds one of the three administrator roles,
// whose credentials no other administrator resets (三员分立).
func (u *User) Administrator() bool { return HoldsAdmin(u.Roles) }
