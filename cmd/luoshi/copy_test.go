package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/bench/gen"
	"luoshi/internal/demo"
	"luoshi/internal/fieldcrypt"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
	"luoshi/internal/store/pgtest"
	"luoshi/internal/xlsx"
)

const copyDemoPassword = "Demo-copy-2026"

// copyClock is the fixed time both sides of a copy test answer at, so that lights and
// schedule statuses cannot differ for the time the copy took.
var copyClock = time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)

type copyEnv struct {
	keys    *fieldcrypt.Keyring
	keyFile string
	// signed: the services sign the audit trail with the key file, as the server does;
	// without it they write the plain chain of a database from before the keyed chain.
	signed bool
}

func newCopyEnv(t *testing.T) *copyEnv {
	t.Helper()
	path := filepath.Join(t.TempDir(), "copy.key")
	if err := fieldcrypt.CreateKeyFile(path); err != nil {
		t.Fatal(err)
	}
	keys, err := fieldcrypt.LoadKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	return &copyEnv{keys: keys, keyFile: path}
}

// open opens a database with the services over it, at the fixed clock.
func (c *copyEnv) open(t *testing.T, dsn string) (*store.DB, *service.Service) {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := service.New(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = func() time.Time { return copyClock }
	svc.Keys, svc.FilesDir, svc.Workbooks = c.keys, t.TempDir(), xlsx.Workbooks{Say: i18n.ZH.Msg}
	svc.Promises = service.PromiseItems{S: svc}
	svc.Decisions = service.DecisionItems{S: svc}
	svc.Commitments = service.StocktakeItems{S: svc}
	if c.signed {
		svc.AuditKeys = c.keys
	}
	svc.Hasher = service.PasswordHasher{Memory: 64, Time: 1, Threads: 1}
	return db, svc
}

// demoCounty writes the demo county into a new SQLite file and returns its DSN.
func (c *copyEnv) demoCounty(t *testing.T) string {
	t.Helper()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "demo.db")
	db, svc := c.open(t, dsn)
	if _, err := demo.Load(context.Background(), svc, copyDemoPassword); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return dsn
}

func runCopy(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := cmdCopy(context.Background(), args, &out, &out)
	return out.String(), err
}

// apiAnswers logs the accounts in and collects the API's answers to what each can read:
// lists with filters, every item the office sees with its timeline and attachments, unit
// statistics, units, leaders, accounts, the calendar and the inbox.
func apiAnswers(t *testing.T, svc *service.Service, users []string, pw string) map[string]string {
	t.Helper()
	srv := httptest.NewServer(httpx.Stack(api.New(svc), nil))
	defer srv.Close()
	get := func(token, path string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	out := map[string]string{}
	for _, u := range users {
		token := login(t, srv.URL, u, pw)
		paths := []string{"/api/v1/me", "/api/v1/units", "/api/v1/leaders", "/api/v1/regions", "/api/v1/users",
			"/api/v1/items?limit=200", "/api/v1/items?light=red&limit=200", "/api/v1/items?state=in_progress&limit=200",
			"/api/v1/items?overdue=true&limit=200", "/api/v1/items?limit=7", "/api/v1/stats/units", "/api/v1/calendar?year=2026",
			"/api/v1/notifications?limit=200", "/api/v1/notifications/unread-count", "/api/v1/deliveries"}
		if u == "duchashi" {
			var page struct {
				Items []struct{ ID int64 } `json:"items"`
			}
			request(t, "GET", srv.URL+"/api/v1/items?limit=200", token, nil, &page)
			if len(page.Items) == 0 {
				t.Fatal("the office lists no items")
			}
			for _, it := range page.Items {
				p := fmt.Sprintf("/api/v1/items/%d", it.ID)
				paths = append(paths, p, p+"/events", p+"/attachments")
			}
		}
		for _, p := range paths {
			st, body := get(token, p)
			out[u+" GET "+p] = fmt.Sprintf("%d %s", st, body)
		}
	}
	return out
}

var demoReaders = []string{"duchashi", "xianzhang", "fxz_wang", "zfb_ll", "fgj_jb", "cgz_ll", "admin"}

// TestCopyDemoSameAnswers is acceptance 3 of the PostgreSQL issue: the demo county, copied
// from SQLite to PostgreSQL, answers every read of the API exactly as before.
func TestCopyDemoSameAnswers(t *testing.T) {
	pg := pgtest.DSN(t)
	c := newCopyEnv(t)
	c.signed = true
	lite := c.demoCounty(t)
	db, svc := c.open(t, lite)
	before := apiAnswers(t, svc, demoReaders, copyDemoPassword)
	db.Close()

	// A signed trail cannot be checked without the key file: the copy is refused, unwritten.
	if out, err := runCopy(t, "--from", lite, "--to", pg); err == nil || !strings.Contains(err.Error(), "audit.chain.no_key") {
		t.Fatalf("a signed trail copied without the key file: %v\n%s", err, out)
	}
	out, err := runCopy(t, "--from", lite, "--to", pg, "--key-file", c.keyFile)
	if err != nil {
		t.Fatalf("copy: %v\n%s", err, out)
	}
	for _, want := range []string{"items in the same state", "audit trail intact", "events"} {
		if !strings.Contains(out, want) {
			t.Errorf("the copy's report does not say %q:\n%s", want, out)
		}
	}
	pdb, psvc := c.open(t, pg)
	if pdb.Dialect() != store.DialectPostgres {
		t.Fatal("the copy is not on PostgreSQL")
	}
	after := apiAnswers(t, psvc, demoReaders, copyDemoPassword)
	if len(after) != len(before) {
		t.Fatalf("%d answers before, %d after", len(before), len(after))
	}
	diffs := 0
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range before {
			if !yield(k) {
				return
			}
		}
	}) {
		if before[k] != after[k] {
			if diffs++; diffs <= 5 {
				t.Errorf("%s answers differently after the copy:\n sqlite   %.400s\n postgres %.400s", k, before[k], after[k])
			}
		}
	}
	t.Logf("%d answers compared, %d differ", len(before), diffs)
	if res, err := psvc.VerifyAudit(context.Background(), nil); err != nil || !res.OK || res.Keyed != res.Records {
		t.Errorf("the copied audit trail: %+v %v", res, err)
	}

	// The target now has data: a second copy is refused and changes nothing.
	n := countItems(t, pg)
	if out, err := runCopy(t, "--from", lite, "--to", pg); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a copy into a database with data: %v\n%s", err, out)
	}
	if out, err := runCopy(t, "--from", lite, "--to", pg, "--merge"); err == nil || !strings.Contains(err.Error(), "already has these regions") {
		t.Errorf("merging a county the target has: %v\n%s", err, out)
	}
	if got := countItems(t, pg); got != n {
		t.Errorf("refused copies changed the items: %d, was %d", got, n)
	}
}

