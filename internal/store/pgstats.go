package store

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// PostgreSQL plans its statements from the tables' statistics, and keeps the plan of a
// prepared statement (and of a foreign key's check) for the connection's life until they
// change. A table that was empty when last analyzed — reminders, notices, inbox and deliveries
// in a county just copied, which the first back-fill and pass then fill with tens of
// thousands of rows — is planned as if it still were: the reminder sync of every report
// hashed all of reminders (5 ms instead of 0.1), each inbox row's key check scanned all of
// notices (docs/performance.md, "PostgreSQL write throughput"). Autovacuum would analyze them
// in time when it runs; the store does not wait for it: statsKeeper analyzes, every
// statsEvery while writes go on, the tables that hold more than twice the rows their
// statistics say (and at least statsMinRows). Tables whose rows only change (the data
// version, the audit head) are left alone: re-planning on their account would gain nothing.

// statsEvery and statsMinRows: how often the store looks, and the least change it acts on.
const (
	statsEvery   = 5 * time.Second
	statsMinRows = 1000
)

// staleStats are the tables whose statistics are far behind their rows.
const staleStats = `SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
	WHERE s.schemaname = current_schema() AND s.n_live_tup > GREATEST($1, 2 * c.reltuples)
	ORDER BY s.relname`

// startStatsKeeper runs statsKeeper until the writer stops.
func (db *DB) startStatsKeeper() {
	db.statsDone = make(chan struct{})
	go db.statsKeeper()
}

func (db *DB) statsKeeper() {
	defer close(db.statsDone)
	t := time.NewTicker(statsEvery)
	defer t.Stop()
	var seen int64 = -1
	for {
		select {
		case <-db.closing:
			return
		case <-t.C:
		}
		if n := db.commits.Load(); n != seen {
			seen = n
			if err := db.analyzeStale(); err != nil {
				slog.Warn("postgres: statistics not refreshed", "err", err)
				return // not allowed (not the tables' owner), or the server is gone: autovacuum's task
			}
		}
	}
}

// analyzeStale analyzes the tables whose statistics are far behind (staleStats).
func (db *DB) analyzeStale() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := db.w.QueryContext(ctx, staleStats, statsMinRows)
	if err != nil {
		return err
	}
	tables, err := collect(rows, func(s interface{ Scan(...any) error }) (string, error) {
		var t string
		return t, s.Scan(&t)
	})
	if err != nil || len(tables) == 0 {
		return err
	}
	start := time.Now()
	for _, t := range tables {
		// ANALYZE takes no lock that writes or reads wait for; it runs beside the writer.
		if _, err := db.w.ExecContext(ctx, `ANALYZE `+pgx.Identifier{t}.Sanitize()); err != nil {
			return err
		}
	}
	slog.Info("postgres: statistics refreshed", "tables", tables, "took", time.Since(start).Round(time.Millisecond))
	return nil
}
