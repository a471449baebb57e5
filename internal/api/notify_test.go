package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

type inboxPage struct {
	Notifications []struct {
		ID     int64
		Notice struct {
			Title, Body, Kind string
			ItemID            int64 `json:"item_id"`
		}
		ReadAt *time.Time `json:"read_at"`
	}
	Unread int
}

func TestInboxAPI(t *testing.T) {
	e := newEnv(t)
	if _, err := service.NewNotifier(e.svc, service.DefaultNotifyConfig()); err != nil {
		t.Fatal(err)
	}
	it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("b_ll", it.ID, "comment", map[string]any{"text": "配合单位意见"}, 200)
	e.act("a_ll", it.ID, "decline", map[string]any{"reason": "不属于本单位职责"}, 200)

	var page inboxPage
	if st := e.call("a_ll", "GET", "/api/v1/notifications", nil, &page); st != 200 {
		t.Fatalf("inbox: %d", st)
	}
	if len(page.Notifications) != 1 || page.Unread != 1 || !strings.HasPrefix(page.Notifications[0].Notice.Title, "【新交办】") ||
		page.Notifications[0].Notice.ItemID != it.ID {
		t.Fatalf("liaison inbox %+v", page)
	}
	var sup inboxPage
	e.call("sup", "GET", "/api/v1/notifications?unread=true", nil, &sup)
	if len(sup.Notifications) != 1 || !strings.Contains(sup.Notifications[0].Notice.Body, "不属于本单位职责") {
		t.Fatalf("the supervisor is told of the decline with its reason: %+v", sup)
	}
	var b inboxPage
	e.call("b_ll", "GET", "/api/v1/notifications", nil, &b)
	if len(b.Notifications) != 1 { // the assignment, as co-unit; not its own comment
		t.Errorf("co-unit inbox %+v", b)
	}

	var res struct{ Marked, Unread int }
	other := sup.Notifications[0].ID // not the liaison's: passed over
	if st := e.call("a_ll", "POST", "/api/v1/notifications/read", map[string]any{"ids": []int64{page.Notifications[0].ID, other}}, &res); st != 200 ||
		res.Marked != 1 || res.Unread != 0 {
		t.Fatalf("mark read: %d %+v", st, res)
	}
	var count struct{ Unread int }
	if e.call("sup", "GET", "/api/v1/notifications/unread-count", nil, &count); count.Unread != 1 {
		t.Errorf("the supervisor's notice was marked read by someone else: %+v", count)
	}
	e.call("sup", "POST", "/api/v1/notifications/read", map[string]any{"all": true}, &res)
	if res.Marked != 1 || res.Unread != 0 {
		t.Errorf("mark all: %+v", res)
	}
	var p problem
	if st := e.call("sup", "POST", "/api/v1/notifications/read", map[string]any{}, &p); st != 422 {
		t.Errorf("mark read without ids: %d", st)
	}
}

func TestNotifyPrefsAPI(t *testing.T) {
	e := newEnv(t)
	var prefs map[string]any
	if st := e.call("a_ll", "GET", "/api/v1/me/notify-prefs", nil, &prefs); st != 200 || prefs["digest"] != true ||
		prefs["by_email"] != true || prefs["quiet_hours"] != "" {
		t.Fatalf("defaults: %d %v", st, prefs)
	}
	var p problem
	if st := e.call("a_ll", "PUT", "/api/v1/me/notify-prefs", map[string]any{"email": "not an address", "quiet_hours": "25:00-07:00"}, &p); st != 422 ||
		p.field("email") == "" || p.field("quiet_hours") == "" {
		t.Fatalf("bad prefs: %d %+v", st, p)
	}
	body := map[string]any{"email": "zhang@unit-a.example.gov.cn", "digest": false, "by_sms": false, "quiet_hours": "23:00-06:30"}
	if st := e.call("a_ll", "PUT", "/api/v1/me/notify-prefs", body, &prefs); st != 200 || prefs["email"] != "zhang@unit-a.example.gov.cn" ||
		prefs["digest"] != false || prefs["by_sms"] != false || prefs["by_email"] != true || prefs["quiet_hours"] != "23:00-06:30" {
		t.Fatalf("saved: %d %v", st, prefs)
	}
	path := fmt.Sprintf("/api/v1/users/%d/notify-prefs", e.ids["a_ll"])
	if st := e.call("admin", "GET", path, nil, &prefs); st != 200 || prefs["email"] != "zhang@unit-a.example.gov.cn" {
		t.Errorf("the administrator reads contact details: %d %v", st, prefs)
	}
	if st := e.call("admin", "PUT", path, map[string]any{"quiet_hours": "off"}, &prefs); st != 200 || prefs["quiet_hours"] != "off" {
		t.Errorf("the administrator sets them: %d %v", st, prefs)
	}
	if st := e.call("sup", "GET", path, nil, &p); st != 403 {
		t.Errorf("the supervisor reads another's prefs: %d", st)
	}
	if st := e.call("d_sup", "GET", path, nil, &p); st != 403 && st != 404 {
		t.Errorf("another region: %d", st)
	}
}

