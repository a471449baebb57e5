package scheduler_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/notify/notifytest"
	"luoshi/internal/scheduler"
	"luoshi/internal/service"
	"luoshi/internal/store"
	"luoshi/internal/store/pgtest"
)

// The province-scale dataset of the benchmark: 1,000,000 items in 100 counties of 35 units,
// each with the reminders it owes. The first benchWindows × benchDue items come due a
// minute window at a time after notifytest.Start (80% a deadline an hour away, 20% an
// overdue urgent item to urge); the rest are due months later.
const (
	benchItems   = 1_000_000
	benchRegions = 100
	benchUnits   = 35
	benchDue     = 1000
	benchWindows = 60
)

// dataset is the shape of a generated dataset (see the constants above).
type dataset struct{ items, regions, units, due, windows int }

var province = dataset{benchItems, benchRegions, benchUnits, benchDue, benchWindows}

var (
	benchOnce sync.Once
	benchDir  string
	benchPath string
	benchErr  error
	// benchWindow is the last window a pass has consumed.
	benchWindow int
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchDB builds the dataset once per test binary and returns a fresh copy of it. With
// LUOSHI_BENCH_DB set, the pristine dataset is kept in that file and reused by later runs.
func benchDB(b *testing.B) string {
	benchOnce.Do(func() {
		if benchDir, benchErr = os.MkdirTemp("", "luoshi-bench-"); benchErr != nil {
			return
		}
		pristine := os.Getenv("LUOSHI_BENCH_DB")
		if pristine == "" {
			pristine = filepath.Join(benchDir, "pristine.db")
		}
		if _, err := os.Stat(pristine); err != nil {
			start := time.Now()
			if benchErr = generate(pristine, province); benchErr != nil {
				os.Remove(pristine)
				return
			}
			b.Logf("generated %d items and their reminders in %s", benchItems, time.Since(start).Round(time.Second))
		}
		benchPath = filepath.Join(benchDir, "luoshi.db")
		benchErr = copyFile(pristine, benchPath)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// generate writes the dataset with bulk SQL straight into SQLite.
func generate(path string, ds dataset) error {
	st, err := store.Open(context.Background(), "sqlite:"+path) // the schema
	if err != nil {
		return err
	}
	st.Close()
	// A throw-away load: no journal, no fsync, a big cache; WAL again at the end.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)"+
		"&_pragma=cache_size(-1000000)&_pragma=temp_store(MEMORY)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	t0 := notifytest.Start.UnixMilli()
	iso := func(ms string) string { return `strftime('%Y-%m-%dT%H:%M:%fZ', (` + ms + `) / 1000.0, 'unixepoch')` }
	kinds := fmt.Sprintf(`CASE WHEN i <= %d AND i %% 5 = 0 THEN 'urge' WHEN i <= %d THEN 'soon' ELSE 'later' END`,
		ds.windows*ds.due, ds.windows*ds.due)
	deadline := fmt.Sprintf(`CASE k WHEN 'urge' THEN %[1]d + ((i - 1) / %[2]d + 1) * 60000
		WHEN 'soon' THEN %[1]d + ((i - 1) / %[2]d + 1) * 60000 + 3600000
		ELSE %[1]d + (30 + i %% 300) * 86400000 END`, t0, ds.due)
	stmts := []string{
		fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
			INSERT INTO regions (id, code, name, tz, created_at) SELECT i, printf('43%%04d', i), printf('县%%d', i), 'Asia/Shanghai', %d FROM n`,
			ds.regions, t0),
		fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
			INSERT INTO units (id, region_id, name, kind, created_at) SELECT i, (i - 1) / %d + 1, printf('单位%%d', i), 'department', %d FROM n`,
			ds.regions*ds.units, ds.units, t0),
		`INSERT INTO leaders (id, region_id, name, post, rank, all_units) SELECT id, id, '县长', '县长', 0, TRUE FROM regions`,
		fmt.Sprintf(`INSERT INTO users (id, region_id, unit_id, username, name, password_hash, disabled, created_at)
			SELECT 2 * id - 1 + k, region_id, id, printf('u%%d_%%s', id, CASE k WHEN 0 THEN 'll' ELSE 'jb' END), '联络员', '!', FALSE, %d
			FROM units, (SELECT 0 AS k UNION ALL SELECT 1)`, t0),
		`INSERT INTO user_roles (user_id, role) SELECT id, CASE id % 2 WHEN 1 THEN 'liaison' ELSE 'staff' END FROM users`,
		fmt.Sprintf(`INSERT INTO users (id, region_id, unit_id, username, name, password_hash, leader_id, disabled, created_at)
			SELECT 100000 + id, id, (id - 1) * %d + 1, printf('r%%d_xz', id), '县长', '!', id, FALSE, %d FROM regions`, ds.units, t0),
		`INSERT INTO user_roles (user_id, role) SELECT id, 'leader' FROM users WHERE id > 100000`,
		strings.NewReplacer("{N}", strconv.Itoa(ds.items), "{R}", strconv.Itoa(ds.regions), "{U}", strconv.Itoa(ds.units),
			"{KIND}", kinds, "{DL}", deadline, "{T}", strconv.FormatInt(t0-86_400_000, 10),
			"{DLISO}", iso("dl"), "{TISO}", iso(strconv.FormatInt(t0-86_400_000, 10))).Replace(`
			WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {N}),
			k AS (SELECT i, (i - 1) % {R} + 1 AS r, {KIND} AS k FROM n),
			d AS (SELECT i, r, k, (r - 1) * {U} + (i / {R}) % {U} + 1 AS u, '督办〔2026〕' || i || '号' AS code,
				CASE k WHEN 'later' THEN 'important' ELSE 'urgent' END AS pr, {DL} AS dl FROM k)
			INSERT INTO items (id, region_id, code, title, source, priority, lead_unit_id, leader_id, state, deadline, percent,
				version, created_at, updated_at, doc)
			SELECT i, r, code, '督办事项', 'other', pr, u, r, 'in_progress', dl, 0, 2, {T}, {T},
				json_object('id', i, 'region_id', r, 'code', code, 'title', '督办事项', 'content', '', 'source', 'other',
					'source_ref', '', 'priority', pr, 'lead_unit_id', u, 'co_unit_ids', json('[]'), 'leader_id', r,
					'deadline', {DLISO}, 'milestones', json('[]'), 'report_every', '', 'unclassified', json('true'),
					'state', 'in_progress', 'percent', 0, 'version', 2, 'created_by', 1,
					'created_at', {TISO}, 'updated_at', {TISO}, 'assigned_at', {TISO}, 'accepted_at', {TISO},
					'declines', 0, 'reassignments', 0, 'accountabilities', 0)
			FROM d`),
		// What the event hook would have recorded: the final approaching reminder and the blue
		// urging of every item; the items due soon owe only the approaching one before then.
		fmt.Sprintf(`INSERT INTO reminders (key, region_id, item_id, kind, due_at)
			SELECT printf('i%%d/approaching/d/%%s@%%d', id, CASE priority WHEN 'urgent' THEN '1h' ELSE '1wd' END, deadline),
				region_id, id, 'approaching', deadline - CASE priority WHEN 'urgent' THEN 3600000 ELSE 86400000 END
			FROM items WHERE id > %[1]d OR id %% 5 <> 0`, ds.windows*ds.due),
		fmt.Sprintf(`INSERT INTO reminders (key, region_id, item_id, kind, due_at)
			SELECT printf('i%%d/urge/d/blue@%%d', id, deadline), region_id, id, 'urge', deadline
			FROM items WHERE id > %[1]d OR id %% 5 = 0`, ds.windows*ds.due),
		`INSERT INTO notify_meta (name, value) VALUES ('reminders_backfilled', 'bench')`,
		`ANALYZE`,
		`PRAGMA journal_mode = WAL`,
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%.80s…: %w", q, err)
		}
	}
	return nil
}

// BenchmarkSchedulerPass times one scheduler pass (lease, due reminders through the
// index, firing them with their notices, inbox and outbox rows, urgings as item events)
// over the 1,000,000-item dataset: with nothing due, and with 1,000 due (0.1%).
func BenchmarkSchedulerPass(b *testing.B) {
	path := benchDB(b)
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	svc, err := service.New(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	clock := &notifytest.Clock{}
	svc.Now = clock.Now
	cfg := service.DefaultNotifyConfig()
	cfg.Quiet = luoshi.QuietHours{}
	cfg.Channels = map[luoshi.Channel]bool{luoshi.ChannelWebhook: true, luoshi.ChannelDingTalk: true}
	n, err := service.NewNotifier(svc, cfg)
	if err != nil {
		b.Fatal(err)
	}
	s := scheduler.New(n, time.Minute)
	s.Log = slog.New(slog.NewTextHandler(io.Discard, nil))

	b.Run("due=0", func(b *testing.B) {
		clock.Set(notifytest.Start)
		for b.Loop() {
			if st, ran, err := s.Pass(ctx); err != nil || !ran || st.Fired != 0 {
				b.Fatalf("pass: %+v %v %v", st, ran, err)
			}
		}
	})
	b.Run(fmt.Sprintf("due=%d", benchDue), func(b *testing.B) {
		var cpu time.Duration
		defer func() { b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op") }()
		for b.Loop() {
			b.StopTimer()
			if benchWindow++; benchWindow > benchWindows {
				b.Fatalf("the dataset has %d windows of due reminders; run with -benchtime=%dx or less", benchWindows, benchWindows/2)
			}
			clock.Set(notifytest.Start.Add(time.Duration(benchWindow) * time.Minute))
			b.StartTimer()
			before := cpuTime()
			st, ran, err := s.Pass(ctx)
			cpu += cpuTime() - before
			if err != nil || !ran || st.Fired != benchDue || st.Urged != benchDue/5 {
				b.Fatalf("window %d: %+v %v %v", benchWindow, st, ran, err)
			}
		}
	})
}

// cpuTime is the process's user and system CPU time: the cost of a pass on a machine
// whose other load makes the wall time noisy.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWriteDuringPass is a scheduler pass over 10,000 due reminders (2,000 of them
// urgings, which write item events with their audit records and notices) in a county-sized
// store of 20,000 items, while a one-row write goes through the same store every 5 ms, as
// an API write would: it reports the pass's time and how long those writes took (p50, p99,
// max) — the delay the pass adds to the API's writes. Run it with -benchtime=1x. On
// PostgreSQL (when LUOSHI_TEST_POSTGRES names a database) the dataset is copied into a
// fresh schema with store.Copy, as "luoshi copy" copies a county, before each pass.
func BenchmarkWriteDuringPass(b *testing.B) {
	ds := dataset{items: 20_000, regions: 2, units: 35, due: 10_000, windows: 1}
	pristine := filepath.Join(b.TempDir(), "pristine.db")
	if err := generate(pristine, ds); err != nil {
		b.Fatal(err)
	}
	b.Run("sqlite", func(b *testing.B) {
		writeDuringPass(b, ds, func(b *testing.B) *store.DB {
			path := filepath.Join(b.TempDir(), "luoshi.db")
			if err := copyFile(pristine, path); err != nil {
				b.Fatal(err)
			}
			return openStore(b, "sqlite:"+path)
		})
	})
	b.Run("postgres", func(b *testing.B) {
		writeDuringPass(b, ds, func(b *testing.B) *store.DB {
			ctx := context.Background()
			src := openStore(b, "sqlite:"+pristine)
			defer src.Close()
			dst := openStore(b, pgtest.DSN(b))
			if _, err := store.Copy(ctx, src, dst, store.CopyOptions{AuditChain: service.NewAuditChain(nil), Log: io.Discard}); err != nil {
				dst.Close()
				b.Fatal(err)
			}
			return dst
		})
	})
}

func openStore(b *testing.B, dsn string) *store.DB {
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// writeDuringPass measures passes over fresh stores that open gives.
func writeDuringPass(b *testing.B, ds dataset, open func(*testing.B) *store.DB) {
	ctx := context.Background()
	var waits []time.Duration
	var passes time.Duration
	for b.Loop() {
		b.StopTimer()
		st := open(b)
		svc, err := service.New(ctx, st)
		if err != nil {
			b.Fatal(err)
		}
		clock := &notifytest.Clock{}
		svc.Now = clock.Now
		clock.Set(notifytest.Start.Add(time.Minute))
		cfg := service.DefaultNotifyConfig()
		cfg.Quiet = luoshi.QuietHours{}
		n, err := service.NewNotifier(svc, cfg)
		if err != nil {
			b.Fatal(err)
		}
		s := scheduler.New(n, time.Minute)
		s.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
		b.StartTimer()

		done := make(chan error, 1)
		start := time.Now()
		go func() {
			ps, ran, err := s.Pass(ctx)
			if err == nil && (!ran || ps.Fired != ds.due) {
				err = fmt.Errorf("pass: %+v, ran %v", ps, ran)
			}
			done <- err
		}()
		tick := time.NewTicker(5 * time.Millisecond)
	writes:
		for i := 0; ; i++ {
			select {
			case err := <-done:
				if err != nil {
					b.Fatal(err)
				}
				break writes
			case <-tick.C:
			}
			t0 := time.Now()
			err := st.Update(ctx, func(tx luoshi.Tx) error { return tx.PutNotifyMeta(ctx, "bench_write", strconv.Itoa(i)) })
			if err != nil {
				b.Fatal(err)
			}
			waits = append(waits, time.Since(t0))
		}
		passes += time.Since(start)
		tick.Stop()
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	slices.Sort(waits)
	if len(waits) == 0 {
		b.Fatal("no write during the pass")
	}
	at := func(q float64) float64 { return float64(waits[int(q*float64(len(waits)-1))]) / 1e6 }
	b.ReportMetric(float64(passes.Milliseconds())/float64(b.N), "pass-ms")
	b.ReportMetric(at(0.5), "write-p50-ms")
	b.ReportMetric(at(0.99), "write-p99-ms")
	b.ReportMetric(at(1), "write-max-ms")
	b.ReportMetric(float64(len(waits)), "writes")
}
