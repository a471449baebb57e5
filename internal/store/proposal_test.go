package store_test

import (
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/store"
	"luoshi/internal/store/storetest"
)

// TestProposalEventsAppendOnly: a proposal's events cannot be changed or removed, even by
// SQL written behind the store's back, on either database.
func TestProposalEventsAppendOnly(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			dsn, raw := reopenable(t, d.name)
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			r := storetest.MustCreateRegion(t, db, "420117")
			u := storetest.MustCreateUnit(t, db, r.ID, "交通局")
			usr := storetest.MustCreateUser(t, db, r.ID, u.ID, "clerk", luoshi.RoleLiaison)
			s := &luoshi.ProposalSession{RegionID: r.ID, Name: "会议", Kind: luoshi.KindCPPCCProposal, Year: 2026, ReplyMonths: 3, RehandleMonths: 3}
			p := &luoshi.Proposal{RegionID: r.ID, Kind: luoshi.KindCPPCCProposal, Number: 1, Title: "提案", State: luoshi.ProposalReceived, Version: 1}
			storetest.MustUpdate(t, db, func(tx luoshi.Tx) error {
				if err := tx.CreateProposalSession(t.Context(), s); err != nil {
					return err
				}
				p.SessionID = s.ID
				if err := tx.CreateProposal(t.Context(), p); err != nil {
					return err
				}
				return tx.AppendProposalEvent(t.Context(), &luoshi.ProposalEvent{ProposalID: p.ID, Kind: "created", ActorID: usr.ID}, r.ID)
			})
			sqlDB := raw()
			defer sqlDB.Close()
			if _, err := sqlDB.Exec(`UPDATE proposal_events SET kind = 'forged'`); err == nil {
				t.Error("an event was rewritten")
			}
			if _, err := sqlDB.Exec(`DELETE FROM proposal_events`); err == nil {
				t.Error("an event was deleted")
			}
		})
	}
}

// TestMeetingEventsAppendOnly: a topic's and a meeting's events cannot be changed or removed,
// even by SQL written behind the store's back, on either database.
func TestMeetingEventsAppendOnly(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			dsn, raw := reopenable(t, d.name)
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			r := storetest.MustCreateRegion(t, db, "420117")
			u := storetest.MustCreateUnit(t, db, r.ID, "交通局")
			usr := storetest.MustCreateUser(t, db, r.ID, u.ID, "clerk", luoshi.RoleLiaison)
			m := &luoshi.Meeting{RegionID: r.ID, Kind: "executive", State: luoshi.MeetingPlanned, Version: 1}
			tp := &luoshi.Topic{RegionID: r.ID, UnitID: u.ID, State: luoshi.TopicDraft, Version: 1}
			storetest.MustUpdate(t, db, func(tx luoshi.Tx) error {
				if err := tx.CreateMeeting(t.Context(), m); err != nil {
					return err
				}
				if err := tx.CreateTopic(t.Context(), tp); err != nil {
					return err
				}
				if err := tx.AppendMeetingEvent(t.Context(), &luoshi.MeetingEvent{Record: luoshi.RecordMeeting, RecordID: m.ID, Seq: 1, Kind: "created", ActorID: usr.ID}, r.ID); err != nil {
					return err
				}
				return tx.AppendMeetingEvent(t.Context(), &luoshi.MeetingEvent{Record: luoshi.RecordTopic, RecordID: tp.ID, Seq: 1, Kind: "created", ActorID: usr.ID}, r.ID)
			})
			sqlDB := raw()
			defer sqlDB.Close()
			for _, table := range []string{"meeting_events", "topic_events"} {
				if _, err := sqlDB.Exec(`UPDATE ` + table + ` SET kind = 'forged'`); err == nil {
					t.Errorf("%s: an event was rewritten", table)
				}
				if _, err := sqlDB.Exec(`DELETE FROM ` + table); err == nil {
					t.Errorf("%s: an event was deleted", table)
				}
			}
		})
	}
}

// TestStocktakeEventsAppendOnly: a stocktake's events cannot be changed or removed, and a
// closed stocktake cannot be changed, even by SQL written behind the store's back, on either
// database.
func TestStocktakeEventsAppendOnly(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			dsn, raw := reopenable(t, d.name)
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			r := storetest.MustCreateRegion(t, db, "420117")
			u := storetest.MustCreateUnit(t, db, r.ID, "督查室")
			usr := storetest.MustCreateUser(t, db, r.ID, u.ID, "office", luoshi.RoleSupervisor)
			l := storetest.MustCreateLeader(t, db, r.ID, "县长", 1)
			s := &luoshi.Stocktake{RegionID: r.ID, LeaderID: l.ID, Date: storetest.T0, State: luoshi.StocktakeOpen, Version: 1}
			storetest.MustUpdate(t, db, func(tx luoshi.Tx) error {
				if err := tx.CreateStocktake(t.Context(), s); err != nil {
					return err
				}
				s.State, s.Version = luoshi.StocktakeClosed, 2
				if err := tx.UpdateStocktake(t.Context(), s, 1); err != nil {
					return err
				}
				return tx.AppendStocktakeEvent(t.Context(), &luoshi.StocktakeEvent{StocktakeID: s.ID, Seq: 1, Kind: "generated", ActorID: usr.ID}, r.ID)
			})
			sqlDB := raw()
			defer sqlDB.Close()
			for _, q := range []string{`UPDATE stocktake_events SET kind = 'forged'`, `DELETE FROM stocktake_events`,
				`UPDATE stocktakes SET doc = '{}'`, `DELETE FROM stocktakes`} {
				if _, err := sqlDB.Exec(q); err == nil {
					t.Errorf("%s went through", q)
				}
			}
		})
	}
}