func TestDeliveriesAPI(t *testing.T) {
	e := newEnv(t)
	cfg := service.DefaultNotifyConfig()
	cfg.Channels = map[luoshi.Channel]bool{luoshi.ChannelWebhook: true}
	if _, err := service.NewNotifier(e.svc, cfg); err != nil {
		t.Fatal(err)
	}
	it := e.mustCreate(e.newItem("urgent", start.Add(48*time.Hour)))
	var out struct {
		Deliveries []map[string]any
	}
	if st := e.call("admin", "GET", "/api/v1/deliveries?status=pending", nil, &out); st != 200 || len(out.Deliveries) == 0 {
		t.Fatalf("outbox: %d %+v", st, out)
	}
	for _, d := range out.Deliveries {
		if d["channel"] != "webhook" || d["kind"] != "assigned" || int64(d["item_id"].(float64)) != it.ID {
			t.Errorf("delivery %v", d)
		}
		for _, k := range []string{"title", "body"} {
			if _, ok := d[k]; ok {
				t.Errorf("the administrator sees the notice's %s (business data): %v", k, d)
			}
		}
	}
	var p problem
	if st := e.call("admin", "GET", "/api/v1/deliveries?status=lost", nil, &p); st != 422 {
		t.Errorf("bad status: %d", st)
	}
	var res struct{ Requeued int }
	if st := e.call("admin", "POST", "/api/v1/deliveries/retry", map[string]any{"all": true}, &res); st != 200 || res.Requeued != 0 {
		t.Errorf("retry with none failed: %d %+v", st, res)
	}
	if st := e.call("sup", "GET", "/api/v1/deliveries", nil, &p); st != 403 {
		t.Errorf("the supervisor reads the outbox: %d", st)
	}
}

// TestCreateNoticeMembership: a create draws its assignment notice's recipients at its start
// (on PostgreSQL in its first round trip, service.drawAssignRecipients), in its own
// transaction. A change of a unit's accounts committed before it — here by the member of
// the same write group just before it, the closest a change can come — is what the notice
// sees: the account disabled there is not told, the one added there is.
func TestCreateNoticeMembership(t *testing.T) {
	e := newEnv(t)
	e.db.SetGroupTime(time.Minute) // a slow machine must not split the group
	if _, err := service.NewNotifier(e.svc, service.DefaultNotifyConfig()); err != nil {
		t.Fatal(err)
	}
	sup := e.token("sup")
	body := e.newItem("routine", start.AddDate(0, 2, 0))
	ctx := context.Background()
	commits, _ := e.db.WriteStats()
	started, hold := make(chan struct{}), make(chan struct{})
	held := make(chan error, 1)
	go func() {
		held <- e.db.Update(ctx, func(luoshi.Tx) error {
			close(started)
			<-hold
			return nil
		})
	}()
	<-started
	queued := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); e.db.QueuedWrites() < n; {
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d writes queued", e.db.QueuedWrites(), n)
			}
			time.Sleep(time.Millisecond)
		}
	}
	var added int64
	changed := make(chan error, 1)
	go func() {
		changed <- e.db.Update(ctx, func(tx luoshi.Tx) error {
			if err := tx.SetUserDisabled(ctx, e.ids["a_jb"], true); err != nil {
				return err
			}
			u := &luoshi.User{RegionID: e.regions["439001"], UnitID: e.units["A"], Username: "a_new", Name: "用户a_new",
				PasswordHash: "x", Roles: []luoshi.Role{luoshi.RoleStaff}, CreatedAt: start}
			err := tx.CreateUser(ctx, u)
			added = u.ID
			return err
		})
	}()
	queued(1)
	var it item
	created := make(chan int, 1)
	go func() { created <- e.do(sup, "POST", "/api/v1/items", body, &it) }()
	queued(2)
	close(hold)
	for _, err := range []error{<-held, <-changed} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if st := <-created; st != 201 {
		t.Fatalf("create: status %d", st)
	}
	if after, _ := e.db.WriteStats(); after-commits != 1 {
		t.Fatalf("%d commits, want the three writes in one group", after-commits)
	}
	db := e.raw()
	defer db.Close()
	rows, err := db.Query(`SELECT i.user_id FROM inbox i JOIN notices n ON n.id = i.notice_id WHERE n.item_id = $1 ORDER BY i.user_id`, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		got = append(got, id)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	want := []int64{e.ids["a_ll"], e.ids["b_ll"], added} // a_jb disabled; the co-unit B's liaison
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the assignment told %v, want %v (a_ll, b_ll and the account added just before; not a_jb, disabled just before)", got, want)
	}
}
