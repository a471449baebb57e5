package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

// BenchmarkInsertID: an event's INSERT on SQLite as insertID sends it (the id read from the
// connection after the statement) against the same INSERT with RETURNING id, each in a write
// transaction of 200 rows through the store's writer.
//
//	go test ./internal/store -run '^$' -bench InsertID
func BenchmarkInsertID(b *testing.B) {
	db, err := Open(b.Context(), "sqlite:"+filepath.Join(b.TempDir(), "luoshi.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.w.Exec(`CREATE TABLE scratch_events (id INTEGER PRIMARY KEY AUTOINCREMENT, item_id BIGINT NOT NULL,
		seq INTEGER NOT NULL, kind TEXT NOT NULL, at BIGINT NOT NULL, payload TEXT NOT NULL, UNIQUE (item_id, seq));
		CREATE INDEX scratch_events_kind ON scratch_events (kind, at)`); err != nil {
		b.Fatal(err)
	}
	const q = `INSERT INTO scratch_events (item_id, seq, kind, at, payload) VALUES ($1, $2, $3, $4, $5)`
	payload := `{"item":{"title":"` + strings.Repeat("落实", 100) + `"}}`
	seq := int64(0)
	run := func(b *testing.B, insert func(x *tx, seq int64) (int64, error)) {
		for b.Loop() {
			err := db.Update(context.Background(), func(lt luoshi.Tx) error {
				x := lt.(*tx)
				for range 200 {
					seq++
					id, err := insert(x, seq)
					if err != nil {
						return err
					}
					if id != seq {
						b.Fatalf("id %d, want %d", id, seq)
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/200/1000, "µs/insert")
	}
	b.Run("insertID", func(b *testing.B) {
		run(b, func(x *tx, seq int64) (int64, error) {
			return x.insertID(context.Background(), q, seq, 1, "created", seq, payload)
		})
	})
	b.Run("returning", func(b *testing.B) {
		run(b, func(x *tx, seq int64) (int64, error) {
			var id int64
			err := x.tx.QueryRowContext(context.Background(), q+" RETURNING id", seq, 1, "created", seq, payload).Scan(&id)
			return id, err
		})
	})
}