func countItems(t *testing.T, dsn string) int {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM items`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCopyMerge adds a second county to a database that holds the demo county, under a city
// region: every item arrives with the same state, fields, units, leader and timeline under new
// ids, the trail verifies with a record of the import, the county's own accounts work, the
// demo county's do not see it, and the city account reads both.
func TestCopyMerge(t *testing.T) {
	ctx := context.Background()
	pg := pgtest.DSN(t)
	c := newCopyEnv(t)
	c.signed = true
	if out, err := runCopy(t, "--from", c.demoCounty(t), "--to", pg, "--key-file", c.keyFile); err != nil {
		t.Fatalf("copy the demo county: %v\n%s", err, out)
	}
	pdb, psvc := c.open(t, pg)
	var city *luoshi.Region
	err := pdb.Update(ctx, func(tx luoshi.Tx) error {
		city = &luoshi.Region{Code: "439000", Name: "示例市", TZ: service.DefaultTZ, CreatedAt: copyClock}
		return tx.CreateRegion(ctx, city)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := psvc.SetRegionParent(ctx, demo.RegionCode, "439000"); err != nil {
		t.Fatal(err)
	}

	lite := "sqlite:" + filepath.Join(t.TempDir(), "second.db")
	if _, err := gen.Generate(ctx, lite, gen.Options{Scale: gen.Scale{Regions: 1, UnitsPerRegion: 8, Items: 300, Events: 3000},
		Seed: 7, Now: copyClock}); err != nil {
		t.Fatal(err)
	}
	// A little of everything else a county has: an attachment, a sealed phone, a reminder fired.
	_, lsvc := c.open(t, lite)
	sup, err := lsvc.ActorByUsername(ctx, gen.SupervisorUsername(1))
	if err != nil {
		t.Fatal(err)
	}
	page, err := lsvc.ListItems(ctx, sup, luoshi.ItemFilter{Limit: 200})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("second county's items: %v", err)
	}
	if _, err := lsvc.AddAttachment(ctx, sup, page.Items[0].ID, "方案.pdf",
		strings.NewReader("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := lsvc.Act(ctx, sup, page.Items[0].ID, luoshi.Command{Action: luoshi.ActComment, Text: "合并前的意见"}); err != nil {
		t.Fatal(err)
	}

	out, err := runCopy(t, "--from", lite, "--to", pg, "--merge", "--parent-code", "439000", "--key-file", c.keyFile)
	if err != nil {
		t.Fatalf("merge: %v\n%s", err, out)
	}
	sameItems(t, lsvc, psvc, gen.SupervisorUsername(1))
	if res, err := psvc.VerifyAudit(ctx, nil); err != nil || !res.OK {
		t.Fatalf("the merged trail: %+v %v", res, err)
	}
	aud, _ := psvc.ActorByUsername(ctx, "audit")
	imp, err := psvc.SearchAudit(ctx, aud, luoshi.AuditFilter{Action: "region.import", Limit: 10})
	if err != nil || len(imp.Records) != 1 || !strings.Contains(imp.Records[0].Detail, "链头") {
		t.Errorf("the import record: %+v %v", imp, err)
	}
	// The demo county's office does not see the new county; a city account reads both.
	office, _ := psvc.ActorByUsername(ctx, "duchashi")
	mine, err := psvc.ListItems(ctx, office, luoshi.ItemFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range mine.Items {
		if it.RegionID != office.RegionID {
			t.Errorf("the demo office lists item %d of region %d", it.ID, it.RegionID)
		}
	}
	err = pdb.Update(ctx, func(tx luoshi.Tx) error {
		u := &luoshi.Unit{RegionID: city.ID, Name: "市政府督查室", Kind: "department", CreatedAt: copyClock}
		if err := tx.CreateUnit(ctx, u); err != nil {
			return err
		}
		return tx.CreateUser(ctx, &luoshi.User{RegionID: city.ID, UnitID: u.ID, Username: "shi_duchashi", Name: "市督查",
			PasswordHash: "x", Roles: []luoshi.Role{luoshi.RoleCity}, CreatedAt: copyClock})
	})
	if err != nil {
		t.Fatal(err)
	}
	cityActor, _ := psvc.ActorByUsername(ctx, "shi_duchashi")
	regions, err := psvc.ListRegions(ctx, cityActor)
	if err != nil || len(regions) != 3 {
		t.Errorf("the city reads regions %v (%v), want itself and two counties", regions, err)
	}
}

// sameItems compares every item of a county before (SQLite) and after (PostgreSQL) a merge,
// through the services, naming things by code and name since the ids changed.
func sameItems(t *testing.T, before, after *service.Service, supervisor string) {
	t.Helper()
	ctx := context.Background()
	a1, err := before.ActorByUsername(ctx, supervisor)
	if err != nil {
		t.Fatal(err)
	}
	a2, err := after.ActorByUsername(ctx, supervisor)
	if err != nil {
		t.Fatalf("the county's supervisor after the merge: %v", err)
	}
	list := func(svc *service.Service, a *luoshi.Actor) map[string]*service.ItemView {
		out := map[string]*service.ItemView{}
		for cursor := ""; ; {
			p, err := svc.ListItems(ctx, a, luoshi.ItemFilter{Limit: 200, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range p.Items {
				out[v.Code] = v
			}
			if cursor = p.NextCursor; cursor == "" {
				return out
			}
		}
	}
	l1, l2 := list(before, a1), list(after, a2)
	if len(l1) != len(l2) || len(l1) == 0 {
		t.Fatalf("%d items before the merge, %d after", len(l1), len(l2))
	}
	names := func(svc *service.Service, a *luoshi.Actor) map[int64]string {
		units, err := svc.ListUnits(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		m := map[int64]string{}
		for _, u := range units {
			m[u.ID] = u.Name
		}
		return m
	}
	u1, u2 := names(before, a1), names(after, a2)
	for code, x := range l1 {
		y := l2[code]
		if y == nil {
			t.Errorf("item %s is missing after the merge", code)
			continue
		}
		if x.Title != y.Title || x.State != y.State || x.Version != y.Version || x.Light != y.Light || x.Percent != y.Percent ||
			!x.Deadline.Equal(y.Deadline) || u1[x.LeadUnitID] != u2[y.LeadUnitID] || len(x.CoUnitIDs) != len(y.CoUnitIDs) {
			t.Errorf("item %s differs:\n before %+v\n after  %+v", code, x.Item, y.Item)
			continue
		}
		e1, err1 := before.Events(ctx, a1, x.ID)
		e2, err2 := after.Events(ctx, a2, y.ID)
		if err1 != nil || err2 != nil || len(e1) != len(e2) {
			t.Errorf("item %s timeline: %d events (%v) before, %d (%v) after", code, len(e1), err1, len(e2), err2)
			continue
		}
		for i := range e1 {
			if e1[i].Kind != e2[i].Kind || !e1[i].At.Equal(e2[i].At) || e1[i].ActorName != e2[i].ActorName {
				t.Errorf("item %s event %d: %+v before, %+v after", code, i+1, e1[i], e2[i])
			}
		}
		rebuilt, err := item.Rebuild(e2)
		if err != nil || rebuilt.ID != y.ID || rebuilt.LeadUnitID != y.LeadUnitID || rebuilt.State != y.State {
			t.Errorf("item %s does not rebuild from its renumbered events: %+v %v", code, rebuilt, err)
		}
	}
}
