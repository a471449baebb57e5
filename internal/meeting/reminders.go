package meeting

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// Reminders are the reminders a topic owes as it stands: for each sign-off asked and not
// given while the topic is drafted, one to the unit asked, luoshi.OpinionLead before its
// due time (half its time when it was asked with less than twice that), as a co-unit
// opinion on an item is reminded. Opinion holds the unit; the key names the topic, the due
// time, the lead and the unit, so that a sign-off asked again makes a new reminder.
func Reminders(t *luoshi.Topic) []luoshi.Reminder {
	if t.State != luoshi.TopicDraft && t.State != luoshi.TopicReturned {
		return nil
	}
	var out []luoshi.Reminder
	for _, s := range t.SignOffs {
		if s.SignedAt != nil {
			continue
		}
		lead := min(luoshi.OpinionLead, s.Due.Sub(s.RequestedAt)/2).Round(time.Minute)
		r := luoshi.Reminder{RegionID: t.RegionID, Kind: luoshi.ReminderSignOff, Target: s.Due, DueAt: s.Due.Add(-lead),
			Lead: strconv.Itoa(int(lead/time.Minute)) + "m", Opinion: int(s.UnitID)}
		r.Key = fmt.Sprintf("t%d/%s@%s/%s/u%d", t.ID, r.Kind, s.Due.UTC().Format("20060102T150405"), r.Lead, s.UnitID)
		out = append(out, r)
	}
	return out
}

// ReminderTopic is the topic a topic reminder's key names; 0 for another key.
func ReminderTopic(key string) int64 {
	s, ok := strings.CutPrefix(key, "t")
	if !ok {
		return 0
	}
	s, _, _ = strings.Cut(s, "/")
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}
