package api_test

import (
	"testing"

	"luoshi/internal/service"
)

// TestWriteRoundTrips counts the statements one create and one report send to PostgreSQL,
// each alone in its write group (BEGIN and COMMIT included), with the notifier wired as the
// server wires it: on PostgreSQL a statement is a round trip, and the writer runs the
// groups one after another, so these counts bound how many writes a second one server
// keeps up (docs/performance.md, "PostgreSQL writes"). A change that adds a statement to
// either fails here and says so.
func TestWriteRoundTrips(t *testing.T) {
	if !onPostgres() {
		t.Skip("round trips are PostgreSQL's; SQLite has none")
	}
	e := newEnv(t)
	if _, err := service.NewNotifier(e.svc, service.DefaultNotifyConfig()); err != nil {
		t.Fatal(err)
	}
	body := e.newItem("routine", start.AddDate(0, 2, 0))
	report := map[string]any{"text": "已完成现场踏勘和问题摸排。", "percent": 40}
	trips := func(fn func()) int64 {
		before := e.db.RoundTrips()
		fn()
		return e.db.RoundTrips() - before
	}
	// A first create and report prepare the statements on the write connection (pgx keeps
	// them per connection); the counts are of the second, as a running server sends them.
	for range 2 {
		e.act("a_ll", e.mustCreate(body).ID, "accept", nil, 200)
	}
	e.token("a_ll")
	e.token("sup")
	var id int64
	created := trips(func() { id = e.mustCreate(body).ID })
	e.act("a_ll", id, "accept", nil, 200)
	reported := trips(func() { e.act("a_ll", id, "report", report, 200) })
	t.Logf("round trips: create %d, report %d", created, reported)
	for _, c := range []struct {
		name      string
		got, want int64
	}{{"create", created, maxCreateTrips}, {"report", reported, maxReportTrips}} {
		if c.got > c.want {
			t.Errorf("%s: %d round trips to PostgreSQL, want at most %d", c.name, c.got, c.want)
		}
	}
}

// The round trips of a create (assigned at once, one co-unit, its notice to two units'
// accounts) and of a report, each a group of one.
// A batch of the write group's pipeline (store/pgpipe.go) is one round trip.
const (
	maxCreateTrips = 7 // 34 before issue 15's pgwrite branch, 16 after it, 7 with the pipeline (pgbatch)
	maxReportTrips = 4 // 17, 9, 4: BEGIN, the item with the lock, audit head and savepoint, the rest with the UPDATE, COMMIT
)
