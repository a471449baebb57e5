package store

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"luoshi/internal/luoshi"
)

// TestPostgresScaleExplain prints the plans PostgreSQL runs for the list and per-unit
// statistics queries — the store's own SQL, through its own code — on the province dataset
// named by LUOSHI_SCALE_POSTGRES (see postgres_scale_test.go), and fails if one of them
// reads the items table sequentially. auto_explain reports each plan to the client as a
// notice (EXPLAIN ANALYZE, BUFFERS); it needs a superuser's LOAD. By hand only:
//
//	LUOSHI_SCALE_POSTGRES=postgres://…/luoshi_scale go test -run PostgresScaleExplain -v ./internal/store/
func TestPostgresScaleExplain(t *testing.T) {
	dsn := os.Getenv("LUOSHI_SCALE_POSTGRES")
	if dsn == "" {
		t.Skip("LUOSHI_SCALE_POSTGRES is not set")
	}
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	var plans []string
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { plans = append(plans, n.Message) }
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	now := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	var region, unit int64
	if err := db.QueryRowContext(ctx, `SELECT region_id, lead_unit_id FROM items WHERE id = (SELECT MAX(id) / 2 FROM items)`).
		Scan(&region, &unit); err != nil {
		t.Fatal(err)
	}
	red, prog := luoshi.LightRed, luoshi.StateInProgress
	cases := []struct {
		name string
		run  func(tx *tx) error
	}{
		{"list: a region's newest items (the office's first page)", func(tx *tx) error {
			_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: region, Now: now, Limit: 50})
			return err
		}},
		{"list: red items", func(tx *tx) error {
			_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: region, Light: &red, Now: now, Limit: 50})
			return err
		}},
		{"list: items in progress", func(tx *tx) error {
			_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: region, State: &prog, Now: now, Limit: 50})
			return err
		}},
		{"list: one unit's items (lead or co-unit)", func(tx *tx) error {
			_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: region, UnitID: &unit, Now: now, Limit: 50})
			return err
		}},
		{"list: what a liaison sees", func(tx *tx) error {
			_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: region, VisibleUnits: []int64{unit}, VisibleLeader: -1,
				Now: now, Limit: 50})
			return err
		}},
		{"list: a liaison's overdue items (the load tool's list)", func(tx *tx) error {
			yes := true
			_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: region, VisibleUnits: []int64{unit}, VisibleLeader: -1,
				Overdue: &yes, Now: now, Limit: 50})
			return err
		}},
		{"per-unit statistics", func(tx *tx) error {
			_, err := tx.UnitStats(ctx, region, now)
			return err
		}},
	}
	for _, c := range cases {
		stx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`LOAD 'auto_explain'`, `SET LOCAL auto_explain.log_min_duration = 0`,
			`SET LOCAL auto_explain.log_analyze = on`, `SET LOCAL auto_explain.log_buffers = on`,
			`SET LOCAL auto_explain.log_timing = on`, `SET LOCAL auto_explain.log_level = notice`} {
			if _, err := stx.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		plans = nil
		if err := c.run(&tx{tx: &sqlTx{Tx: stx}, dialect: DialectPostgres}); err != nil {
			t.Fatal(err)
		}
		stx.Rollback()
		t.Logf("%s (region %d, unit %d):\n%s", c.name, region, unit, strings.Join(plans, "\n"))
		if len(plans) == 0 {
			t.Errorf("%s: no plan reported", c.name)
		}
		for _, p := range plans {
			if strings.Contains(p, "Seq Scan on items") {
				t.Errorf("%s reads the items table sequentially", c.name)
			}
		}
	}
}
