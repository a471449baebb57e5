// Package refuse turns the workflow kernel's refusals into the domain's errors: a module
// names its keys, and gets the hooks its machine needs. It is the one place where the
// kernel (standard library only) meets luoshi's error type.
package refuse

import (
	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

// Keys are a module's message keys for the kernel's refusals.
type Keys struct {
	NotFound   string // the record is not visible: 404
	Forbidden  string // none of the relations holds: 403, with who may ("只有%s…")
	WrongState string // the record's state does not allow it: 409, with the state's name
	// State names a state in messages.
	State func(state string) luoshi.Msg
}

// Fail makes the error of a refusal (flow.Hooks.Fail).
func (k Keys) Fail(why flow.Refusal, action string, arg any) error {
	switch why {
	case flow.UnknownAction:
		return luoshi.Errorf(luoshi.ENOTFOUND, "flow.unknown_action", action)
	case flow.NotVisible:
		return luoshi.Errorf(luoshi.ENOTFOUND, k.NotFound)
	case flow.Forbidden:
		labels := arg.([]flow.Label)
		who := make(luoshi.Either, len(labels))
		for i, l := range labels {
			who[i] = luoshi.M(string(l))
		}
		return luoshi.Errorf(luoshi.EFORBIDDEN, k.Forbidden, who)
	}
	st := arg.(string)
	e := luoshi.Errorf(luoshi.ECONFLICT, k.WrongState, k.State(st))
	e.State = st
	return e
}

// Invalid makes the error of field problems (flow.Hooks.Invalid).
func Invalid(ps []flow.Problem) error {
	var v luoshi.Validation
	for _, p := range ps {
		v.Add(p.Field, p.Key, p.Args...)
	}
	return v.Err()
}
