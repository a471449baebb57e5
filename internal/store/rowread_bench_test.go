package store

import (
	"context"
	"database/sql/driver"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkRowRead: what one statement costs on SQLite at its cheapest — a row of twelve
// columns with an 800-byte document, read by its primary key, as the writer's statements run
// (a statement prepared on the pool and bound to the transaction, a context that cannot be
// cancelled), the same with a context that can be (database/sql then watches it with a
// goroutine a query, as for a request's reads), and through the driver's own interface on
// the transaction's connection. It is the floor under the writer's dozen statements a report
// (docs/performance.md, "The write tail, taken apart").
//
//	go test ./internal/store -run '^$' -bench RowRead
func BenchmarkRowRead(b *testing.B) {
	db, err := Open(b.Context(), "sqlite:"+filepath.Join(b.TempDir(), "luoshi.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	const rows = 10000
	doc := `{"title":"` + strings.Repeat("落实", 130) + `"}`
	if _, err := db.w.Exec(`CREATE TABLE scratch_items (id INTEGER PRIMARY KEY, doc TEXT NOT NULL, version INTEGER NOT NULL,
		lead BIGINT NOT NULL, leader BIGINT, state TEXT NOT NULL, deadline BIGINT NOT NULL, on_time BOOLEAN,
		yellow BIGINT, red BIGINT, behind BIGINT, ahead BIGINT);
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
		INSERT INTO scratch_items SELECT i, $2, 1, i % 40, NULL, 'in_progress', i * 1000, NULL, i, NULL, i, -1 FROM n`,
		rows, doc); err != nil {
		b.Fatal(err)
	}
	const q = `SELECT id, doc, version, lead, leader, state, deadline, on_time, yellow, red, behind, ahead
		FROM scratch_items WHERE id = $1`
	st, err := db.r.PrepareContext(b.Context(), q)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	r := rand.New(rand.NewPCG(1, 2))
	read := func(b *testing.B, ctx context.Context) {
		x, err := db.r.BeginTx(b.Context(), nil)
		if err != nil {
			b.Fatal(err)
		}
		defer x.Rollback()
		var id, version, lead, deadline int64
		var d, state string
		var leader, yellow, red, behind, ahead, onTime any
		for b.Loop() {
			if err := x.StmtContext(ctx, st).QueryRowContext(ctx, 1+r.Int64N(rows)).Scan(&id, &d, &version, &lead,
				&leader, &state, &deadline, &onTime, &yellow, &red, &behind, &ahead); err != nil {
				b.Fatal(err)
			}
		}
		if len(d) != len(doc) {
			b.Fatalf("read a document of %d bytes, want %d", len(d), len(doc))
		}
	}
	b.Run("tx", func(b *testing.B) { read(b, context.Background()) })
	b.Run("cancellable", func(b *testing.B) { read(b, b.Context()) })
	b.Run("driver", func(b *testing.B) {
		conn, err := db.r.Conn(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		err = conn.Raw(func(dc any) error {
			ds, err := dc.(driver.ConnPrepareContext).PrepareContext(context.Background(), q)
			if err != nil {
				return err
			}
			defer ds.Close()
			dest := make([]driver.Value, 12)
			for b.Loop() {
				rs, err := ds.(driver.StmtQueryContext).QueryContext(context.Background(),
					[]driver.NamedValue{{Ordinal: 1, Value: 1 + r.Int64N(rows)}})
				if err != nil {
					return err
				}
				n := 0
				for ; ; n++ {
					if err := rs.Next(dest); err == io.EOF {
						break
					} else if err != nil {
						return err
					}
				}
				if err := rs.Close(); err != nil {
					return err
				}
				if n != 1 {
					b.Fatalf("%d rows, want 1", n)
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	})
}
