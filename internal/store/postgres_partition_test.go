package store_test

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/store"
	"luoshi/internal/store/pgtest"
	"luoshi/internal/store/storetest"
)

// docSQL returns the SQL block of docs/scaling.md that follows the marker
// "<!-- test: name -->", so that the DDL the document gives is the DDL tested here.
func docSQL(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/scaling.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "<!-- test: "+name+" -->")
	if !ok {
		t.Fatalf("docs/scaling.md has no block marked %q", name)
	}
	_, rest, _ = strings.Cut(rest, "```sql\n")
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatalf("docs/scaling.md: the block %q does not end", name)
	}
	return block
}

// TestPostgresEventsPartitioned runs the conformance suite on PostgreSQL with the events
// table partitioned by time, as docs/scaling.md tells how: the store's SQL is unchanged, and
// a duplicate (item, seq) is still refused as a conflict.
func TestPostgresEventsPartitioned(t *testing.T) {
	pgtest.Base(t)
	ddl := docSQL(t, "partition-events")
	storetest.Run(t, func(t *testing.T) luoshi.Store {
		dsn := pgtest.DSN(t)
		db, err := store.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.ExecContext(t.Context(), ddl); err != nil {
			t.Fatalf("the partitioning DDL of docs/scaling.md: %v", err)
		}
		var kind string
		if err := raw.QueryRowContext(t.Context(), `SELECT relkind FROM pg_class WHERE oid = 'events'::regclass`).Scan(&kind); err != nil || kind != "p" {
			t.Fatalf("events is %q (%v), want a partitioned table", kind, err)
		}
		// Every index the migrations give events is on the partitioned table too.
		var missing string
		if err := raw.QueryRowContext(t.Context(), `SELECT COALESCE(string_agg(name, ', '), '') FROM
			(VALUES ('events_item_seq'), ('events_region_kind')) AS want(name)
			WHERE NOT EXISTS (SELECT 1 FROM pg_indexes WHERE tablename = 'events' AND indexname = want.name)`).Scan(&missing); err != nil {
			t.Fatal(err)
		}
		if missing != "" {
			t.Fatalf("the partitioned events table lacks %s", missing)
		}
		return db
	})
}
