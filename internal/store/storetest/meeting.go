package storetest

import (
	"reflect"
	"testing"

	"luoshi/internal/luoshi"
)

// testTopics: a topic is stored and read back whole; its update is refused on a stale
// version; lists select by unit (drafting or asked to sign off), state and meeting; its
// events come back in order.
func testTopics(t *testing.T, st luoshi.Store) {
	r := MustCreateRegion(t, st, "420120")
	a := MustCreateUnit(t, st, r.ID, "住建局")
	b := MustCreateUnit(t, st, r.ID, "财政局")
	c := MustCreateUnit(t, st, r.ID, "司法局")
	usr := MustCreateUser(t, st, r.ID, a.ID, "topic_ll", luoshi.RoleLiaison)
	m := &luoshi.Meeting{RegionID: r.ID, Kind: "executive", Title: "常务会议", HeldAt: T0, Chair: "县长",
		Decisions: []luoshi.Decision{}, State: luoshi.MeetingPlanned, Version: 1, CreatedAt: T0, UpdatedAt: T0}
	tp := &luoshi.Topic{RegionID: r.ID, UnitID: a.ID, Title: "供水", Background: "背景", Analysis: "分析",
		Solutions: []luoshi.Solution{{No: 1, Text: "方案", Cost: "1", Effect: "2", Risk: "3"}}, Recommended: 1,
		SignOffs: []luoshi.SignOff{{UnitID: b.ID, Due: T0, RequestedAt: T0}}, NonSecret: true,
		State: luoshi.TopicDraft, Version: 1, CreatedBy: usr.ID, CreatedAt: T0, UpdatedAt: T0}
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		if err := tx.CreateMeeting(t.Context(), m); err != nil {
			return err
		}
		return tx.CreateTopic(t.Context(), tp)
	})
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Topic, error) { return tx.FindTopicByID(t.Context(), tp.ID) })
	if !reflect.DeepEqual(got, tp) {
		t.Fatalf("topic read back:\n%+v\nwant\n%+v", got, tp)
	}
	next := tp.Clone()
	next.State, next.MeetingID, next.Version = luoshi.TopicAccepted, m.ID, 2
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateTopic(t.Context(), next, 1) })
	err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.UpdateTopic(t.Context(), next, 1) })
	if luoshi.ErrorCode(err) != luoshi.ECONFLICT {
		t.Fatalf("stale update: %v", err)
	}
	find := func(f luoshi.TopicFilter) int {
		f.RegionID = r.ID
		return len(MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Topic, error) { return tx.FindTopics(t.Context(), f) }))
	}
	for name, c := range map[string]struct {
		f    luoshi.TopicFilter
		want int
	}{
		"all": {luoshi.TopicFilter{}, 1}, "drafting unit": {luoshi.TopicFilter{UnitID: a.ID}, 1},
		"asked unit": {luoshi.TopicFilter{UnitID: b.ID}, 1}, "other unit": {luoshi.TopicFilter{UnitID: c.ID}, 0},
		"accepted": {luoshi.TopicFilter{State: luoshi.TopicAccepted}, 1}, "draft": {luoshi.TopicFilter{State: luoshi.TopicDraft}, 0},
		"meeting": {luoshi.TopicFilter{MeetingID: m.ID}, 1},
	} {
		if n := find(c.f); n != c.want {
			t.Errorf("%s: %d topics, want %d", name, n, c.want)
		}
	}
	for i, kind := range []string{"created", "accepted"} {
		MustUpdate(t, st, func(tx luoshi.Tx) error {
			return tx.AppendMeetingEvent(t.Context(), &luoshi.MeetingEvent{Record: luoshi.RecordTopic, RecordID: tp.ID, Seq: i + 1,
				Kind: kind, ActorID: usr.ID, At: T0, Data: luoshi.MeetingEventData{MeetingID: m.ID}}, r.ID)
		})
	}
	evs := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.MeetingEvent, error) {
		return tx.FindMeetingEvents(t.Context(), luoshi.RecordTopic, tp.ID)
	})
	if len(evs) != 2 || evs[1].Kind != "accepted" || evs[1].Data.MeetingID != m.ID || !evs[1].At.Equal(T0) {
		t.Fatalf("topic events: %+v", evs)
	}
	err = st.Update(t.Context(), func(tx luoshi.Tx) error {
		return tx.AppendMeetingEvent(t.Context(), &luoshi.MeetingEvent{Record: luoshi.RecordTopic, RecordID: tp.ID, Seq: 2,
			Kind: "again", ActorID: usr.ID, At: T0}, r.ID)
	})
	if err == nil {
		t.Fatal("a second event with the same number was stored")
	}
}

// testMeetings: a meeting with its decisions is stored and read back whole; lists give a
// region's meetings latest first; a stale update is refused.
func testMeetings(t *testing.T, st luoshi.Store) {
	r := MustCreateRegion(t, st, "420121")
	u := MustCreateUnit(t, st, r.ID, "交通局")
	l := MustCreateLeader(t, st, r.ID, "副县长", 2, u.ID)
	older := &luoshi.Meeting{RegionID: r.ID, Kind: "special", Title: "专题会议", HeldAt: T0, Chair: "副县长",
		Decisions: []luoshi.Decision{}, State: luoshi.MeetingPlanned, Version: 1, CreatedAt: T0, UpdatedAt: T0}
	later := &luoshi.Meeting{RegionID: r.ID, Kind: "executive", Title: "常务会议", HeldAt: T0.AddDate(0, 0, 7), Chair: "县长",
		MinutesNo: "〔2026〕3号", Minutes: "纪要", Decisions: []luoshi.Decision{{No: 1, Text: "修路", LeadUnitID: u.ID,
			CoUnitIDs: []int64{}, LeaderID: &l.ID, Deadline: T0.AddDate(0, 3, 0)}},
		State: luoshi.MeetingPlanned, Version: 1, CreatedAt: T0, UpdatedAt: T0}
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		if err := tx.CreateMeeting(t.Context(), older); err != nil {
			return err
		}
		return tx.CreateMeeting(t.Context(), later)
	})
	list := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Meeting, error) { return tx.FindMeetings(t.Context(), r.ID) })
	if len(list) != 2 || list[0].ID != later.ID || !reflect.DeepEqual(list[0], later) {
		t.Fatalf("meetings: %+v", list)
	}
	next := later.Clone()
	next.State, next.Version, next.Decisions[0].ItemID = luoshi.MeetingPublished, 2, 0
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateMeeting(t.Context(), next, 1) })
	if err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.UpdateMeeting(t.Context(), next, 1) }); luoshi.ErrorCode(err) != luoshi.ECONFLICT {
		t.Fatalf("stale update: %v", err)
	}
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Meeting, error) { return tx.FindMeetingByID(t.Context(), later.ID) })
	if got.State != luoshi.MeetingPublished || got.Version != 2 {
		t.Fatalf("meeting after update: %+v", got)
	}
	err := st.View(t.Context(), func(tx luoshi.Tx) error {
		_, err := tx.FindMeetingByID(t.Context(), later.ID+100)
		return err
	})
	if luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
		t.Fatalf("a missing meeting: %v", err)
	}
}
