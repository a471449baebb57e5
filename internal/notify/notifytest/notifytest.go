// Package notifytest sets up what the tests of reminders and notifications share: a real
// database (SQLite in a temporary directory, or a fresh PostgreSQL schema), the services
// with a movable clock and a notifier, and a small county with a supervisor, a responsible
// leader and two units.
package notifytest

import (
	"context"
	"database/sql"
	"luoshi/internal/i18n"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
	"luoshi/internal/store/pgtest"
)

// Clock is a movable clock, safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// Shanghai is the region's zone.
var Shanghai, _ = time.LoadLocation(service.DefaultTZ)

// Start is Monday 2026-11-02 09:00 in Shanghai, a working day.
var Start = time.Date(2026, 11, 2, 9, 0, 0, 0, Shanghai)

// Databases lists the databases the tests run on: SQLite always, PostgreSQL when
// LUOSHI_TEST_POSTGRES names one (and, under LUOSHI_REQUIRE_POSTGRES=1, it must).
func Databases(tb testing.TB) []string {
	if os.Getenv(pgtest.Env) != "" || os.Getenv(pgtest.RequireEnv) == "1" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// Env is a luoshi over one database. Open gives a second Env on the same database, as a
// second process would have.
type Env struct {
	TB    testing.TB
	DSN   string
	Path  string // the SQLite file, "" on PostgreSQL
	DB    *store.DB
	Svc   *service.Service
	N     *service.Notifier
	Clock *Clock
	Cfg   service.NotifyConfig
	// Region, Units (O: the office, A and B), Users (sup, admin, lead, a_ll, a_jb, b_ll) and
	// the responsible leader of the county's items.
	Region   int64
	Units    map[string]int64
	Users    map[string]int64
	LeaderID int64
}

// New opens a fresh SQLite database with the county and a notifier with cfg.
func New(tb testing.TB, cfg service.NotifyConfig) *Env { return NewOn(tb, "sqlite", cfg) }

// NewOn is New on the named database, "sqlite" or "postgres".
func NewOn(tb testing.TB, database string, cfg service.NotifyConfig) *Env {
	tb.Helper()
	e := &Env{TB: tb, Clock: &Clock{t: Start}, Cfg: cfg, Units: map[string]int64{}, Users: map[string]int64{}}
	if database == "postgres" {
		e.DSN = pgtest.DSN(tb)
	} else {
		e.Path = filepath.Join(tb.TempDir(), "luoshi.db")
		e.DSN = "sqlite:" + e.Path
	}
	e.open()
	e.seed()
	return e
}

// Open returns a second Env on the same database file and clock, with its own store,
// services and notifier: another process.
func (e *Env) Open() *Env {
	e.TB.Helper()
	o := *e
	o.open()
	return &o
}

// Restart closes the store and opens the file again, as a process that died and came back.
func (e *Env) Restart() {
	e.TB.Helper()
	e.DB.Close()
	e.open()
}

func (e *Env) open() {
	ctx := context.Background()
	db, err := store.Open(ctx, e.DSN)
	if err != nil {
		e.TB.Fatal(err)
	}
	e.TB.Cleanup(func() { db.Close() })
	svc, err := service.New(ctx, db)
	if err != nil {
		e.TB.Fatal(err)
	}
	svc.Now = e.Clock.Now
	svc.Hasher = service.PasswordHasher{Memory: 64, Time: 1, Threads: 1}
	svc.Texts = i18n.ZH
	n, err := service.NewNotifier(svc, e.Cfg)
	if err != nil {
		e.TB.Fatal(err)
	}
	e.DB, e.Svc, e.N = db, svc, n
}

func (e *Env) seed() {
	ctx := context.Background()
	err := e.DB.Update(ctx, func(tx luoshi.Tx) error {
		r := &luoshi.Region{Code: "439001", Name: "示例县", TZ: service.DefaultTZ, CreatedAt: Start}
		if err := tx.CreateRegion(ctx, r); err != nil {
			return err
		}
		e.Region = r.ID
		for _, k := range []string{"O", "A", "B"} {
			u := &luoshi.Unit{RegionID: r.ID, Name: "单位" + k, Kind: "department", CreatedAt: Start}
			if err := tx.CreateUnit(ctx, u); err != nil {
				return err
			}
			e.Units[k] = u.ID
		}
		l := &luoshi.Leader{RegionID: r.ID, Name: "王副县长", Post: "副县长", Portfolio: []int64{e.Units["A"]}}
		if err := tx.CreateLeader(ctx, l); err != nil {
			return err
		}
		e.LeaderID = l.ID
		for _, u := range []struct {
			name, unit string
			role       luoshi.Role
		}{{"sup", "O", luoshi.RoleSupervisor}, {"admin", "O", luoshi.RoleSysadmin}, {"lead", "O", luoshi.RoleLeader},
			{"a_ll", "A", luoshi.RoleLiaison}, {"a_jb", "A", luoshi.RoleStaff}, {"b_ll", "B", luoshi.RoleLiaison}} {
			usr := &luoshi.User{RegionID: r.ID, UnitID: e.Units[u.unit], Username: u.name, Name: "用户" + u.name,
				PasswordHash: "!", Roles: []luoshi.Role{u.role}, CreatedAt: Start}
			if u.role == luoshi.RoleLeader {
				usr.LeaderID = &l.ID
			}
			if err := tx.CreateUser(ctx, usr); err != nil {
				return err
			}
			e.Users[u.name] = usr.ID
		}
		return nil
	})
	if err != nil {
		e.TB.Fatal(err)
	}
}

// Actor loads a user as an actor.
func (e *Env) Actor(username string) *luoshi.Actor {
	e.TB.Helper()
	a, err := e.Svc.ActorByUsername(context.Background(), username)
	if err != nil {
		e.TB.Fatalf("actor %s: %v", username, err)
	}
	return a
}

// MustCreateItem creates an item assigned to unit A, with co-unit B and the leader
// responsible, due at deadline.
func (e *Env) MustCreateItem(priority luoshi.Priority, deadline time.Time) *service.ItemView {
	e.TB.Helper()
	yes := true
	in := service.ItemInput{Title: "城区燃气管道更新改造", Content: "完成老旧燃气管道更新。", Source: string(luoshi.SourceOther),
		Priority: string(priority), LeadUnitID: e.Units["A"], CoUnitIDs: []int64{e.Units["B"]}, LeaderID: &e.LeaderID,
		Deadline: deadline, Assign: true, Unclassified: &yes}
	v, err := e.Svc.CreateItem(context.Background(), e.Actor("sup"), in)
	if err != nil {
		e.TB.Fatalf("create item: %v", err)
	}
	return v
}

// MustAct carries out a command on the item as the user.
func (e *Env) MustAct(username string, id int64, cmd luoshi.Command) *service.ItemView {
	e.TB.Helper()
	v, err := e.Svc.Act(context.Background(), e.Actor(username), id, cmd)
	if err != nil {
		e.TB.Fatalf("%s %s item %d: %v", username, cmd.Action, id, err)
	}
	return v
}

// Inbox returns the titles of the user's notifications, oldest first.
func (e *Env) Inbox(username string) []string {
	e.TB.Helper()
	page, err := e.Svc.Inbox(context.Background(), e.Actor(username), false, 200, "")
	if err != nil {
		e.TB.Fatal(err)
	}
	var out []string
	for i := len(page.Notifications) - 1; i >= 0; i-- {
		out = append(out, page.Notifications[i].Notice.Title)
	}
	return out
}

// Events returns the item's events.
func (e *Env) Events(id int64) []luoshi.Event {
	e.TB.Helper()
	var evs []luoshi.Event
	err := e.DB.View(context.Background(), func(tx luoshi.Tx) error {
		var err error
		evs, err = tx.FindEvents(context.Background(), id)
		return err
	})
	if err != nil {
		e.TB.Fatal(err)
	}
	return evs
}

// Count runs a COUNT query straight on the database, for checks the API does not offer.
func (e *Env) Count(query string, args ...any) int {
	e.TB.Helper()
	driver, source := "sqlite", "file:"+e.Path+"?_pragma=busy_timeout(10000)"
	if e.Path == "" {
		driver, source = "pgx", e.DSN
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		e.TB.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		e.TB.Fatalf("%s: %v", query, err)
	}
	return n
}

// SetPrefs sets a user's contact details and preferences.
func (e *Env) SetPrefs(username string, in service.NotifyPrefsInput) {
	e.TB.Helper()
	a := e.Actor(username)
	if _, err := e.Svc.SetNotifyPrefs(context.Background(), a, a.UserID, in); err != nil {
		e.TB.Fatal(err)
	}
}
