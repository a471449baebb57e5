package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Pool sizes per luoshi process on PostgreSQL. Writes are serialised by the write lock, so a
// few write connections keep the next writer ready without holding server backends idle;
// reads run in parallel. Four processes stay within PostgreSQL's default 100 connections.
const (
	pgWriteConns = 4
	pgReadConns  = 16
)

// openPostgres opens a PostgreSQL database: a write pool and a read pool on the primary,
// and a read pool on the replica when one is named. The DSN is pgx's: a URL
// (postgres://user:password@host:5432/db?sslmode=disable&search_path=luoshi) or keyword/value
// pairs; parameters pgx does not know are sent to the server as settings.
func openPostgres(ctx context.Context, dsn string, o options) (*DB, error) {
	trips := &tripCounter{}
	w, err := openPGPool(ctx, dsn, pgWriteConns, false, trips)
	if err != nil {
		return nil, err
	}
	r, err := openPGPool(ctx, dsn, pgReadConns, false, nil)
	if err != nil {
		w.Close()
		return nil, err
	}
	if err := ping(ctx, w, dsn); err != nil { // the same server as r
		w.Close()
		r.Close()
		return nil, err
	}
	db := &DB{w: w, r: r, dialect: DialectPostgres, trips: trips, ids: pgIDs{}}
	db.startWriter()
	db.startStatsKeeper()
	if o.replica != "" {
		if db.replica, err = openPGPool(ctx, o.replica, pgReadConns, true, nil); err == nil {
			err = ping(ctx, db.replica, o.replica)
		}
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("replica: %w", err)
		}
	}
	if o.noMigrate {
		return db, nil
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, db.keep(err) // a standby or a read-only database: refused, naming the cause
	}
	if err := db.checkReplica(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openPGPool(_ context.Context, dsn string, conns int, readOnly bool, trips *tripCounter) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if trips != nil {
		cfg.Tracer = trips
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "luoshi"
	}
	if cfg.ConnectTimeout == 0 {
		// Without one a server gone from the network holds a request for the system's TCP
		// timeout (minutes); with one, a dashboard falls back from a lost replica in seconds.
		cfg.ConnectTimeout = 5 * time.Second
	}
	if readOnly {
		// A replica refuses writes anyway; this also refuses them on a replica DSN that
		// points at a primary by mistake.
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(time.Hour)
	return db, nil
}

// tripCounter counts the statements a pool's connections send, each a round trip to the
// server (a simple query of several statements is one): what a write costs on PostgreSQL
// beyond its work, counted by DB.RoundTrips.
type tripCounter struct{ n atomic.Int64 }

func (c *tripCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *tripCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TraceBatchStart counts a batch (a write group's pipeline, pgpipe.go): one round trip.
func (c *tripCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *tripCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

func (c *tripCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// RoundTrips is the number of statements the write pool has sent to PostgreSQL since Open
// (0 on SQLite, which has no round trips): the difference over one Update is its round trips,
// the group's BEGIN and COMMIT included.
func (db *DB) RoundTrips() int64 {
	if db.trips == nil {
		return 0
	}
	return db.trips.n.Load()
}

// ping fails early, naming the server, when it cannot be reached.
func ping(ctx context.Context, db *sql.DB, dsn string) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("postgres %s: %w", redact(dsn), err)
	}
	return nil
}

// replicaWait is how long Open waits for the replica to replay the migrations it just ran.
const replicaWait = 5 * time.Second

// checkReplica makes sure the replica serves this schema: a replica of another database,
// or one far behind, would answer lists from the wrong data. It gives a standby a moment to
// replay migrations just applied on the primary.
func (db *DB) checkReplica(ctx context.Context) error {
	if db.replica == nil {
		return nil
	}
	var want sql.NullInt64
	if err := db.r.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&want); err != nil {
		return err
	}
	deadline := time.Now().Add(replicaWait)
	for {
		var got sql.NullInt64
		err := db.replica.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&got)
		if err == nil && got.Int64 == want.Int64 {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("replica: no luoshi schema there: %w", err)
			}
			return fmt.Errorf("replica: schema version %d, primary %d: is it a replica of this database?", got.Int64, want.Int64)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// ResetSequences moves every identity sequence past the largest id in its table, after rows
// were written with their ids given (a copy, a bulk load). SQLite needs nothing: its
// AUTOINCREMENT counter follows the largest id inserted.
func (db *DB) ResetSequences(ctx context.Context) error {
	if db.dialect != DialectPostgres {
		return nil
	}
	rows, err := db.w.QueryContext(ctx, `SELECT table_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES' ORDER BY table_name`)
	if err != nil {
		return err
	}
	tables, err := collect(rows, func(s interface{ Scan(...any) error }) (string, error) {
		var t string
		return t, s.Scan(&t)
	})
	if err != nil {
		return err
	}
	var errs []error
	for _, t := range tables {
		_, err := db.w.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'),
			COALESCE((SELECT MAX(id) FROM `+t+`), 0) + 1, false)`, t)
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
