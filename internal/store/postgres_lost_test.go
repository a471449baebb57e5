package store_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/store"
	"luoshi/internal/store/pgtest"
	"luoshi/internal/store/storetest"
)

// The connection to PostgreSQL lost under an open store, as a restart or a failover loses
// it (the failover test, cmd/luoshi TestFailover, does it with real clusters): a TCP proxy
// stands for the server and is cut.

// proxied opens a store whose primary (or replica, when replica is true) is reached through
// a proxy, and returns both.
func proxied(t *testing.T, replica bool) (*store.DB, *proxy, string) {
	t.Helper()
	dsn := pgtest.DSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	px := startProxy(t, u.Host)
	target := u.Host
	u.Host = px.addr()
	var db *store.DB
	if replica {
		db, err = store.Open(t.Context(), dsn, store.WithReplica(u.String()))
	} else {
		db, err = store.Open(t.Context(), u.String())
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, px, target
}

// TestReplicaLostMidRead: a stale read whose replica connection dies between two of its
// statements runs again on the primary, and answers.
func TestReplicaLostMidRead(t *testing.T) {
	ctx := t.Context()
	db, px, _ := proxied(t, true)
	storetest.MustCreateRegion(t, db, "110000")
	runs, got := 0, 0
	err := db.View(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) error {
		runs++
		rs, err := tx.FindRegions(ctx)
		if err != nil {
			return err
		}
		if runs == 1 {
			if px.served() == 0 {
				return errors.New("the first run did not read the replica")
			}
			px.close()
			if _, err := tx.FindRegions(ctx); err != nil {
				return err
			}
			return errors.New("the replica answered through a cut connection")
		}
		got = len(rs)
		return nil
	})
	if err != nil || runs != 2 || got != 1 {
		t.Fatalf("the read with the replica lost under it: %v, %d runs, %d regions", err, runs, got)
	}
}

// TestPrimaryLost: with the primary's connections cut, writes and reads fail with a 503
// naming the database (never a bare error, a 500), and succeed again once it is back,
// without reopening the store.
func TestPrimaryLost(t *testing.T) {
	ctx := t.Context()
	db, px, target := proxied(t, false)
	storetest.MustCreateRegion(t, db, "110000")
	write := func(code string) error { return createRegion(db, code) }
	read := func() error {
		return db.View(ctx, func(tx luoshi.Tx) error {
			_, err := tx.FindRegions(ctx)
			return err
		})
	}
	px.close() // the pools' connections die; new ones are refused
	wantUnreachable(t, "a write with the primary gone", write("120000"))
	wantUnreachable(t, "a read with the primary gone", read())

	px = startProxyOn(t, px.addr(), target) // back, where the store looks for it
	resumes(t, "a write", func() error { return write("130000") })
	resumes(t, "a read", read)
}

// wantUnreachable fails t unless err is the 503 of a database that cannot be reached.
func wantUnreachable(t *testing.T, what string, err error) {
	t.Helper()
	if e, ok := luoshi.AsError(err); !ok || e.Code != luoshi.EUNAVAILABLE || e.Key != store.KeyUnreachable {
		t.Fatalf("%s: got %v, want %s (%s)", what, err, luoshi.EUNAVAILABLE, store.KeyUnreachable)
	}
}

// TestCommitLost: a write whose connection is lost as its COMMIT goes out is answered with
// the 503 that says it may or may not be kept (store.commit_unknown) — here it was not: the
// server never saw the COMMIT — and the next write goes through.
func TestCommitLost(t *testing.T) {
	db, px, _ := proxied(t, false)
	px.cutOn([]byte("COMMIT"))
	err := createRegion(db, "120000")
	if e, ok := luoshi.AsError(err); !ok || e.Code != luoshi.EUNAVAILABLE || e.Key != store.KeyCommitUnknown {
		t.Fatalf("a write whose commit's connection was lost: got %v, want %s (%s)", err, luoshi.EUNAVAILABLE, store.KeyCommitUnknown)
	}
	px.cutOn(nil)
	resumes(t, "a write", func() error { return createRegion(db, "130000") })
}

// TestCommitLostWithStatements: the group's COMMIT goes in one round trip with the
// statements its last member left (its audit record here); a connection lost then answers
// the whole group store.commit_unknown, and the connection, left inside the transaction, is
// not used again.
func TestCommitLostWithStatements(t *testing.T) {
	db, px, _ := proxied(t, false)
	ctx := context.Background()
	chain := &luoshi.AuditChain{Hash: func(prev string, r *luoshi.AuditRecord) string { return prev + "." + r.Target }}
	write := func(code string) error {
		return db.Update(ctx, func(tx luoshi.Tx) error {
			if err := tx.CreateRegion(ctx, &luoshi.Region{Code: code, Name: "区", TZ: "Asia/Shanghai", CreatedAt: storetest.T0}); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, &luoshi.AuditRecord{At: storetest.T0, ActorName: "test", Action: "region.created",
				Target: "audit-" + code, Outcome: luoshi.OutcomeSuccess}, chain)
		})
	}
	if err := write("110000"); err != nil {
		t.Fatal(err)
	}
	// COMMIT is prepared on the connection by the first write: its batch is told by the record.
	px.cutOn([]byte("audit-120000"))
	err := write("120000")
	if e, ok := luoshi.AsError(err); !ok || e.Code != luoshi.EUNAVAILABLE || e.Key != store.KeyCommitUnknown {
		t.Fatalf("a write whose audit record went with the lost COMMIT: got %v, want %s (%s)", err, luoshi.EUNAVAILABLE, store.KeyCommitUnknown)
	}
	px.cutOn(nil)
	resumes(t, "a write", func() error { return write("130000") })
	var targets []string
	storetest.MustRead(t, db, func(tx luoshi.Tx) (any, error) {
		return nil, tx.ScanAudit(ctx, func(r *luoshi.AuditRecord) error {
			targets = append(targets, r.Target)
			return nil
		})
	})
	if fmt.Sprint(targets) != "[audit-110000 audit-130000]" { // the server never saw the lost COMMIT
		t.Errorf("audit records: %v, want [audit-110000 audit-130000]", targets)
	}
}

func createRegion(db *store.DB, code string) error {
	ctx := context.Background()
	return db.Update(ctx, func(tx luoshi.Tx) error {
		return tx.CreateRegion(ctx, &luoshi.Region{Code: code, Name: "区", TZ: "Asia/Shanghai", CreatedAt: storetest.T0})
	})
}

// resumes expects op to succeed within a few tries. Each pooled connection that died may
// fail one statement more (database/sql finds it dead only by using it); each such failure
// must be the 503 of an unreachable database.
func resumes(t *testing.T, what string, op func() error) {
	t.Helper()
	var err error
	for range 20 {
		if err = op(); err == nil {
			return
		}
		wantUnreachable(t, what+" as the database comes back", err)
	}
	t.Fatalf("%s did not succeed again: %v", what, err)
}
