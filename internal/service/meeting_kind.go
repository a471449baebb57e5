package service

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"luoshi/internal/luoshi"
)

// MeetingKindInput is what saving a region's meeting kind takes: its code (a new one, or one
// the region has), its name (required for a kind of the region's own; empty keeps a
// built-in kind's catalogue name) and whether it is retired.
type MeetingKindInput struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Retired bool   `json:"retired"`
}

// MaxMeetingKindName is the longest name of a meeting kind, in characters.
const MaxMeetingKindName = 30

var kindCode = regexp.MustCompile(`^[a-z][a-z0-9_]{1,29}$`)

// kindsOf is the region's meeting kinds: those it configured, or the built-in three.
func kindsOf(ctx context.Context, tx luoshi.Tx, region int64) ([]luoshi.MeetingKind, error) {
	ks, err := tx.FindMeetingKinds(ctx, region)
	if err != nil || len(ks) > 0 {
		return ks, err
	}
	return luoshi.DefaultMeetingKinds(region), nil
}

// kindLabel names a kind among the region's; a kind unknown to them (never expected) by its
// catalogue key.
func kindLabel(kinds []luoshi.MeetingKind, code string) luoshi.Msg {
	if i := slices.IndexFunc(kinds, func(k luoshi.MeetingKind) bool { return k.Code == code }); i >= 0 {
		return kinds[i].Label()
	}
	return luoshi.M("meeting.kind." + code)
}

// MeetingKinds lists the kinds of meeting of the actor's region, retired ones included.
func (s *Service) MeetingKinds(ctx context.Context, a *luoshi.Actor) ([]luoshi.MeetingKind, error) {
	var out []luoshi.MeetingKind
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		out, err = kindsOf(ctx, tx, a.RegionID)
		return err
	})
	return out, err
}

// SaveMeetingKind adds a kind of meeting to the region, renames one or retires it: the
// system administrator only. The first change stores the built-in three with it, so that the
// region's list is whole; a retired kind stays on the meetings held under it, and the last
// kind in use cannot be retired.
func (s *Service) SaveMeetingKind(ctx context.Context, a *luoshi.Actor, in MeetingKindInput) ([]luoshi.MeetingKind, error) {
	if !a.Has(luoshi.RoleSysadmin) {
		return nil, forbidden("meeting_kind.forbidden")
	}
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	var out []luoshi.MeetingKind
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		kinds, err := kindsOf(ctx, tx, a.RegionID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(kinds, func(k luoshi.MeetingKind) bool { return k.Code == in.Code })
		if err := checkKind(kinds, i, in); err != nil {
			return err
		}
		if i < 0 {
			kinds = append(kinds, luoshi.MeetingKind{RegionID: a.RegionID, Code: in.Code, Position: len(kinds) + 1})
			i = len(kinds) - 1
		}
		kinds[i].Name, kinds[i].Retired = in.Name, in.Retired
		for _, k := range kinds {
			if err := tx.PutMeetingKind(ctx, k); err != nil {
				return err
			}
		}
		detail, _ := json.Marshal(kinds[i])
		out = kinds
		return s.audit(ctx, tx, a, "meeting_kind.save", "meeting_kind:"+in.Code, luoshi.OutcomeSuccess, string(detail))
	})
	return out, err
}

// checkKind checks a kind's change against the region's kinds, i the index of its code (or
// -1 for a new one).
func checkKind(kinds []luoshi.MeetingKind, i int, in MeetingKindInput) error {
	var v luoshi.Validation
	builtin := slices.Contains(luoshi.MeetingKinds, in.Code)
	switch {
	case in.Code == "":
		v.Add("code", "meeting_kind.code.missing")
	case i < 0 && !kindCode.MatchString(in.Code):
		v.Add("code", "meeting_kind.code.invalid")
	}
	checkText(&v, "name", in.Name, luoshi.M("meeting_kind.field.name"), MaxMeetingKindName, !builtin)
	if in.Name != "" && slices.ContainsFunc(kinds, func(k luoshi.MeetingKind) bool { return k.Code != in.Code && k.Name == in.Name }) {
		v.Add("name", "meeting_kind.name.taken", in.Name)
	}
	if in.Retired && !slices.ContainsFunc(kinds, func(k luoshi.MeetingKind) bool { return k.Code != in.Code && !k.Retired }) {
		v.Add("retired", "meeting_kind.last")
	}
	return v.Err()
}
