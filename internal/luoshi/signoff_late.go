package luoshi

import "time"

// OwedSignOff is a sign-off (会签意见) a unit was asked for on a meeting topic, for the
// collaboration figures: asked at RequestedAt, due at Due, given at At (nil while not given).
type OwedSignOff struct {
	UnitID      int64
	TopicID     int64
	RequestedAt time.Time
	Due         time.Time
	At          *time.Time
}

// OwedSignOffs lists the sign-offs the topics asked for in [from, to).
func OwedSignOffs(topics []*Topic, from, to time.Time) []OwedSignOff {
	var out []OwedSignOff
	for _, t := range topics {
		for _, s := range t.SignOffs {
			if !s.RequestedAt.Before(from) && s.RequestedAt.Before(to) {
				out = append(out, OwedSignOff{UnitID: s.UnitID, TopicID: t.ID, RequestedAt: s.RequestedAt, Due: s.Due, At: s.SignedAt})
			}
		}
	}
	return out
}

// CountSignOffs adds the sign-offs asked for in [from, to) to the report's units, as the
// co-unit opinions are counted: given by the due time (on time), after it (late), or not at
// all once it has passed (missing, counted at now); one still within its time is pending. A
// unit asked only for sign-offs gets a row of its own.
func (r *CollabReport) CountSignOffs(owed []OwedSignOff, from, to, now time.Time) {
	rows := map[int64]int{}
	for i, u := range r.Units {
		rows[u.UnitID] = i
	}
	for _, o := range owed {
		if o.RequestedAt.Before(from) || !o.RequestedAt.Before(to) {
			continue
		}
		i, ok := rows[o.UnitID]
		if !ok {
			r.Units = append(r.Units, UnitCollab{UnitID: o.UnitID})
			i = len(r.Units) - 1
			rows[o.UnitID] = i
		}
		u := &r.Units[i]
		u.SignOffsRequested++
		switch {
		case o.At != nil && o.At.After(o.Due):
			u.SignOffsLate++
		case o.At != nil:
			u.SignOffsOnTime++
		case now.After(o.Due):
			u.SignOffsMissing++
		}
	}
	sortCollabUnits(r.Units)
}
