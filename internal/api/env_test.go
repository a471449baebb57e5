package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/fieldcrypt"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
	"luoshi/internal/store/pgtest"
	"luoshi/internal/xlsx"

	_ "modernc.org/sqlite" // raw access to the test database behind the store's back
)

const testPassword = "Test-pass-2026"

// clock is a movable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// env is a running API over a real database (SQLite, or PostgreSQL when the run is the
// PostgreSQL one: see TestMain) with a small county: units A, B, C (and D in a second
// region), and accounts for each role.
type env struct {
	t       *testing.T
	srv     *httptest.Server
	svc     *service.Service
	db      *store.DB
	path    string // the SQLite file; empty on PostgreSQL
	dsn     string // the store's DSN
	clock   *clock
	units   map[string]int64
	regions map[string]int64 // by code: 439000 the city above the counties 439001 and 439002
	ids     map[string]int64 // user ids
	tok     map[string]string
	mu      sync.Mutex
}

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// start is a Monday morning, 2026-11-02 09:00 in Shanghai.
var start = time.Date(2026, 11, 2, 9, 0, 0, 0, shanghai)

// openTestDB opens a fresh database of the run's kind: a SQLite file in a temporary
// directory, or a fresh PostgreSQL schema dropped when the test ends.
func openTestDB(t *testing.T) (db *store.DB, dsn, path string) {
	t.Helper()
	if onPostgres() {
		dsn = pgtest.DSN(t)
	} else {
		// A fuzz input's test name holds "#" (FuzzAPIWrite/seed#0), and so does its
		// directory: the store opens such a path as it is (store.SQLiteDSN).
		path = filepath.Join(t.TempDir(), "test.db")
		dsn = "sqlite:" + path
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dsn, path
}

// raw opens the test database behind the store's back, for tests that tamper with it or
// check what it holds; the caller closes it.
func (e *env) raw() *sql.DB {
	e.t.Helper()
	driver, source := "sqlite", store.SQLiteDSN(e.path, nil)
	if e.path == "" {
		driver, source = "pgx", e.dsn
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		e.t.Fatal(err)
	}
	return db
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	db, dsn, path := openTestDB(t)
	svc, err := service.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: start}
	svc.Now = c.Now
	svc.Hasher = service.PasswordHasher{Memory: 64, Time: 1, Threads: 1}
	svc.Workbooks = xlsx.Workbooks{Say: i18n.ZH.Msg}
	svc.Promises = service.PromiseItems{S: svc}
	svc.Decisions = service.DecisionItems{S: svc}
	svc.Commitments = service.StocktakeItems{S: svc}
	svc.Texts = i18n.ZH
	keyFile := filepath.Join(t.TempDir(), "test.key")
	if err := fieldcrypt.CreateKeyFile(keyFile); err != nil {
		t.Fatal(err)
	}
	if svc.Keys, err = fieldcrypt.LoadKeyring(keyFile); err != nil {
		t.Fatal(err)
	}
	// The audit trail is signed with keys derived from the key file, as the server does.
	svc.AuditKeys = svc.Keys.(*fieldcrypt.Keyring)
	// Most tests are about the workflow: the second factor is optional here, as in the demo
	// county; the security tests set the production policy themselves.
	policy := luoshi.DefaultSecurityPolicy()
	policy.MFARequiredRoles = []luoshi.Role{}
	if _, err := svc.SetSecurityPolicy(ctx, nil, policy); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, svc: svc, db: db, path: path, dsn: dsn, clock: c, units: map[string]int64{}, ids: map[string]int64{}, tok: map[string]string{}}
	e.seed(ctx)
	e.srv = httptest.NewServer(httpx.Stack(api.New(svc), nil))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) seed(ctx context.Context) {
	hash, err := e.svc.Hasher.Hash(testPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	err = e.db.Update(ctx, func(tx luoshi.Tx) error {
		// Two counties and a city; the tests that need the counties under the city put
		// them there (cityAbove).
		city := &luoshi.Region{Code: "439000", Name: "市439000", TZ: "Asia/Shanghai", CreatedAt: start}
		if err := tx.CreateRegion(ctx, city); err != nil {
			return err
		}
		regions := map[string]int64{"439000": city.ID}
		for _, code := range []string{"439001", "439002"} {
			r := &luoshi.Region{Code: code, Name: "县" + code, TZ: "Asia/Shanghai", CreatedAt: start}
			if err := tx.CreateRegion(ctx, r); err != nil {
				return err
			}
			regions[code] = r.ID
		}
		e.regions = regions
		for _, u := range []struct{ key, region string }{{"O", "439001"}, {"A", "439001"}, {"B", "439001"}, {"C", "439001"},
			{"D", "439002"}, {"M", "439000"}} {
			unit := &luoshi.Unit{RegionID: regions[u.region], Name: "单位" + u.key, Kind: "department", CreatedAt: start}
			if err := tx.CreateUnit(ctx, unit); err != nil {
				return err
			}
			e.units[u.key] = unit.ID
		}
		head := &luoshi.Leader{RegionID: regions["439001"], Name: "县长", Post: "县长", AllUnits: true}
		deputy := &luoshi.Leader{RegionID: regions["439001"], Name: "副县长", Post: "副县长", Portfolio: []int64{e.units["A"]}}
		head2 := &luoshi.Leader{RegionID: regions["439002"], Name: "县二县长", Post: "县长", AllUnits: true}
		for _, l := range []*luoshi.Leader{head, deputy, head2} {
			if err := tx.CreateLeader(ctx, l); err != nil {
				return err
			}
		}
		users := []struct {
			name, unit string
			role       luoshi.Role
			leader     *int64
		}{
			{"sup", "O", luoshi.RoleSupervisor, nil}, {"admin", "O", luoshi.RoleSysadmin, nil},
			{"sec", "O", luoshi.RoleSecadmin, nil}, {"aud", "O", luoshi.RoleAuditor, nil},
			{"head", "O", luoshi.RoleLeader, &head.ID}, {"deputy", "O", luoshi.RoleLeader, &deputy.ID},
			{"a_ll", "A", luoshi.RoleLiaison, nil}, {"a_jb", "A", luoshi.RoleStaff, nil},
			{"b_ll", "B", luoshi.RoleLiaison, nil}, {"c_ll", "C", luoshi.RoleLiaison, nil},
			{"d_sup", "D", luoshi.RoleSupervisor, nil}, {"d_ll", "D", luoshi.RoleLiaison, nil},
			{"dep", "O", luoshi.RoleDeputy, nil}, {"victim", "C", luoshi.RoleStaff, nil},
			{"city", "M", luoshi.RoleCity, nil},
		}
		for _, u := range users {
			region := regions["439001"]
			switch u.unit {
			case "D":
				region = regions["439002"]
			case "M":
				region = regions["439000"]
			}
			usr := &luoshi.User{RegionID: region, UnitID: e.units[u.unit], Username: u.name, Name: "用户" + u.name,
				PasswordHash: hash, Roles: []luoshi.Role{u.role}, LeaderID: u.leader, CreatedAt: start}
			if err := tx.CreateUser(ctx, usr); err != nil {
				return err
			}
			e.ids[u.name] = usr.ID
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// token logs the user in once and caches the token.
func (e *env) token(user string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if tk, ok := e.tok[user]; ok {
		return tk
	}
	var res struct{ Token string }
	status := e.do("", "POST", "/api/v1/login", map[string]string{"username": user, "password": testPassword}, &res)
	if status != 200 || res.Token == "" {
		e.t.Fatalf("login %s: status %d", user, status)
	}
	e.tok[user] = res.Token
	return res.Token
}

// call sends a request as user ("" for anonymous) and decodes the answer into out.
func (e *env) call(user, method, path string, body any, out any) int {
	e.t.Helper()
	return e.do(e.liveToken(user), method, path, body, out)
}

// liveToken is the user's token ("" for anonymous). A session that timed out while the test
// moved the clock is renewed by logging in again.
func (e *env) liveToken(user string) string {
	e.t.Helper()
	if user == "" {
		return ""
	}
	if !e.alive(user) {
		e.mu.Lock()
		delete(e.tok, user)
		e.mu.Unlock()
	}
	return e.token(user)
}

// alive reports whether the user's cached session still authenticates at the test clock.
func (e *env) alive(user string) bool {
	e.mu.Lock()
	tk, ok := e.tok[user]
	e.mu.Unlock()
	if !ok {
		return false
	}
	_, err := e.svc.Authenticate(context.Background(), tk)
	return err == nil
}

func (e *env) do(token, method, path string, body any, out any) int {
	e.t.Helper()
	a := e.send(token, "", method, path, body)
	if out != nil && len(a.body) > 0 && strings.Contains(a.ctype, "json") {
		if err := json.Unmarshal(a.body, out); err != nil {
			e.t.Fatalf("%s %s: status %d, decode %q: %v", method, path, a.status, a.body, err)
		}
	}
	return a.status
}

// answer is an HTTP answer as it came: status, content type and body bytes.
type answer struct {
	status int
	ctype  string
	body   []byte
}

// send sends a request with the token ("" for none) and the Accept-Language header ("" for
// none) and reads the whole answer.
func (e *env) send(token, lang, method, path string, body any) answer {
	e.t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case rawBody:
		rd, ctype = bytes.NewReader(b.data), b.ctype
	case string:
		rd = bytes.NewBufferString(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), body: data}
}

// item is the API's view of an item, as much as the tests read.
type item struct {
	ID              int64      `json:"id"`
	Code            string     `json:"code"`
	State           string     `json:"state"`
	Light           string     `json:"light"`
	ScheduleStatus  string     `json:"schedule_status"`
	Percent         int        `json:"percent"`
	Deadline        time.Time  `json:"deadline"`
	LeadUnitID      int64      `json:"lead_unit_id"`
	CoUnitIDs       []int64    `json:"co_unit_ids"`
	NextReportDue   *time.Time `json:"next_report_due"`
	DeclineDeadline *time.Time `json:"decline_deadline"`
	OnTime          *bool      `json:"on_time"`
	Rating          string     `json:"rating"`
	Actions         []string   `json:"actions"`
	Title           string     `json:"title"`
}

type problem struct {
	Status int                 `json:"status"`
	Detail string              `json:"detail"`
	Code   string              `json:"code"`
	State  string              `json:"state"`
	Errors []luoshi.FieldError `json:"errors"`
}

func (p problem) field(name string) string {
	for _, f := range p.Errors {
		if f.Field == name {
			return f.Message
		}
	}
	return ""
}

// newItem is a valid creation body for an item led by A with co-unit B.
func (e *env) newItem(priority string, deadline time.Time) map[string]any {
	return map[string]any{
		"title": "推进城区燃气管道老化更新改造", "content": "年底前完成城区 20 公里老旧燃气管道更新。",
		"source": "meeting_decision", "source_ref": "县政府第 12 次常务会议纪要", "priority": priority,
		"lead_unit_id": e.units["A"], "co_unit_ids": []int64{e.units["B"]},
		"deadline": deadline.Format(time.RFC3339), "report_every": "7d", "assign": true, "unclassified": true,
	}
}

// mustCreate creates an assigned item as the supervisor.
func (e *env) mustCreate(body map[string]any) item {
	e.t.Helper()
	var it item
	if st := e.call("sup", "POST", "/api/v1/items", body, &it); st != 201 {
		e.t.Fatalf("create item: status %d", st)
	}
	return it
}

// act posts an action and fails the test unless the status is want.
func (e *env) act(user string, id int64, action string, body any, want int) item {
	e.t.Helper()
	var raw json.RawMessage
	st := e.call(user, "POST", itemPath(id)+"/"+action, body, &raw)
	if st != want {
		e.t.Fatalf("%s %s item %d: status %d, want %d: %s", user, action, id, st, want, raw)
	}
	var it item
	json.Unmarshal(raw, &it)
	return it
}

func itemPath(id int64) string { return "/api/v1/items/" + strconv.FormatInt(id, 10) }

func decodeJSON(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }

// rawBody is a request body with its own content type.
type rawBody struct {
	ctype string
	data  []byte
}

func urlEscape(s string) string { return url.QueryEscape(s) }

func multipartWriter(w io.Writer) *multipart.Writer { return multipart.NewWriter(w) }

// rawGet fetches a URL as user and copies the body.
func (e *env) rawGet(user, url string, w io.Writer) int {
	e.t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+e.token(user))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
	return resp.StatusCode
}
