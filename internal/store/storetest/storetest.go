// Package storetest is the conformance suite of luoshi.Store. Every implementation (SQLite
// always, PostgreSQL in CI) must pass the same tests, so the suite speaks only through the
// luoshi.Store and luoshi.Tx interfaces and assumes nothing about the database behind them.
package storetest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// Run runs the conformance suite. Each subtest calls open once and must get a fresh, empty
// store of its own (open may register its own cleanup, such as removing a temporary
// directory); Run closes the store when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) luoshi.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, st luoshi.Store)
	}{
		{"Regions", testRegions},
		{"Units", testUnits},
		{"Leaders", testLeaders},
		{"UpdateLeader", testUpdateLeader},
		{"Users", testUsers},
		{"NextItemNumber", testNextItemNumber},
		{"ItemRoundTrip", testItemRoundTrip},
		{"UpdateItem", testUpdateItem},
		{"UpdateItemDerived", testUpdateItemDerived},
		{"Events", testEvents},
		{"FindItemsFields", testFindItemsFields},
		{"FindItemsLight", testFindItemsLight},
		{"FindItemsOverdue", testFindItemsOverdue},
		{"FindItemsUnits", testFindItemsUnits},
		{"FindItemsQuery", testFindItemsQuery},
		{"FindItemsPagination", testFindItemsPagination},
		{"FindItemsUnionPages", testFindItemsUnionPages},
		{"UnitStats", testUnitStats},
		{"CoUnitFilters", testCoUnitFilters},
		{"FindItemsSchedule", testFindItemsSchedule},
		{"CockpitCounts", testCockpitCounts},
		{"Calendar", testCalendar},
		{"Rollback", testRollback},
		{"PanicRollsBack", testPanicRollsBack},
		{"View", testView},
		{"Settings", testSettings},
		{"Credentials", testCredentials},
		{"Sessions", testSessions},
		{"LoginAttempts", testLoginAttempts},
		{"LoginAttemptsAtOnce", testLoginAttemptsAtOnce},
		{"DeleteOtherSessions", testDeleteOtherSessions},
		{"Audit", testAudit},
		{"Attachments", testAttachments},
		{"CollabEvents", testCollabEvents},
		{"ProposalSessions", testProposalSessions},
		{"Proposals", testProposals},
		{"ProposalEvents", testProposalEvents},
		{"Topics", testTopics},
		{"Meetings", testMeetings},
		{"Bulletins", testBulletins},
		{"MeetingKinds", testMeetingKinds},
		{"Practices", testPractices},
		{"BulletinEvents", testBulletinEvents},
		{"Stocktakes", testStocktakes},
		{"StocktakeEvents", testStocktakeEvents},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := open(t)
			t.Cleanup(func() {
				if err := st.Close(); err != nil {
					t.Errorf("close store: %v", err)
				}
			})
			tc.fn(t, st)
		})
	}
}

// T0 is the moment the fixtures count from: a Monday morning in UTC with a millisecond part,
// which is the precision the store keeps.
var T0 = time.Date(2026, 3, 2, 9, 0, 0, 123_456_789, time.UTC).Truncate(time.Millisecond)

const day = 24 * time.Hour

// at returns T0 moved by d.
func at(d time.Duration) time.Time { return T0.Add(d) }

func ptr[T any](v T) *T { return &v }

// MustUpdate runs fn in an Update transaction and fails the test if it returns an error.
func MustUpdate(tb testing.TB, st luoshi.Store, fn func(tx luoshi.Tx) error) {
	tb.Helper()
	if err := st.Update(tb.Context(), fn); err != nil {
		tb.Fatalf("update: %v", err)
	}
}

// MustRead runs fn in a View transaction and returns its result, failing the test on error.
func MustRead[T any](tb testing.TB, st luoshi.Store, fn func(tx luoshi.Tx) (T, error)) T {
	tb.Helper()
	var v T
	err := st.View(tb.Context(), func(tx luoshi.Tx) error {
		var err error
		v, err = fn(tx)
		return err
	})
	if err != nil {
		tb.Fatalf("view: %v", err)
	}
	return v
}

// MustCreateRegion creates a region with the given code.
func MustCreateRegion(tb testing.TB, st luoshi.Store, code string) *luoshi.Region {
	tb.Helper()
	r := &luoshi.Region{Code: code, Name: "区划" + code, TZ: "Asia/Shanghai", CreatedAt: T0}
	MustUpdate(tb, st, func(tx luoshi.Tx) error { return tx.CreateRegion(tb.Context(), r) })
	if r.ID == 0 {
		tb.Fatalf("CreateRegion(%s) left the id zero", code)
	}
	return r
}

// MustCreateUnit creates a department named name in the region.
func MustCreateUnit(tb testing.TB, st luoshi.Store, regionID int64, name string) *luoshi.Unit {
	tb.Helper()
	u := &luoshi.Unit{RegionID: regionID, Name: name, Kind: "department", CreatedAt: T0}
	MustUpdate(tb, st, func(tx luoshi.Tx) error { return tx.CreateUnit(tb.Context(), u) })
	if u.ID == 0 {
		tb.Fatalf("CreateUnit(%s) left the id zero", name)
	}
	return u
}

// MustCreateLeader creates a leader of the region with the given rank and portfolio.
func MustCreateLeader(tb testing.TB, st luoshi.Store, regionID int64, name string, rank int, portfolio ...int64) *luoshi.Leader {
	tb.Helper()
	l := &luoshi.Leader{RegionID: regionID, Name: name, Post: "副县长", Rank: rank,
		Portfolio: append([]int64{}, portfolio...)}
	MustUpdate(tb, st, func(tx luoshi.Tx) error { return tx.CreateLeader(tb.Context(), l) })
	if l.ID == 0 {
		tb.Fatalf("CreateLeader(%s) left the id zero", name)
	}
	return l
}

// MustCreateUser creates an account in the unit with the given roles.
func MustCreateUser(tb testing.TB, st luoshi.Store, regionID, unitID int64, username string, roles ...luoshi.Role) *luoshi.User {
	tb.Helper()
	u := &luoshi.User{RegionID: regionID, UnitID: unitID, Username: username, Name: "用户" + username,
		PasswordHash: "hash-of-" + username, Roles: append([]luoshi.Role{}, roles...), CreatedAt: T0}
	MustUpdate(tb, st, func(tx luoshi.Tx) error { return tx.CreateUser(tb.Context(), u) })
	if u.ID == 0 {
		tb.Fatalf("CreateUser(%s) left the id zero", username)
	}
	return u
}

// NewItem returns an item in progress led by the unit, ready for MustCreateItem: routine,
// no co-units, leader, parent or milestones, created at T0 with a deadline 30 days later.
func NewItem(regionID, leadUnitID int64, title string) *luoshi.Item {
	return &luoshi.Item{RegionID: regionID, Title: title, Source: luoshi.SourceOther,
		Priority: luoshi.PriorityRoutine, LeadUnitID: leadUnitID, CoUnitIDs: []int64{},
		Deadline: at(30 * day), Milestones: []luoshi.Milestone{}, State: luoshi.StateInProgress,
		Version: 1, CreatedAt: T0, UpdatedAt: T0}
}

// MustCreateItem stores it with the derived columns d, numbering it first (NextItemNumber)
// if it has no code, and returns it with its id set.
func MustCreateItem(tb testing.TB, st luoshi.Store, it *luoshi.Item, d luoshi.ItemDerived) *luoshi.Item {
	tb.Helper()
	ctx := tb.Context()
	MustUpdate(tb, st, func(tx luoshi.Tx) error {
		if it.Code == "" {
			n, err := tx.NextItemNumber(ctx, it.RegionID, it.CreatedAt.Year())
			if err != nil {
				return err
			}
			it.Code = fmt.Sprintf("DB-%d-%04d", it.CreatedAt.Year(), n)
		}
		return tx.CreateItem(ctx, it, d)
	})
	if it.ID == 0 {
		tb.Fatalf("CreateItem(%s) left the id zero", it.Title)
	}
	return it
}

// Lights returns derived columns that turn the item yellow at y and red at r.
func Lights(y, r time.Time) luoshi.ItemDerived {
	return luoshi.ItemDerived{YellowAt: &y, RedAt: &r}
}

// AssertCode reports a test error unless err is (or wraps) a *luoshi.Error with the code
// and, if field is not empty, a detail for that field.
func AssertCode(tb testing.TB, err error, code, field string) {
	tb.Helper()
	var e *luoshi.Error
	if !errors.As(err, &e) {
		tb.Errorf("error = %v (%T), want a *luoshi.Error with code %s", err, err, code)
		return
	}
	if e.Code != code {
		tb.Errorf("error code = %s (%v), want %s", e.Code, e, code)
	}
	if field != "" && !slices.ContainsFunc(e.Fields, func(f luoshi.FieldError) bool { return f.Field == field }) {
		tb.Errorf("error %v names fields %v, want %q among them", e, e.Fields, field)
	}
}

// assertEqual reports a test error, showing both values as JSON, unless got and want are
// deeply equal.
func assertEqual(tb testing.TB, what string, got, want any) {
	tb.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		tb.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// newestFirst returns the ids of items, highest (newest) first, the order FindItems lists.
func newestFirst(items ...*luoshi.Item) []int64 {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	slices.Sort(ids)
	slices.Reverse(ids)
	return ids
}

func itemIDs(items []*luoshi.Item) []int64 {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

// findIDs returns the ids FindItems lists for f in one page (Limit 1000 unless set).
func findIDs(tb testing.TB, st luoshi.Store, f luoshi.ItemFilter) []int64 {
	tb.Helper()
	if f.Limit == 0 {
		f.Limit = 1000
	}
	var next string
	items := MustRead(tb, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) {
		items, n, err := tx.FindItems(tb.Context(), f)
		next = n
		return items, err
	})
	if next != "" {
		tb.Errorf("FindItems returned a next cursor for a single page of %d", len(items))
	}
	return itemIDs(items)
}

// assertItems reports a test error unless FindItems lists exactly want, newest first.
func assertItems(tb testing.TB, what string, st luoshi.Store, f luoshi.ItemFilter, want ...*luoshi.Item) {
	tb.Helper()
	got, w := findIDs(tb, st, f), newestFirst(want...)
	if !slices.Equal(got, w) {
		tb.Errorf("%s: FindItems = %v, want %v", what, got, w)
	}
}

func sortedIDs(ids []int64) []int64 {
	s := slices.Clone(ids)
	slices.Sort(s)
	return s
}

func testRegions(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	a := MustCreateRegion(t, st, "330110")
	b := &luoshi.Region{Code: "330111", Name: "临县", TZ: "Asia/Urumqi", CreatedAt: at(time.Hour + 7*time.Millisecond)}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateRegion(ctx, b) })
	if a.ID == b.ID {
		t.Fatalf("two regions got the same id %d", a.ID)
	}
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Region, error) { return tx.FindRegionByID(ctx, b.ID) })
	assertEqual(t, "FindRegionByID", got, b)
	all := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Region, error) { return tx.FindRegions(ctx) })
	assertEqual(t, "FindRegions", all, []*luoshi.Region{a, b})
	err := st.View(ctx, func(tx luoshi.Tx) error {
		_, err := tx.FindRegionByID(ctx, a.ID+b.ID+100)
		return err
	})
	AssertCode(t, err, luoshi.ENOTFOUND, "")
}

func testUnits(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	ra, rb := MustCreateRegion(t, st, "A"), MustCreateRegion(t, st, "B")
	office := MustCreateUnit(t, st, ra.ID, "县政府办")
	u := &luoshi.Unit{RegionID: ra.ID, Name: "县发改局", Kind: "department", ParentID: &office.ID,
		CreditCode: "11330110MB1234567X", CreatedAt: at(time.Hour + 7*time.Millisecond)}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateUnit(ctx, u) })
	// The same name in another region is another unit.
	other := MustCreateUnit(t, st, rb.ID, u.Name)
	find := func(id int64) *luoshi.Unit {
		t.Helper()
		return MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Unit, error) { return tx.FindUnitByID(ctx, id) })
	}
	assertEqual(t, "FindUnitByID", find(u.ID), u)

	err := st.Update(ctx, func(tx luoshi.Tx) error {
		return tx.CreateUnit(ctx, &luoshi.Unit{RegionID: ra.ID, Name: u.Name, Kind: "township", CreatedAt: T0})
	})
	AssertCode(t, err, luoshi.EINVALID, "name")

	u.Name, u.Kind, u.ParentID, u.CreditCode = "县发展和改革局", "other", nil, ""
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateUnit(ctx, u) })
	assertEqual(t, "FindUnitByID after UpdateUnit", find(u.ID), u)

	taken := *u
	taken.Name = office.Name
	err = st.Update(ctx, func(tx luoshi.Tx) error { return tx.UpdateUnit(ctx, &taken) })
	AssertCode(t, err, luoshi.EINVALID, "name")
	assertEqual(t, "unit after a refused rename", find(u.ID), u)

	listed := func(regionID int64) []int64 {
		t.Helper()
		units := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Unit, error) { return tx.FindUnits(ctx, regionID) })
		ids := make([]int64, len(units))
		for i, x := range units {
			ids[i] = x.ID
		}
		return sortedIDs(ids)
	}
	assertEqual(t, "FindUnits(region A)", listed(ra.ID), sortedIDs([]int64{office.ID, u.ID}))
	assertEqual(t, "FindUnits(region B)", listed(rb.ID), []int64{other.ID})

	err = st.View(ctx, func(tx luoshi.Tx) error {
		_, err := tx.FindUnitByID(ctx, other.ID+100)
		return err
	})
	AssertCode(t, err, luoshi.ENOTFOUND, "")

	// FindUnitsByID: the units of the ids given, any region, an unknown id left out, in one
	// write as in a read.
	byID := func(units []*luoshi.Unit) map[int64]*luoshi.Unit {
		m := map[int64]*luoshi.Unit{}
		for _, x := range units {
			m[x.ID] = x
		}
		return m
	}
	ids := []int64{other.ID, u.ID, other.ID + 100, u.ID}
	read := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Unit, error) { return tx.FindUnitsByID(ctx, ids) })
	assertEqual(t, "FindUnitsByID", byID(read), map[int64]*luoshi.Unit{u.ID: u, other.ID: other})
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		units, err := tx.FindUnitsByID(ctx, ids)
		assertEqual(t, "FindUnitsByID in a write", byID(units), map[int64]*luoshi.Unit{u.ID: u, other.ID: other})
		return err
	})
	none := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Unit, error) { return tx.FindUnitsByID(ctx, nil) })
	assertEqual(t, "FindUnitsByID of none", len(none), 0)
}

func testLeaders(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	ra, rb := MustCreateRegion(t, st, "A"), MustCreateRegion(t, st, "B")
	u1, u3 := MustCreateUnit(t, st, ra.ID, "U1"), MustCreateUnit(t, st, ra.ID, "U3")
	// Created before the county head but ranked after: lists go by rank.
	deputy := MustCreateLeader(t, st, ra.ID, "李副县长", 2, u3.ID, u1.ID)
	head := &luoshi.Leader{RegionID: ra.ID, Name: "张县长", Post: "县长", Rank: 1, AllUnits: true, Portfolio: []int64{}}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateLeader(ctx, head) })
	MustCreateLeader(t, st, rb.ID, "王副县长", 1, MustCreateUnit(t, st, rb.ID, "UB").ID)

	norm := func(l *luoshi.Leader) luoshi.Leader {
		c := *l
		c.Portfolio = sortedIDs(l.Portfolio)
		return c
	}
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Leader, error) { return tx.FindLeaderByID(ctx, deputy.ID) })
	assertEqual(t, "FindLeaderByID (portfolio)", norm(got), norm(deputy))
	got = MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Leader, error) { return tx.FindLeaderByID(ctx, head.ID) })
	assertEqual(t, "FindLeaderByID (all units)", norm(got), norm(head))

	all := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Leader, error) { return tx.FindLeaders(ctx, ra.ID) })
	var gotAll []luoshi.Leader
	for _, l := range all {
		gotAll = append(gotAll, norm(l))
	}
	assertEqual(t, "FindLeaders(region A) by rank", gotAll, []luoshi.Leader{norm(head), norm(deputy)})

	err := st.View(ctx, func(tx luoshi.Tx) error {
		_, err := tx.FindLeaderByID(ctx, head.ID+deputy.ID+100)
		return err
	})
	AssertCode(t, err, luoshi.ENOTFOUND, "")
}

// normUser returns a copy of u with its roles sorted, as a set.
func normUser(u *luoshi.User) luoshi.User {
	c := *u
	c.Roles = slices.Clone(u.Roles)
	slices.Sort(c.Roles)
	return c
}

func testUsers(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	ra, rb := MustCreateRegion(t, st, "A"), MustCreateRegion(t, st, "B")
	ua1, ua2, ub := MustCreateUnit(t, st, ra.ID, "U1"), MustCreateUnit(t, st, ra.ID, "U2"), MustCreateUnit(t, st, rb.ID, "UB")
	leader := MustCreateLeader(t, st, ra.ID, "李副县长", 2, ua2.ID)
	u1 := &luoshi.User{RegionID: ra.ID, UnitID: ua1.ID, Username: "zhangsan", Name: "张三",
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", Roles: []luoshi.Role{luoshi.RoleStaff, luoshi.RoleLiaison},
		CreatedAt: at(time.Minute + 3*time.Millisecond)}
	u2 := &luoshi.User{RegionID: ra.ID, UnitID: ua2.ID, Username: "lisi", Name: "李四", PasswordHash: "h2",
		Roles: []luoshi.Role{luoshi.RoleLeader}, LeaderID: &leader.ID, Disabled: true, CreatedAt: at(2 * time.Minute)}
	for _, u := range []*luoshi.User{u1, u2} {
		MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateUser(ctx, u) })
	}
	u3 := MustCreateUser(t, st, rb.ID, ub.ID, "wangwu", luoshi.RoleSupervisor)

	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.User, error) { return tx.FindUserByID(ctx, u2.ID) })
	assertEqual(t, "FindUserByID", normUser(got), normUser(u2))
	got = MustRead(t, st, func(tx luoshi.Tx) (*luoshi.User, error) { return tx.FindUserByUsername(ctx, "zhangsan") })
	assertEqual(t, "FindUserByUsername", normUser(got), normUser(u1))

	err := st.Update(ctx, func(tx luoshi.Tx) error {
		return tx.CreateUser(ctx, &luoshi.User{RegionID: rb.ID, UnitID: ub.ID, Username: "lisi", Name: "另一个李四",
			PasswordHash: "h", Roles: []luoshi.Role{luoshi.RoleStaff}, CreatedAt: T0})
	})
	AssertCode(t, err, luoshi.EINVALID, "username")
	for _, find := range []func(tx luoshi.Tx) error{
		func(tx luoshi.Tx) error { _, err := tx.FindUserByID(ctx, u3.ID+100); return err },
		func(tx luoshi.Tx) error { _, err := tx.FindUserByUsername(ctx, "nobody"); return err },
	} {
		AssertCode(t, st.View(ctx, find), luoshi.ENOTFOUND, "")
	}

	listed := func(regionID int64, unitID *int64) []luoshi.User {
		t.Helper()
		users := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.User, error) { return tx.FindUsers(ctx, regionID, unitID) })
		out := []luoshi.User{}
		for _, u := range users {
			out = append(out, normUser(u))
		}
		slices.SortFunc(out, func(a, b luoshi.User) int { return int(a.ID - b.ID) })
		return out
	}
	assertEqual(t, "FindUsers(A, all units)", listed(ra.ID, nil), []luoshi.User{normUser(u1), normUser(u2)})
	assertEqual(t, "FindUsers(A, U1)", listed(ra.ID, &ua1.ID), []luoshi.User{normUser(u1)})
	assertEqual(t, "FindUsers(B, all units)", listed(rb.ID, nil), []luoshi.User{normUser(u3)})
	assertEqual(t, "FindUsers(A, unit of B)", listed(ra.ID, &ub.ID), []luoshi.User{})

	n := MustRead(t, st, func(tx luoshi.Tx) (int, error) { return tx.CountUsers(ctx) })
	if n != 3 {
		t.Errorf("CountUsers = %d, want 3", n)
	}
}

func testNextItemNumber(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	ra, rb := MustCreateRegion(t, st, "A"), MustCreateRegion(t, st, "B")
	next := func(regionID int64, year int) int {
		t.Helper()
		var n int
		MustUpdate(t, st, func(tx luoshi.Tx) error {
			var err error
			n, err = tx.NextItemNumber(ctx, regionID, year)
			return err
		})
		return n
	}
	steps := []struct {
		region int64
		year   int
		want   int
	}{
		{ra.ID, 2026, 1}, {ra.ID, 2026, 2}, {ra.ID, 2027, 1}, {rb.ID, 2026, 1},
		{ra.ID, 2026, 3}, {rb.ID, 2026, 2}, {ra.ID, 2027, 2}, {rb.ID, 2027, 1},
	}
	for i, s := range steps {
		if got := next(s.region, s.year); got != s.want {
			t.Errorf("step %d: NextItemNumber(region %d, %d) = %d, want %d", i, s.region, s.year, got, s.want)
		}
	}
	// Several numbers taken in one transaction are consecutive.
	var got []int
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		for range 3 {
			n, err := tx.NextItemNumber(ctx, ra.ID, 2026)
			if err != nil {
				return err
			}
			got = append(got, n)
		}
		return nil
	})
	assertEqual(t, "NextItemNumber thrice in one transaction", got, []int{4, 5, 6})

	// DrawItemNumber: the same numbers, answered when asked, after other statements of the
	// write; a write refused after drawing one gives it back.
	draw := func(fail bool) (int, error) {
		var n int
		err := st.Update(ctx, func(tx luoshi.Tx) error {
			number := tx.DrawItemNumber(ctx, ra.ID, 2026)
			if _, err := tx.FindRegionByID(ctx, ra.ID); err != nil {
				return err
			}
			var err error
			if n, err = number(); err != nil {
				return err
			}
			if fail {
				return luoshi.Errorf(luoshi.EINVALID, "item.lead.missing") // any refusal
			}
			return nil
		})
		return n, err
	}
	if n, err := draw(true); err == nil || n != 7 {
		t.Errorf("a refused write's DrawItemNumber = %d, %v; want 7 and its refusal", n, err)
	}
	for _, want := range []int{7, 8} {
		if n, err := draw(false); err != nil || n != want {
			t.Errorf("DrawItemNumber = %d, %v; want %d", n, err, want)
		}
	}
	// Drawn and never asked for: still drawn.
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		tx.DrawItemNumber(ctx, ra.ID, 2026)
		return nil
	})
	if n := next(ra.ID, 2026); n != 10 {
		t.Errorf("NextItemNumber after a number drawn and not asked for = %d, want 10", n)
	}
}

// org is a small county for the item tests: regions A and B, units U1…U4 in A and UB in B,
// leaders L1 and L2 in A, and a supervisor account in A.
type org struct {
	A, B           *luoshi.Region
	U1, U2, U3, U4 *luoshi.Unit
	UB             *luoshi.Unit
	L1, L2         *luoshi.Leader
	User           *luoshi.User
}

func newOrg(tb testing.TB, st luoshi.Store) *org {
	tb.Helper()
	o := &org{A: MustCreateRegion(tb, st, "A"), B: MustCreateRegion(tb, st, "B")}
	o.U1, o.U2 = MustCreateUnit(tb, st, o.A.ID, "U1"), MustCreateUnit(tb, st, o.A.ID, "U2")
	o.U3, o.U4 = MustCreateUnit(tb, st, o.A.ID, "U3"), MustCreateUnit(tb, st, o.A.ID, "U4")
	o.UB = MustCreateUnit(tb, st, o.B.ID, "UB")
	o.L1 = MustCreateLeader(tb, st, o.A.ID, "L1", 1, o.U1.ID)
	o.L2 = MustCreateLeader(tb, st, o.A.ID, "L2", 2, o.U2.ID)
	o.User = MustCreateUser(tb, st, o.A.ID, o.U1.ID, "supervisor", luoshi.RoleSupervisor)
	return o
}

// item returns a new item of region A led by unit.
func (o *org) item(unit *luoshi.Unit, title string) *luoshi.Item {
	return NewItem(unit.RegionID, unit.ID, title)
}

// fullItem returns an item with every field set (but the id), each to a value that is
// not its zero value, so that a round trip covers them all.
func fullItem(o *org, parent *luoshi.Item) *luoshi.Item {
	return &luoshi.Item{
		RegionID: o.A.ID, Code: "DB-2026-0042", ParentID: &parent.ID,
		Title: "推进招商引资项目落地", Content: "第一行\n第二行 \"引号\" <b>", Source: luoshi.SourceLeaderInstruction,
		SourceRef: "县长批示〔2026〕3号", ProposalID: 42, MeetingID: 43, DecisionNo: 2, MajorDecision: true, Priority: luoshi.PriorityImportant, LeadUnitID: o.U1.ID,
		CoUnitIDs: []int64{o.U3.ID, o.U2.ID}, LeaderID: &o.L1.ID, Deadline: at(30*day + 999*time.Millisecond),
		Milestones: []luoshi.Milestone{
			{ID: 1, Title: "形成方案", Due: at(10 * day), Percent: 30, DoneAt: ptr(at(5*day + 7*time.Millisecond))},
			{ID: 2, Title: "组织实施", Due: at(20*day + time.Millisecond)},
		},
		ReportEvery: luoshi.Cadence{N: 5, Unit: luoshi.CadenceWorkdays}, Unclassified: true,
		State: luoshi.StateSuspended, ResumeState: luoshi.StateInProgress, Percent: 45, Version: 7,
		CreatedBy: o.User.ID, CreatedAt: at(time.Millisecond), UpdatedAt: at(6*day + 1*time.Millisecond),
		AssignedAt: ptr(at(time.Hour + 2*time.Millisecond)), AcceptedAt: ptr(at(2*time.Hour + 3*time.Millisecond)),
		LastReportAt: ptr(at(5*day + 7*time.Millisecond)), CompletionRequestedAt: ptr(at(6 * day)),
		CompletedAt: ptr(at(6*day + time.Hour)), OnTime: ptr(false),
		PendingExtension: &luoshi.ExtensionRequest{Deadline: at(40 * day), Reason: "征地手续未完成", Percent: 45,
			RequestedAt: at(6*day + 5*time.Millisecond), RequestedBy: o.User.ID},
		DeclineClosed: true, Rating: "good", UrgeLevel: luoshi.UrgeOrange, LastUrgedAt: ptr(at(4*day + 17*time.Millisecond)),
		Declines: 1, Reassignments: 2, Accountabilities: 3,
		UnitConfidence:   &luoshi.ConfidenceRating{Level: luoshi.ConfidenceAmberGreen, At: at(5*day + 9*time.Millisecond), Reason: "资金已到位"},
		OfficeConfidence: &luoshi.ConfidenceRating{Level: luoshi.ConfidenceAmberRed, At: at(5*day + 11*time.Millisecond)},
		Opinions: []luoshi.OpinionRequest{
			{ID: 1, UnitID: o.U2.ID, Question: "用地指标能否调剂？", Due: at(3*day + 13*time.Millisecond),
				RequestedAt: at(2*day + 17*time.Millisecond), RequestedBy: o.User.ID,
				AnsweredAt: ptr(at(3*day + 19*time.Millisecond)), AnsweredBy: o.User.ID, Answer: "可调剂 20 亩"},
			{ID: 2, UnitID: o.U2.ID, Question: "资金缺口如何解决？", Due: at(8 * day), RequestedAt: at(4 * day), RequestedBy: o.User.ID},
		},
		Records: []luoshi.AccountabilityRecord{
			{Record: luoshi.Record{ID: 5, Kind: "interview", Reason: "推进不力", UnitIDs: []int64{o.U1.ID, o.U3.ID}, At: at(4*day + 23*time.Millisecond), By: o.User.ID},
				Waiver: &luoshi.Waiver{Grounds: "reform_trial", Reason: "先行先试，未谋私利", At: at(5*day + 29*time.Millisecond), By: o.User.ID}},
			{Record: luoshi.Record{ID: 6, Kind: "admonition", Reason: "虚报进度", UnitIDs: []int64{o.U1.ID}, At: at(5 * day), By: o.User.ID}},
		},
		Commendations: []luoshi.Commendation{
			{ID: 7, Kind: "outstanding_delivery", Reason: "成效突出", UnitIDs: []int64{o.U1.ID}, At: at(6*day + 31*time.Millisecond), By: o.User.ID},
		},
	}
}

func testItemRoundTrip(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	parent := MustCreateItem(t, st, o.item(o.U4, "上级事项"), luoshi.ItemDerived{})
	it := MustCreateItem(t, st, fullItem(o, parent), Lights(at(-time.Hour), at(time.Hour)))
	v := reflect.ValueOf(*it)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("fixture leaves Item.%s zero; give it a value so that the round trip covers it", v.Type().Field(i).Name)
		}
	}
	// A sparse item: nil pointers and empty lists must come back nil and empty.
	sparse := MustCreateItem(t, st, o.item(o.U2, "稀疏事项"), luoshi.ItemDerived{})

	for _, want := range []*luoshi.Item{it, sparse} {
		got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Item, error) { return tx.FindItemByID(ctx, want.ID) })
		assertEqual(t, "FindItemByID "+want.Title, got, want)
	}
	children := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) { return tx.FindChildren(ctx, parent.ID) })
	assertEqual(t, "FindChildren", children, []*luoshi.Item{it})
	listed := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) {
		items, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: o.A.ID, Limit: 10})
		return items, err
	})
	assertEqual(t, "FindItems", listed, []*luoshi.Item{sparse, it, parent})

	err := st.View(ctx, func(tx luoshi.Tx) error { _, err := tx.FindItemByID(ctx, sparse.ID+100); return err })
	AssertCode(t, err, luoshi.ENOTFOUND, "")
	// FindItemFamily: the item and its children, as the two reads give them; the item's own
	// children, not its parent or siblings, when it is a child itself.
	for _, want := range []struct {
		item     *luoshi.Item
		children []*luoshi.Item
	}{{parent, []*luoshi.Item{it}}, {it, nil}, {sparse, nil}} {
		var got *luoshi.Item
		var children []*luoshi.Item
		err := st.View(ctx, func(tx luoshi.Tx) (err error) { got, children, err = tx.FindItemFamily(ctx, want.item.ID); return err })
		if err != nil {
			t.Fatal(err)
		}
		// The same in a read of one statement (no transaction on PostgreSQL).
		var oneGot *luoshi.Item
		var oneChildren []*luoshi.Item
		if err := viewOne(ctx, st, func(tx luoshi.Tx) (err error) {
			oneGot, oneChildren, err = tx.FindItemFamily(ctx, want.item.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "FindItemFamily in ViewOne "+want.item.Title, oneGot, got)
		assertEqual(t, "FindItemFamily children in ViewOne "+want.item.Title, oneChildren, children)
		assertEqual(t, "FindItemFamily "+want.item.Title, got, want.item)
		assertEqual(t, "FindItemFamily children of "+want.item.Title, len(children), len(want.children))
		if len(want.children) > 0 {
			assertEqual(t, "FindItemFamily children of "+want.item.Title, children, want.children)
		}
	}
	err = st.View(ctx, func(tx luoshi.Tx) error { _, _, err := tx.FindItemFamily(ctx, sparse.ID+100); return err })
	AssertCode(t, err, luoshi.ENOTFOUND, "")
	err = viewOne(ctx, st, func(tx luoshi.Tx) error { _, _, err := tx.FindItemFamily(ctx, sparse.ID+100); return err })
	AssertCode(t, err, luoshi.ENOTFOUND, "")

	// The derived and filter columns were stored with the doc.
	f := luoshi.ItemFilter{RegionID: o.A.ID, Now: T0}
	for name, g := range map[string]func(*luoshi.ItemFilter){
		"state":     func(f *luoshi.ItemFilter) { f.State = ptr(luoshi.StateSuspended) },
		"light":     func(f *luoshi.ItemFilter) { f.Light = ptr(luoshi.LightGrey) },
		"priority":  func(f *luoshi.ItemFilter) { f.Priority = ptr(luoshi.PriorityImportant) },
		"source":    func(f *luoshi.ItemFilter) { f.Source = ptr(luoshi.SourceLeaderInstruction) },
		"co-unit":   func(f *luoshi.ItemFilter) { f.UnitID = &o.U3.ID },
		"lead unit": func(f *luoshi.ItemFilter) { f.UnitID, f.LeadOnly = &o.U1.ID, true },
		"leader":    func(f *luoshi.ItemFilter) { f.LeaderID = &o.L1.ID },
		"parent":    func(f *luoshi.ItemFilter) { f.ParentID = &parent.ID },
		"title":     func(f *luoshi.ItemFilter) { f.Query = "招商引资" },
	} {
		f := f // each filter starts from the plain one
		g(&f)
		assertItems(t, "stored column "+name, st, f, it)
	}
}

func testUpdateItem(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	orig := o.item(o.U1, "原事项")
	orig.CoUnitIDs, orig.LeaderID = []int64{o.U2.ID}, &o.L1.ID
	MustCreateItem(t, st, orig, luoshi.ItemDerived{})

	next := orig.Clone()
	next.State, next.LeadUnitID, next.CoUnitIDs, next.LeaderID = luoshi.StateCompletionRequested, o.U3.ID, []int64{o.U1.ID, o.U4.ID}, &o.L2.ID
	next.Deadline, next.Percent, next.Version, next.UpdatedAt = at(-time.Hour), 80, 2, at(time.Millisecond)
	next.CompletionRequestedAt = ptr(at(-time.Minute))
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateItem(ctx, next, Lights(at(-time.Hour), at(-time.Hour)), 1) })
	assertUpdated := func(what string) {
		t.Helper()
		got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Item, error) { return tx.FindItemByID(ctx, orig.ID) })
		assertEqual(t, what, got, next)
		f := luoshi.ItemFilter{RegionID: o.A.ID, Now: T0}
		assertItems(t, what+": old co-unit", st, luoshi.ItemFilter{RegionID: o.A.ID, UnitID: &o.U2.ID})
		assertItems(t, what+": new co-unit", st, luoshi.ItemFilter{RegionID: o.A.ID, UnitID: &o.U4.ID}, next)
		assertItems(t, what+": old lead, now co-unit", st, luoshi.ItemFilter{RegionID: o.A.ID, UnitID: &o.U1.ID}, next)
		assertItems(t, what+": old lead only", st, luoshi.ItemFilter{RegionID: o.A.ID, UnitID: &o.U1.ID, LeadOnly: true})
		assertItems(t, what+": new lead only", st, luoshi.ItemFilter{RegionID: o.A.ID, UnitID: &o.U3.ID, LeadOnly: true}, next)
		assertItems(t, what+": old leader", st, luoshi.ItemFilter{RegionID: o.A.ID, LeaderID: &o.L1.ID})
		assertItems(t, what+": new leader", st, luoshi.ItemFilter{RegionID: o.A.ID, LeaderID: &o.L2.ID}, next)
		f.State = ptr(luoshi.StateCompletionRequested)
		assertItems(t, what+": new state", st, f, next)
		f.State, f.Light = nil, ptr(luoshi.LightRed)
		assertItems(t, what+": new light", st, f, next)
		f.Light, f.Overdue = nil, ptr(true)
		assertItems(t, what+": overdue (completion requested late)", st, f, next)
	}
	assertUpdated("after UpdateItem")

	// A stale version (the old one, or one from the future) is a conflict and changes nothing,
	// even when the transaction goes on to commit.
	for _, prev := range []int{1, 3} {
		stale := next.Clone()
		stale.State, stale.LeadUnitID, stale.CoUnitIDs, stale.LeaderID = luoshi.StateCancelled, o.U2.ID, []int64{o.U2.ID}, nil
		stale.Title, stale.Version = "不应保存", 3
		MustUpdate(t, st, func(tx luoshi.Tx) error {
			AssertCode(t, tx.UpdateItem(ctx, stale, luoshi.ItemDerived{}, prev), luoshi.ECONFLICT, "")
			return nil
		})
		assertUpdated(fmt.Sprintf("after UpdateItem with stale version %d", prev))
	}

	// UpdateItemOrRefuse: a stale version is the write's answer (at once, or when its
	// statement is sent), and changes nothing; a current one is UpdateItem.
	for _, prev := range []int{1, 3} {
		stale := next.Clone()
		stale.Title, stale.Version = "不应保存", 3
		err := st.Update(ctx, func(tx luoshi.Tx) error {
			if err := tx.UpdateItemOrRefuse(ctx, stale, luoshi.ItemDerived{}, prev); err != nil {
				return err
			}
			_, err := tx.FindRegionByID(ctx, o.A.ID) // a statement after it, as a write makes
			return err
		})
		AssertCode(t, err, luoshi.ECONFLICT, "")
		assertUpdated(fmt.Sprintf("after UpdateItemOrRefuse with stale version %d", prev))
	}
	again := next.Clone()
	again.Version, again.UpdatedAt = 3, at(2*time.Millisecond)
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		return tx.UpdateItemOrRefuse(ctx, again, Lights(at(-time.Hour), at(-time.Hour)), 2)
	})
	next = again
	assertUpdated("after UpdateItemOrRefuse")
}

func testUpdateItemDerived(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	it := MustCreateItem(t, st, o.item(o.U1, "事项"), luoshi.ItemDerived{Percent: 10})
	other := MustCreateItem(t, st, o.item(o.U1, "其他"), luoshi.ItemDerived{})
	light := func(l luoshi.Light, now time.Time, want ...*luoshi.Item) {
		t.Helper()
		assertItems(t, fmt.Sprintf("light %s at T0%+v", l, now.Sub(T0)), st,
			luoshi.ItemFilter{RegionID: o.A.ID, Light: &l, Now: now}, want...)
	}
	light(luoshi.LightGreen, at(100*day), it, other)

	MustUpdate(t, st, func(tx luoshi.Tx) error {
		d := Lights(at(-time.Hour), at(time.Hour))
		d.Percent = 50
		return tx.UpdateItemDerived(ctx, it.ID, d)
	})
	light(luoshi.LightYellow, T0, it)
	light(luoshi.LightRed, at(time.Hour), it)
	light(luoshi.LightGreen, at(-time.Hour-time.Millisecond), it, other)
	// The doc is not touched: the item, its version included, is as it was created.
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Item, error) { return tx.FindItemByID(ctx, it.ID) })
	assertEqual(t, "item after UpdateItemDerived", got, it)

	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateItemDerived(ctx, it.ID, luoshi.ItemDerived{}) })
	light(luoshi.LightGreen, at(100*day), it, other)
	light(luoshi.LightRed, at(100*day))
}

func testEvents(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	clerk := MustCreateUser(t, st, o.A.ID, o.U1.ID, "liaison", luoshi.RoleLiaison)
	it := MustCreateItem(t, st, o.item(o.U1, "事项"), luoshi.ItemDerived{})
	other := MustCreateItem(t, st, o.item(o.U2, "其他"), luoshi.ItemDerived{})
	snapshot := it.Clone()
	events := []*luoshi.Event{
		{ItemID: it.ID, Seq: 1, Kind: luoshi.EventCreated, ActorID: o.User.ID, At: T0, Data: luoshi.EventData{Item: snapshot}},
		{ItemID: it.ID, Seq: 3, Kind: luoshi.EventExtensionRequested, ActorID: clerk.ID, At: at(2*day + 2*time.Millisecond),
			Data: luoshi.EventData{Reason: "征地", Percent: ptr(40), Deadline: ptr(at(60 * day))}},
		{ItemID: it.ID, Seq: 2, Kind: luoshi.EventReported, ActorID: clerk.ID, At: at(day + time.Millisecond),
			Data: luoshi.EventData{Text: "已完成方案", Percent: ptr(30), Problems: "资金", NextSteps: "报批", MilestonesDone: []int{1}}},
		{ItemID: other.ID, Seq: 1, Kind: luoshi.EventCreated, ActorID: o.User.ID, At: T0, Data: luoshi.EventData{Item: other.Clone()}},
	}
	for _, e := range events {
		MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.AppendEvent(ctx, e, o.A.ID) })
		if e.ID == 0 {
			t.Errorf("AppendEvent(seq %d) left the id zero", e.Seq)
		}
	}
	want := []luoshi.Event{*events[0], *events[2], *events[1]}
	want[0].ActorName, want[1].ActorName, want[2].ActorName = o.User.Name, clerk.Name, clerk.Name
	find := func() []luoshi.Event {
		t.Helper()
		return MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.Event, error) { return tx.FindEvents(ctx, it.ID) })
	}
	assertEqual(t, "FindEvents, by seq with actor names", find(), want)

	err := st.Update(ctx, func(tx luoshi.Tx) error {
		return tx.AppendEvent(ctx, &luoshi.Event{ItemID: it.ID, Seq: 2, Kind: luoshi.EventCommented,
			ActorID: clerk.ID, At: at(3 * day), Data: luoshi.EventData{Text: "重复"}}, o.A.ID)
	})
	AssertCode(t, err, luoshi.ECONFLICT, "")
	assertEqual(t, "FindEvents after a duplicate seq", find(), want)

	none := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.Event, error) { return tx.FindEvents(ctx, other.ID+100) })
	if len(none) != 0 {
		t.Errorf("FindEvents(unknown item) = %v, want none", none)
	}

	// Pages going back in time: seven more events (seq 4..10), pages of three from the newest.
	for seq := 4; seq <= 10; seq++ {
		e := &luoshi.Event{ItemID: it.ID, Seq: seq, Kind: luoshi.EventCommented, ActorID: clerk.ID,
			At: at(time.Duration(seq) * day), Data: luoshi.EventData{Text: fmt.Sprint("第", seq, "条")}}
		MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.AppendEvent(ctx, e, o.A.ID) })
	}
	all := find()
	type page struct {
		evs  []luoshi.Event
		next string
	}
	read := func(cursor string, limit int) (page, error) {
		t.Helper()
		var p page
		var item *luoshi.Item
		err := st.View(ctx, func(tx luoshi.Tx) error {
			var err error
			if item, err = tx.FindItemByID(ctx, it.ID); err != nil {
				return err
			}
			p.evs, p.next, err = tx.FindEventsPage(ctx, it.ID, cursor, limit)
			return err
		})
		// FindItemEventsPage, in a read of one statement: the item and the same page.
		var q page
		var got *luoshi.Item
		oneErr := viewOne(ctx, st, func(tx luoshi.Tx) error {
			var err error
			got, q.evs, q.next, err = tx.FindItemEventsPage(ctx, it.ID, cursor, limit)
			return err
		})
		if (err == nil) != (oneErr == nil) || err != nil && luoshi.ErrorCode(err) != luoshi.ErrorCode(oneErr) {
			t.Fatalf("FindItemEventsPage(%q, %d): %v; FindEventsPage: %v", cursor, limit, oneErr, err)
		}
		if err == nil {
			assertEqual(t, "FindItemEventsPage's item", got, item)
			assertEqual(t, "FindItemEventsPage's page", q, p)
		}
		return p, err
	}
	var got [][]luoshi.Event
	cursor := ""
	for range 10 {
		p, err := read(cursor, 3)
		if err != nil {
			t.Fatalf("FindEventsPage(cursor %q, 3): %v", cursor, err)
		}
		got = append(got, p.evs)
		if cursor = p.next; cursor == "" {
			break
		}
	}
	// 10 events: pages 8–10, 5–7, 2–4, 1 — each oldest first.
	wantPages := [][]luoshi.Event{all[7:10], all[4:7], all[1:4], all[0:1]}
	assertEqual(t, "FindEventsPage, pages of 3 from the newest", got, wantPages)
	if p, err := read("", 10); err != nil || p.next != "" || len(p.evs) != 10 {
		t.Errorf("FindEventsPage(limit = all 10) = %d events, next %q, %v; want all, no next page", len(p.evs), p.next, err)
	}
	if p, err := read("", 100); err != nil || p.next != "" || !reflect.DeepEqual(p.evs, all) {
		t.Errorf("FindEventsPage(limit 100) = %d events, next %q, %v; want the item's 10 (not another item's)", len(p.evs), p.next, err)
	}
	for _, bad := range []string{"x", "!!", encodedCursorOf("i0"), encodedCursorOf("i-5"), encodedCursorOf("n5"), encodedCursorOf("i4294967296")} {
		_, err := read(bad, 3)
		AssertCode(t, err, luoshi.EINVALID, "cursor")
	}
	// An item without events: the item and an empty page; no item: not found.
	bare := MustCreateItem(t, st, o.item(o.U2, "无事件"), luoshi.ItemDerived{})
	err = viewOne(ctx, st, func(tx luoshi.Tx) error {
		got, evs, next, err := tx.FindItemEventsPage(ctx, bare.ID, "", 3)
		if err == nil && (got.ID != bare.ID || len(evs) != 0 || next != "") {
			t.Errorf("FindItemEventsPage(an item without events) = %d, %v, %q; want item %d, none", got.ID, evs, next, bare.ID)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = viewOne(ctx, st, func(tx luoshi.Tx) error { _, _, _, err := tx.FindItemEventsPage(ctx, other.ID+100, "", 3); return err })
	AssertCode(t, err, luoshi.ENOTFOUND, "")
}

// viewOne is the store's ViewOne where it has one, else View.
func viewOne(ctx context.Context, st luoshi.Store, fn func(luoshi.Tx) error) error {
	if v, ok := st.(luoshi.OneStatementViewer); ok {
		return v.ViewOne(ctx, fn)
	}
	return st.View(ctx, fn)
}

func encodedCursorOf(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func testFindItemsFields(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	var all []*luoshi.Item
	for i, s := range luoshi.States {
		it := o.item(o.U1, "事项 "+string(s))
		it.State = s
		it.Priority = luoshi.Priorities[i%len(luoshi.Priorities)]
		it.Source = luoshi.Sources[i%len(luoshi.Sources)]
		all = append(all, MustCreateItem(t, st, it, luoshi.ItemDerived{}))
	}
	// The same facts in region B must never show in region A.
	for _, s := range luoshi.States {
		it := NewItem(o.B.ID, o.UB.ID, "B "+string(s))
		it.State = s
		MustCreateItem(t, st, it, luoshi.ItemDerived{})
	}
	match := func(keep func(*luoshi.Item) bool) []*luoshi.Item {
		var out []*luoshi.Item
		for _, it := range all {
			if keep(it) {
				out = append(out, it)
			}
		}
		return out
	}
	assertItems(t, "no filter", st, luoshi.ItemFilter{RegionID: o.A.ID}, all...)
	for _, s := range luoshi.States {
		assertItems(t, "state "+string(s), st, luoshi.ItemFilter{RegionID: o.A.ID, State: &s},
			match(func(it *luoshi.Item) bool { return it.State == s })...)
	}
	for _, p := range luoshi.Priorities {
		assertItems(t, "priority "+string(p), st, luoshi.ItemFilter{RegionID: o.A.ID, Priority: &p},
			match(func(it *luoshi.Item) bool { return it.Priority == p })...)
	}
	for _, s := range luoshi.Sources {
		assertItems(t, "source "+string(s), st, luoshi.ItemFilter{RegionID: o.A.ID, Source: &s},
			match(func(it *luoshi.Item) bool { return it.Source == s })...)
	}
	// Filters combine with AND.
	s, p := luoshi.StateCompleted, luoshi.Priorities[5%len(luoshi.Priorities)]
	assertItems(t, "state and priority", st, luoshi.ItemFilter{RegionID: o.A.ID, State: &s, Priority: &p}, all[5])
	p = luoshi.PriorityUrgent
	assertItems(t, "state and another priority", st, luoshi.ItemFilter{RegionID: o.A.ID, State: &s, Priority: &p})
}

// lightItem is an item of the light fixture and its stored light times.
type lightItem struct {
	it   *luoshi.Item
	y, r *time.Time
}

func testFindItemsLight(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	ms := time.Millisecond
	var fixture []lightItem
	add := func(state luoshi.State, y, r *time.Time) *luoshi.Item {
		it := o.item(o.U1, "灯 "+string(state))
		it.State = state
		it = MustCreateItem(t, st, it, luoshi.ItemDerived{YellowAt: y, RedAt: r})
		fixture = append(fixture, lightItem{it, y, r})
		return it
	}
	green := add(luoshi.StateInProgress, nil, nil)
	yellowAtT0 := add(luoshi.StateInProgress, ptr(T0), ptr(at(time.Hour)))
	redAtT0 := add(luoshi.StateAssigned, ptr(at(-time.Hour)), ptr(T0))
	add(luoshi.StateDraft, ptr(T0), ptr(T0))
	add(luoshi.StateDeclined, ptr(at(ms)), ptr(at(2*ms)))
	add(luoshi.StateInProgress, ptr(at(-2*time.Hour)), nil)
	add(luoshi.StateCompletionRequested, ptr(at(-time.Hour)), ptr(at(-time.Hour)))
	add(luoshi.StateCompletionRequested, nil, nil)
	// Closed items take their light from the state, whatever the stored times say.
	add(luoshi.StateCompleted, ptr(at(-time.Hour)), ptr(at(-time.Hour)))
	add(luoshi.StateSuspended, ptr(at(-time.Hour)), ptr(at(-time.Hour)))
	add(luoshi.StateCancelled, nil, nil)
	red := luoshi.LightRed
	MustCreateItem(t, st, NewItem(o.B.ID, o.UB.ID, "B"), Lights(at(-day), at(-day)))

	// The boundaries, stated once by hand: yellow from YellowAt on, red from RedAt on.
	assertItems(t, "green just before", st, luoshi.ItemFilter{RegionID: o.A.ID, Light: ptr(luoshi.LightGreen), Now: at(-ms)},
		green, yellowAtT0, fixture[3].it, fixture[4].it, fixture[7].it)
	assertItems(t, "red at T0", st, luoshi.ItemFilter{RegionID: o.A.ID, Light: &red, Now: T0},
		redAtT0, fixture[3].it, fixture[6].it)

	// Everywhere else the light must agree with luoshi.LightAt.
	nows := []time.Time{at(-day), at(-2*time.Hour - ms), at(-2 * time.Hour), at(-time.Hour - ms), at(-time.Hour),
		at(-ms), T0, at(ms), at(2 * ms), at(time.Hour - ms), at(time.Hour), at(day)}
	for _, now := range nows {
		for _, l := range luoshi.Lights {
			var want []*luoshi.Item
			for _, x := range fixture {
				if luoshi.LightAt(x.it.State, x.y, x.r, now) == l {
					want = append(want, x.it)
				}
			}
			assertItems(t, fmt.Sprintf("light %s at T0%+v", l, now.Sub(T0)), st,
				luoshi.ItemFilter{RegionID: o.A.ID, Light: &l, Now: now}, want...)
		}
	}
}

// overdueAt is the service's rule: open, past the deadline, and not a completion requested
// by the deadline.
func overdueAt(it *luoshi.Item, now time.Time) bool {
	return it.State.Open() && now.After(it.Deadline) &&
		(it.State != luoshi.StateCompletionRequested || it.CompletionRequestedAt.After(it.Deadline))
}

func testFindItemsOverdue(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	ms := time.Millisecond
	var all []*luoshi.Item
	add := func(state luoshi.State, deadline time.Time, requested *time.Time) {
		it := o.item(o.U1, "逾期 "+string(state))
		it.State, it.Deadline, it.CompletionRequestedAt = state, deadline, requested
		// The light times as luoshi.Policy.LightTimes gives them.
		d := luoshi.ItemDerived{}
		if state.Open() && (state != luoshi.StateCompletionRequested || requested.After(deadline)) {
			d = Lights(deadline.Add(-day), deadline)
			if state == luoshi.StateCompletionRequested {
				d = Lights(deadline, deadline)
			}
		}
		all = append(all, MustCreateItem(t, st, it, d))
	}
	add(luoshi.StateInProgress, T0, nil)
	add(luoshi.StateAssigned, at(-ms), nil)
	add(luoshi.StateDraft, at(-day), nil)
	add(luoshi.StateDeclined, at(-day), nil)
	add(luoshi.StateDeclined, at(day), nil)
	add(luoshi.StateCompletionRequested, at(-2*time.Hour), ptr(at(-90*time.Minute)))
	add(luoshi.StateCompletionRequested, at(-time.Hour), ptr(at(-2*time.Hour)))
	add(luoshi.StateCompleted, at(-day), nil)
	add(luoshi.StateSuspended, at(-day), nil)
	add(luoshi.StateCancelled, at(-day), nil)
	MustCreateItem(t, st, NewItem(o.B.ID, o.UB.ID, "B"), Lights(at(-2*day), at(-day)))

	for _, now := range []time.Time{at(-ms), T0, at(ms), at(2 * day)} {
		for _, overdue := range []bool{true, false} {
			var want []*luoshi.Item
			for _, it := range all {
				if overdueAt(it, now) == overdue {
					want = append(want, it)
				}
			}
			assertItems(t, fmt.Sprintf("overdue=%v at T0%+v", overdue, now.Sub(T0)), st,
				luoshi.ItemFilter{RegionID: o.A.ID, Overdue: &overdue, Now: now}, want...)
		}
	}
	if !overdueAt(all[1], T0) || overdueAt(all[0], T0) || !overdueAt(all[0], at(ms)) {
		t.Errorf("the overdue fixture no longer straddles the deadline at T0")
	}
}

func testFindItemsUnits(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	mk := func(lead *luoshi.Unit, co []*luoshi.Unit, leader *luoshi.Leader, parent *luoshi.Item) *luoshi.Item {
		it := o.item(lead, "事项")
		for _, u := range co {
			it.CoUnitIDs = append(it.CoUnitIDs, u.ID)
		}
		if leader != nil {
			it.LeaderID = &leader.ID
		}
		if parent != nil {
			it.ParentID = &parent.ID
		}
		return MustCreateItem(t, st, it, luoshi.ItemDerived{})
	}
	i1 := mk(o.U1, nil, nil, nil)
	i2 := mk(o.U2, []*luoshi.Unit{o.U3}, nil, nil)
	i3 := mk(o.U3, nil, o.L1, nil)
	i4 := mk(o.U4, []*luoshi.Unit{o.U1, o.U2}, o.L2, nil)
	i5 := mk(o.U4, nil, o.L1, i3)
	i6 := mk(o.U2, nil, nil, i3)
	iB := MustCreateItem(t, st, NewItem(o.B.ID, o.UB.ID, "事项"), luoshi.ItemDerived{})
	A := func(f luoshi.ItemFilter) luoshi.ItemFilter { f.RegionID = o.A.ID; return f }

	assertItems(t, "region A", st, A(luoshi.ItemFilter{}), i1, i2, i3, i4, i5, i6)
	assertItems(t, "region B", st, luoshi.ItemFilter{RegionID: o.B.ID}, iB)
	assertItems(t, "region A, unit of B", st, A(luoshi.ItemFilter{UnitID: &o.UB.ID}))
	for _, c := range []struct {
		unit           *luoshi.Unit
		involved, lead []*luoshi.Item
	}{
		{o.U1, []*luoshi.Item{i1, i4}, []*luoshi.Item{i1}},
		{o.U2, []*luoshi.Item{i2, i4, i6}, []*luoshi.Item{i2, i6}},
		{o.U3, []*luoshi.Item{i2, i3}, []*luoshi.Item{i3}},
		{o.U4, []*luoshi.Item{i4, i5}, []*luoshi.Item{i4, i5}},
	} {
		assertItems(t, "unit "+c.unit.Name, st, A(luoshi.ItemFilter{UnitID: &c.unit.ID}), c.involved...)
		assertItems(t, "lead unit "+c.unit.Name, st, A(luoshi.ItemFilter{UnitID: &c.unit.ID, LeadOnly: true}), c.lead...)
	}
	assertItems(t, "leader L1", st, A(luoshi.ItemFilter{LeaderID: &o.L1.ID}), i3, i5)
	assertItems(t, "leader L2", st, A(luoshi.ItemFilter{LeaderID: &o.L2.ID}), i4)
	assertItems(t, "parent i3", st, A(luoshi.ItemFilter{ParentID: &i3.ID}), i5, i6)
	assertItems(t, "parent i1", st, A(luoshi.ItemFilter{ParentID: &i1.ID}))

	children := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) { return tx.FindChildren(ctx, i3.ID) })
	assertEqual(t, "FindChildren(i3)", sortedIDs(itemIDs(children)), sortedIDs([]int64{i5.ID, i6.ID}))
	children = MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) { return tx.FindChildren(ctx, i1.ID) })
	if len(children) != 0 {
		t.Errorf("FindChildren(i1) = %v, want none", itemIDs(children))
	}
	// Of several parents at once (a list's page), by id; of none, none.
	children = MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) { return tx.FindChildren(ctx, i1.ID, i3.ID, i5.ID) })
	assertEqual(t, "FindChildren(i1, i3, i5)", itemIDs(children), sortedIDs([]int64{i5.ID, i6.ID}))
	children = MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) { return tx.FindChildren(ctx) })
	if len(children) != 0 {
		t.Errorf("FindChildren() = %v, want none", itemIDs(children))
	}

	// Visibility: these units (lead or co-unit) or this leader; -1 is no leader.
	vis := func(leader int64, units ...*luoshi.Unit) luoshi.ItemFilter {
		f := A(luoshi.ItemFilter{VisibleUnits: []int64{}, VisibleLeader: leader})
		for _, u := range units {
			f.VisibleUnits = append(f.VisibleUnits, u.ID)
		}
		return f
	}
	assertItems(t, "visible U3", st, vis(-1, o.U3), i2, i3)
	assertItems(t, "visible U1 or L1", st, vis(o.L1.ID, o.U1), i1, i3, i4, i5)
	assertItems(t, "visible U1, U2", st, vis(-1, o.U1, o.U2), i1, i2, i4, i6)
	assertItems(t, "visible L2 only", st, vis(o.L2.ID), i4)
	assertItems(t, "visible nothing", st, vis(-1))
	assertItems(t, "visible UB from region A", st, vis(-1, o.UB))
	f := vis(-1, o.U2)
	f.UnitID = &o.U1.ID
	assertItems(t, "visible U2 and unit U1", st, f, i4)
}

func testFindItemsQuery(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	titles := []string{"推进招商引资项目落地", "乡村振兴督办事项", "完成率达到100%", "a_b 专项", "aXb 专项", `路径 C:\data`}
	items := make([]*luoshi.Item, len(titles))
	for i, title := range titles {
		items[i] = MustCreateItem(t, st, o.item(o.U1, title), luoshi.ItemDerived{})
	}
	MustCreateItem(t, st, NewItem(o.B.ID, o.UB.ID, "招商引资 a_b 100% 督办"), luoshi.ItemDerived{})
	for _, c := range []struct {
		q    string
		want []int
	}{
		{"招商", []int{0}},
		{"督办", []int{1}},
		{"乡村振兴", []int{1}},
		{"招商引资项目落地", []int{0}},
		{"专项", []int{3, 4}},
		{"100%", []int{2}},
		{"%", []int{2}},
		{"0%", []int{2}},
		{"_", []int{3}},
		{"a_b", []int{3}},
		{`\`, []int{5}},
		{`C:\d`, []int{5}},
		{"落实", nil},
	} {
		var want []*luoshi.Item
		for _, i := range c.want {
			want = append(want, items[i])
		}
		assertItems(t, fmt.Sprintf("query %q", c.q), st, luoshi.ItemFilter{RegionID: o.A.ID, Query: c.q}, want...)
	}
	s := luoshi.StateInProgress
	assertItems(t, "query and state", st, luoshi.ItemFilter{RegionID: o.A.ID, Query: "专项", State: &s}, items[3], items[4])
	s = luoshi.StateDraft
	assertItems(t, "query and another state", st, luoshi.ItemFilter{RegionID: o.A.ID, Query: "专项", State: &s})
}

// walk pages through FindItems with f, following NextCursor, and returns every id listed and
// the size of each page.
func walk(tb testing.TB, st luoshi.Store, f luoshi.ItemFilter) (ids []int64, pages []int) {
	tb.Helper()
	for range 100 {
		var next string
		items := MustRead(tb, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) {
			items, n, err := tx.FindItems(tb.Context(), f)
			next = n
			return items, err
		})
		if len(items) > f.Limit {
			tb.Errorf("FindItems with limit %d returned %d items", f.Limit, len(items))
		}
		ids, pages = append(ids, itemIDs(items)...), append(pages, len(items))
		if next == "" {
			return ids, pages
		}
		f.Cursor = next
	}
	tb.Fatalf("FindItems kept returning cursors after 100 pages")
	return nil, nil
}

func testFindItemsPagination(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	var all, ofU1 []*luoshi.Item
	for i := range 7 {
		// Interleave items of other units and of region B with the ones a filter keeps.
		it := MustCreateItem(t, st, o.item(o.U1, fmt.Sprintf("U1 %d", i)), luoshi.ItemDerived{})
		all, ofU1 = append(all, it), append(ofU1, it)
		if i%2 == 0 {
			all = append(all, MustCreateItem(t, st, o.item(o.U2, fmt.Sprintf("U2 %d", i)), luoshi.ItemDerived{}))
		}
		MustCreateItem(t, st, NewItem(o.B.ID, o.UB.ID, "B"), luoshi.ItemDerived{})
	}
	for _, c := range []struct {
		name  string
		f     luoshi.ItemFilter
		want  []*luoshi.Item
		pages []int
	}{
		{"region, limit 3", luoshi.ItemFilter{RegionID: o.A.ID, Limit: 3}, all, []int{3, 3, 3, 2}},
		{"region, limit 1", luoshi.ItemFilter{RegionID: o.A.ID, Limit: 1}, all, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"region, limit 11", luoshi.ItemFilter{RegionID: o.A.ID, Limit: 11}, all, []int{11}},
		{"region, limit 50", luoshi.ItemFilter{RegionID: o.A.ID, Limit: 50}, all, []int{11}},
		{"unit, limit 2", luoshi.ItemFilter{RegionID: o.A.ID, UnitID: &o.U1.ID, LeadOnly: true, Limit: 2}, ofU1, []int{2, 2, 2, 1}},
		{"unit, limit 7", luoshi.ItemFilter{RegionID: o.A.ID, UnitID: &o.U1.ID, LeadOnly: true, Limit: 7}, ofU1, []int{7}},
		{"empty", luoshi.ItemFilter{RegionID: o.A.ID, UnitID: &o.U4.ID, Limit: 3}, nil, []int{0}},
	} {
		ids, pages := walk(t, st, c.f)
		if want := newestFirst(c.want...); !slices.Equal(ids, want) {
			t.Errorf("%s: walked %v, want %v newest first, each once", c.name, ids, want)
		}
		if !slices.Equal(pages, c.pages) {
			t.Errorf("%s: page sizes %v, want %v (the last page has no cursor)", c.name, pages, c.pages)
		}
	}
	for _, cursor := range []string{"not a cursor", "!!!", "eyJpZCI6MX0", "MTIz"} {
		err := st.View(ctx, func(tx luoshi.Tx) error {
			_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: o.A.ID, Limit: 3, Cursor: cursor})
			return err
		})
		AssertCode(t, err, luoshi.EINVALID, "cursor")
	}
}

func testUnitStats(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	add := func(unit *luoshi.Unit, state luoshi.State, d luoshi.ItemDerived, edit func(*luoshi.Item)) {
		it := NewItem(unit.RegionID, unit.ID, "统计 "+string(state))
		it.State = state
		if edit != nil {
			edit(it)
		}
		MustCreateItem(t, st, it, d)
	}
	none := luoshi.ItemDerived{}
	past := func(it *luoshi.Item) { it.Deadline = at(-time.Hour) }
	add(o.U1, luoshi.StateInProgress, none, nil)
	add(o.U1, luoshi.StateDraft, Lights(at(time.Millisecond), at(time.Hour)), nil)
	add(o.U1, luoshi.StateAssigned, Lights(T0, at(time.Hour)), nil)
	add(o.U1, luoshi.StateInProgress, Lights(at(-2*time.Hour), at(-time.Hour)), past)
	add(o.U1, luoshi.StateCompletionRequested, Lights(at(-3*time.Hour), at(-3*time.Hour)), func(it *luoshi.Item) {
		it.Deadline, it.CompletionRequestedAt = at(-3*time.Hour), ptr(at(-2*time.Hour))
	})
	add(o.U1, luoshi.StateSuspended, Lights(at(-time.Hour), at(-time.Hour)), past)
	add(o.U1, luoshi.StateCompleted, none, func(it *luoshi.Item) { it.OnTime = ptr(true) })
	add(o.U1, luoshi.StateCompleted, none, func(it *luoshi.Item) { it.OnTime = ptr(false) })
	add(o.U1, luoshi.StateCancelled, Lights(at(-time.Hour), at(-time.Hour)), past)
	// Co-units do not count: only the lead unit's items.
	add(o.U2, luoshi.StateDeclined, Lights(at(-time.Hour), T0), func(it *luoshi.Item) { it.CoUnitIDs = []int64{o.U1.ID} })
	add(o.UB, luoshi.StateInProgress, Lights(at(-time.Hour), at(-time.Minute)), past)

	byUnit := func(regionID int64) map[int64]luoshi.UnitStats {
		t.Helper()
		stats := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.UnitStats, error) { return tx.UnitStats(ctx, regionID, T0) })
		m := map[int64]luoshi.UnitStats{}
		for _, s := range stats {
			if _, dup := m[s.UnitID]; dup {
				t.Errorf("UnitStats lists unit %d twice", s.UnitID)
			}
			s.OnTimeRate = 0 // a rate is the service's business
			m[s.UnitID] = s
		}
		return m
	}
	assertEqual(t, "UnitStats(region A)", byUnit(o.A.ID), map[int64]luoshi.UnitStats{
		o.U1.ID: {UnitID: o.U1.ID, UnitName: "U1", Open: 5, Green: 2, Yellow: 1, Red: 2, Overdue: 2,
			Suspended: 1, Completed: 2, CompletedOnTime: 1},
		o.U2.ID: {UnitID: o.U2.ID, UnitName: "U2", Open: 1, Red: 1},
		o.U3.ID: {UnitID: o.U3.ID, UnitName: "U3"},
		o.U4.ID: {UnitID: o.U4.ID, UnitName: "U4"},
	})
	assertEqual(t, "UnitStats(region B)", byUnit(o.B.ID), map[int64]luoshi.UnitStats{
		o.UB.ID: {UnitID: o.UB.ID, UnitName: "UB", Open: 1, Red: 1, Overdue: 1},
	})

	// The rows counted in memory (the service's stats) count as the SQL does, at any time.
	for _, region := range []int64{o.A.ID, o.B.ID} {
		rows := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.StatRow, error) { return tx.StatRows(ctx, region, nil) })
		units := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Unit, error) { return tx.FindUnits(ctx, region) })
		for _, now := range []time.Time{at(-4 * time.Hour), at(-2 * time.Hour), at(-time.Hour), T0, at(time.Millisecond), at(2 * time.Hour)} {
			want := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.UnitStats, error) { return tx.UnitStats(ctx, region, now) })
			assertEqual(t, fmt.Sprintf("CountStats(StatRows(region %d)) at %s", region, now.Sub(T0)), luoshi.CountStats(rows, units, now), want)
		}
		for _, r := range rows {
			if r.State == luoshi.StateCancelled {
				t.Errorf("StatRows(region %d) lists cancelled item %d", region, r.ID)
			}
		}
	}
	// Given ids, StatRows reads those of the region's items whatever their state.
	cancelled := luoshi.StateCancelled
	all := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) {
		items, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: o.A.ID, Limit: 100})
		if err != nil {
			return nil, err
		}
		more, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: o.A.ID, State: &cancelled, Limit: 100})
		return append(items, more...), err
	})
	var ids []int64
	states := map[int64]luoshi.State{}
	for _, it := range all {
		if _, dup := states[it.ID]; !dup {
			ids, states[it.ID] = append(ids, it.ID), it.State
		}
	}
	other := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.StatRow, error) { return tx.StatRows(ctx, o.B.ID, nil) })
	picked := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.StatRow, error) {
		return tx.StatRows(ctx, o.A.ID, append(ids, other[0].ID))
	})
	got := map[int64]luoshi.State{}
	for _, r := range picked {
		got[r.ID] = r.State
	}
	assertEqual(t, "StatRows(region A, its ids and one of region B)", got, states)
	if !slices.Contains(slices.Collect(maps.Values(states)), luoshi.StateCancelled) {
		t.Errorf("region A's items %v: want the cancelled one among them", states)
	}
	if rows := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.StatRow, error) { return tx.StatRows(ctx, o.A.ID, []int64{}) }); len(rows) != 0 {
		t.Errorf("StatRows with no ids = %v; want none", rows)
	}
}

func testCalendar(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	list := func() []luoshi.CalendarDay {
		t.Helper()
		return MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.CalendarDay, error) { return tx.CalendarDays(ctx) })
	}
	if days := list(); len(days) != 0 {
		t.Errorf("a new store has calendar days %v", days)
	}
	put := func(days ...luoshi.CalendarDay) {
		t.Helper()
		MustUpdate(t, st, func(tx luoshi.Tx) error {
			for _, d := range days {
				if err := tx.PutCalendarDay(ctx, d); err != nil {
					return err
				}
			}
			return nil
		})
	}
	national := luoshi.CalendarDay{Date: "2026-10-01", Kind: luoshi.DayHoliday, Name: "国庆节"}
	newYear := luoshi.CalendarDay{Date: "2026-01-01", Kind: luoshi.DayHoliday, Name: "元旦"}
	makeUp := luoshi.CalendarDay{Date: "2026-09-27", Kind: luoshi.DayWorkday, Name: "国庆节调休"}
	put(national, newYear, makeUp)
	assertEqual(t, "CalendarDays sorted by date", list(), []luoshi.CalendarDay{newYear, makeUp, national})

	newYear.Name = "元旦节"
	makeUp.Kind, makeUp.Name = luoshi.DayHoliday, "改为休息"
	put(newYear, makeUp)
	assertEqual(t, "CalendarDays after upserts", list(), []luoshi.CalendarDay{newYear, makeUp, national})

	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.DeleteCalendarDay(ctx, makeUp.Date) })
	assertEqual(t, "CalendarDays after delete", list(), []luoshi.CalendarDay{newYear, national})
}

var errBoom = errors.New("boom")

func testRollback(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	base := MustCreateItem(t, st, o.item(o.U1, "已有事项"), luoshi.ItemDerived{})
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		return tx.AppendEvent(ctx, &luoshi.Event{ItemID: base.ID, Seq: 1, Kind: luoshi.EventCreated,
			ActorID: o.User.ID, At: T0, Data: luoshi.EventData{Item: base.Clone()}}, o.A.ID)
	})
	before := snapshot(t, st, o, base.ID)

	err := st.Update(ctx, func(tx luoshi.Tx) error {
		r := &luoshi.Region{Code: "C", Name: "回滚", TZ: "Asia/Shanghai", CreatedAt: T0}
		u := &luoshi.Unit{RegionID: o.A.ID, Name: "回滚单位", Kind: "other", CreatedAt: T0}
		usr := &luoshi.User{RegionID: o.A.ID, UnitID: o.U1.ID, Username: "rollback", Name: "回滚", PasswordHash: "h",
			Roles: []luoshi.Role{luoshi.RoleStaff}, CreatedAt: T0}
		it := o.item(o.U1, "回滚事项")
		it.Code = "DB-2026-9999"
		next := base.Clone()
		next.State, next.Version = luoshi.StateCancelled, 2
		ev := &luoshi.Event{ItemID: base.ID, Seq: 2, Kind: luoshi.EventCancelled, ActorID: o.User.ID, At: at(time.Hour)}
		u1 := *o.U1
		u1.Name = "改名"
		if err := errors.Join(tx.CreateRegion(ctx, r), tx.CreateUnit(ctx, u), tx.UpdateUnit(ctx, &u1), tx.CreateUser(ctx, usr),
			tx.CreateLeader(ctx, &luoshi.Leader{RegionID: o.A.ID, Name: "回滚", Post: "p", Portfolio: []int64{}}),
			tx.CreateItem(ctx, it, luoshi.ItemDerived{}), tx.UpdateItem(ctx, next, luoshi.ItemDerived{}, 1),
			tx.UpdateItemDerived(ctx, base.ID, Lights(at(-time.Hour), at(-time.Hour))), tx.AppendEvent(ctx, ev, o.A.ID),
			tx.PutCalendarDay(ctx, luoshi.CalendarDay{Date: "2026-05-01", Kind: luoshi.DayHoliday, Name: "劳动节"}),
		); err != nil {
			t.Errorf("writes before the failure: %v", err)
		}
		if _, err := tx.NextItemNumber(ctx, o.A.ID, 2026); err != nil {
			t.Errorf("NextItemNumber: %v", err)
		}
		return fmt.Errorf("give up: %w", errBoom)
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update returned %v, want the callback's error", err)
	}
	assertEqual(t, "store after a failed Update", snapshot(t, st, o, base.ID), before)

	// The store goes on working after a rollback.
	after := MustCreateItem(t, st, o.item(o.U2, "之后"), luoshi.ItemDerived{})
	if after.Code != before.NextCode {
		t.Errorf("the first item after the rollback got code %s, want %s", after.Code, before.NextCode)
	}
}

// testPanicRollsBack: a panic in a callback (which net/http recovers) must roll the
// transaction back and leave the store usable, rather than hold the writer forever.
func testPanicRollsBack(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	for _, run := range []func(context.Context, func(luoshi.Tx) error) error{st.Update, st.View} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("the callback's panic did not reach the caller")
				}
			}()
			_ = run(ctx, func(tx luoshi.Tx) error {
				_ = tx.CreateRegion(ctx, &luoshi.Region{Code: "P", Name: "panic", TZ: "UTC", CreatedAt: T0})
				panic("handler bug")
			})
		}()
	}
	wait, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var regions []*luoshi.Region
	err := st.Update(wait, func(tx luoshi.Tx) error {
		var err error
		if regions, err = tx.FindRegions(wait); err != nil {
			return err
		}
		return tx.CreateRegion(wait, &luoshi.Region{Code: "A", Name: "A", TZ: "UTC", CreatedAt: T0})
	})
	if err != nil {
		t.Fatalf("Update after a panicking callback: %v", err)
	}
	if len(regions) != 0 {
		t.Errorf("regions after the panicking callbacks = %v, want none", regions)
	}
}

// state is what testRollback compares before and after a failed transaction.
type state struct {
	Regions  []*luoshi.Region
	Units    []*luoshi.Unit
	Leaders  []*luoshi.Leader
	Users    int
	Items    []int64
	Base     *luoshi.Item
	Red      []int64
	Events   []luoshi.Event
	Calendar []luoshi.CalendarDay
	NextCode string
}

// snapshot reads state in one View; NextCode is the code the next item of region A would
// get, read without taking the number.
func snapshot(tb testing.TB, st luoshi.Store, o *org, itemID int64) state {
	tb.Helper()
	ctx := tb.Context()
	var s state
	err := st.View(ctx, func(tx luoshi.Tx) error {
		var errs [9]error
		s.Regions, errs[0] = tx.FindRegions(ctx)
		s.Units, errs[1] = tx.FindUnits(ctx, o.A.ID)
		s.Leaders, errs[2] = tx.FindLeaders(ctx, o.A.ID)
		s.Users, errs[3] = tx.CountUsers(ctx)
		var items []*luoshi.Item
		items, _, errs[4] = tx.FindItems(ctx, luoshi.ItemFilter{RegionID: o.A.ID, Limit: 100})
		s.Items = itemIDs(items)
		s.Base, errs[5] = tx.FindItemByID(ctx, itemID)
		items, _, errs[6] = tx.FindItems(ctx, luoshi.ItemFilter{RegionID: o.A.ID, Limit: 100, Now: T0, Light: ptr(luoshi.LightRed)})
		s.Red = itemIDs(items)
		s.Events, errs[7] = tx.FindEvents(ctx, itemID)
		s.Calendar, errs[8] = tx.CalendarDays(ctx)
		return errors.Join(errs[:]...)
	})
	if err != nil {
		tb.Fatalf("snapshot: %v", err)
	}
	// The next number is taken in a transaction that is then rolled back on purpose.
	err = st.Update(ctx, func(tx luoshi.Tx) error {
		n, err := tx.NextItemNumber(ctx, o.A.ID, 2026)
		if err != nil {
			return err
		}
		s.NextCode = fmt.Sprintf("DB-2026-%04d", n)
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		tb.Fatalf("snapshot: next number: %v", err)
	}
	return s
}

func testView(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	var it *luoshi.Item
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		it = o.item(o.U1, "同一事务")
		it.Code = "DB-2026-0001"
		if err := tx.CreateItem(ctx, it, luoshi.ItemDerived{}); err != nil {
			return err
		}
		// A transaction reads its own writes.
		got, err := tx.FindItemByID(ctx, it.ID)
		if err != nil {
			return err
		}
		assertEqual(t, "FindItemByID in the creating transaction", got, it)
		return nil
	})
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Item, error) { return tx.FindItemByID(ctx, it.ID) })
	assertEqual(t, "FindItemByID in a View after commit", got, it)
	// Each View sees what was committed before it began.
	for i := range 3 {
		MustCreateUser(t, st, o.A.ID, o.U2.ID, fmt.Sprintf("user%d", i), luoshi.RoleStaff)
		n := MustRead(t, st, func(tx luoshi.Tx) (int, error) { return tx.CountUsers(ctx) })
		if want := i + 2; n != want {
			t.Errorf("CountUsers after %d more users = %d, want %d", i+1, n, want)
		}
	}
}

// testFindItemsUnionPages pages through the lists that are unions — a unit's items (lead or
// co-unit), what a liaison sees (units or a leader) — alone, with filters and intersected,
// at every page size: each page is the newest of the union, nothing is listed twice or lost.
func testFindItemsUnionPages(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	var items []*luoshi.Item
	for i := range 30 {
		var it *luoshi.Item
		switch i % 5 {
		case 0:
			it = o.item(o.U1, "U1 leads")
		case 1:
			it = o.item(o.U2, "U1 co-unit")
			it.CoUnitIDs = []int64{o.U1.ID, o.U3.ID}
		case 2:
			it = o.item(o.U3, "L1 leads")
			it.LeaderID = &o.L1.ID
		case 3:
			it = o.item(o.U4, "U3 co-unit")
			it.CoUnitIDs = []int64{o.U3.ID}
		case 4:
			it = o.item(o.U1, "U1 leads, L1")
			it.LeaderID = &o.L1.ID
		}
		if i%3 == 0 {
			it.State = luoshi.StateAssigned
		}
		items = append(items, MustCreateItem(t, st, it, luoshi.ItemDerived{}))
		if i%4 == 0 {
			MustCreateItem(t, st, NewItem(o.B.ID, o.UB.ID, "B"), luoshi.ItemDerived{})
		}
	}
	involves := func(it *luoshi.Item, u *luoshi.Unit) bool {
		return it.LeadUnitID == u.ID || slices.Contains(it.CoUnitIDs, u.ID)
	}
	led := func(it *luoshi.Item, l *luoshi.Leader) bool { return it.LeaderID != nil && *it.LeaderID == l.ID }
	assigned := luoshi.StateAssigned
	for _, c := range []struct {
		name string
		f    luoshi.ItemFilter
		keep func(*luoshi.Item) bool
	}{
		{"unit U1", luoshi.ItemFilter{UnitID: &o.U1.ID}, func(it *luoshi.Item) bool { return involves(it, o.U1) }},
		{"unit U1 assigned", luoshi.ItemFilter{UnitID: &o.U1.ID, State: &assigned},
			func(it *luoshi.Item) bool { return involves(it, o.U1) && it.State == assigned }},
		{"visible U1 or L1", luoshi.ItemFilter{VisibleUnits: []int64{o.U1.ID}, VisibleLeader: o.L1.ID},
			func(it *luoshi.Item) bool { return involves(it, o.U1) || led(it, o.L1) }},
		{"visible U3, U4", luoshi.ItemFilter{VisibleUnits: []int64{o.U3.ID, o.U4.ID}, VisibleLeader: -1},
			func(it *luoshi.Item) bool { return involves(it, o.U3) || involves(it, o.U4) }},
		{"visible U1 or L1, assigned", luoshi.ItemFilter{VisibleUnits: []int64{o.U1.ID}, VisibleLeader: o.L1.ID, State: &assigned},
			func(it *luoshi.Item) bool { return (involves(it, o.U1) || led(it, o.L1)) && it.State == assigned }},
		{"unit U3 visible to U1", luoshi.ItemFilter{UnitID: &o.U3.ID, VisibleUnits: []int64{o.U1.ID}, VisibleLeader: -1},
			func(it *luoshi.Item) bool { return involves(it, o.U3) && involves(it, o.U1) }},
		{"unit UB", luoshi.ItemFilter{UnitID: &o.UB.ID}, func(*luoshi.Item) bool { return false }},
	} {
		var want []*luoshi.Item
		for _, it := range items {
			if c.keep(it) {
				want = append(want, it)
			}
		}
		if len(want) == 0 && c.name != "unit UB" {
			t.Fatalf("%s: the fixture keeps nothing", c.name)
		}
		for _, limit := range []int{1, 2, 3, 7, 50} {
			f := c.f
			f.RegionID, f.Limit = o.A.ID, limit
			ids, pages := walk(t, st, f)
			if w := newestFirst(want...); !slices.Equal(ids, w) {
				t.Errorf("%s, limit %d: walked %v, want %v newest first, each once", c.name, limit, ids, w)
			}
			for k, n := range pages {
				if n != limit && k < len(pages)-1 {
					t.Errorf("%s, limit %d: page %d has %d items", c.name, limit, k+1, n)
				}
			}
		}
	}
}

// testUpdateLeader: UpdateLeader rewrites the name, post, rank and scope and replaces the
// portfolio (分管调整) of that leader alone; the region stays; a missing leader is
// ENOTFOUND; a failed transaction keeps the old portfolio. That the portfolio's units belong
// to the leader's region is the service's rule (service.UpdateLeader checks it, the API
// tests refuse another region's unit): the store persists what it is given.
func testUpdateLeader(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	ra, rb := MustCreateRegion(t, st, "A"), MustCreateRegion(t, st, "B")
	u1, u2, u3 := MustCreateUnit(t, st, ra.ID, "U1"), MustCreateUnit(t, st, ra.ID, "U2"), MustCreateUnit(t, st, ra.ID, "U3")
	first := MustCreateLeader(t, st, ra.ID, "李副县长", 1, u1.ID, u2.ID)
	second := MustCreateLeader(t, st, ra.ID, "王副县长", 2, u2.ID)
	other := MustCreateLeader(t, st, rb.ID, "外县副县长", 1, MustCreateUnit(t, st, rb.ID, "UB").ID)
	read := func(id int64) luoshi.Leader {
		l := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Leader, error) { return tx.FindLeaderByID(ctx, id) })
		c := *l
		c.Portfolio = sortedIDs(l.Portfolio)
		return c
	}
	ranked := func(region int64) []string {
		ls := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Leader, error) { return tx.FindLeaders(ctx, region) })
		var out []string
		for _, l := range ls {
			out = append(out, fmt.Sprintf("%s %s %v", l.Post, l.Name, sortedIDs(l.Portfolio)))
		}
		return out
	}

	// 分工调整: renamed, promoted ahead of the other, U1 handed over, U3 taken on.
	changed := *first
	changed.Name, changed.Post, changed.Rank, changed.Portfolio = "李建国", "常务副县长", 0, []int64{u3.ID, u2.ID}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateLeader(ctx, &changed) })
	want := changed
	want.Portfolio = sortedIDs(changed.Portfolio)
	assertEqual(t, "FindLeaderByID after UpdateLeader", read(first.ID), want)
	assertEqual(t, "FindLeaders after UpdateLeader (by rank)", ranked(ra.ID), []string{
		fmt.Sprintf("常务副县长 李建国 %v", sortedIDs([]int64{u2.ID, u3.ID})),
		fmt.Sprintf("副县长 王副县长 %v", []int64{u2.ID}),
	})
	assertEqual(t, "the other leader sharing U2", read(second.ID), *second)
	assertEqual(t, "another region's leader", read(other.ID), *other)

	// To the whole county and back: an empty portfolio is kept as empty, not nil.
	head := changed
	head.Post, head.AllUnits, head.Portfolio = "县长", true, []int64{}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateLeader(ctx, &head) })
	assertEqual(t, "FindLeaderByID after the portfolio is emptied", read(first.ID), head)
	back := head
	back.AllUnits, back.Portfolio = false, []int64{u1.ID}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateLeader(ctx, &back) })
	assertEqual(t, "FindLeaderByID after the portfolio is set again", read(first.ID), back)

	// The region is not something UpdateLeader changes.
	moved := back
	moved.RegionID = rb.ID
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateLeader(ctx, &moved) })
	assertEqual(t, "FindLeaderByID after an update naming another region", read(first.ID), back)
	assertEqual(t, "FindLeaders(region B) after it", ranked(rb.ID), []string{fmt.Sprintf("副县长 外县副县长 %v", other.Portfolio)})

	// A failed transaction keeps the old portfolio.
	err := st.Update(ctx, func(tx luoshi.Tx) error {
		lost := back
		lost.Name, lost.Portfolio = "回滚", []int64{u2.ID, u3.ID}
		if err := tx.UpdateLeader(ctx, &lost); err != nil {
			t.Errorf("UpdateLeader before the failure: %v", err)
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update returned %v, want the callback's error", err)
	}
	assertEqual(t, "FindLeaderByID after a failed Update", read(first.ID), back)

	missing := back
	missing.ID = first.ID + second.ID + other.ID + 100
	err = st.Update(ctx, func(tx luoshi.Tx) error { return tx.UpdateLeader(ctx, &missing) })
	AssertCode(t, err, luoshi.ENOTFOUND, "")
	if err := st.View(ctx, func(tx luoshi.Tx) error {
		_, err := tx.FindLeaderByID(ctx, missing.ID)
		return err
	}); luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
		t.Errorf("UpdateLeader of a missing leader left one behind: %v", err)
	}
}

// testCollabEvents: the region's events of the kinds asked for, in the time range (from
// included, to excluded), each with its item's code, title, priority and lead now, ordered
// by item and seq; never another region's, another kind's or another time's.
func testCollabEvents(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	first := o.item(o.U2, "甲事项")
	first.Priority = luoshi.PriorityUrgent
	first = MustCreateItem(t, st, first, luoshi.ItemDerived{})
	second := MustCreateItem(t, st, o.item(o.U1, "乙事项"), luoshi.ItemDerived{})
	other := MustCreateItem(t, st, NewItem(o.B.ID, o.UB.ID, "外县事项"), luoshi.ItemDerived{})
	ev := func(it *luoshi.Item, seq int, kind luoshi.EventKind, d time.Duration, data luoshi.EventData) *luoshi.Event {
		return &luoshi.Event{ItemID: it.ID, Seq: seq, Kind: kind, ActorID: o.User.ID, At: at(d), Data: data}
	}
	events := []struct {
		e      *luoshi.Event
		region int64
	}{
		{ev(second, 1, luoshi.EventAssigned, time.Hour, luoshi.EventData{}), o.A.ID},
		{ev(first, 1, luoshi.EventAssigned, -time.Millisecond, luoshi.EventData{}), o.A.ID}, // before the range
		{ev(first, 2, luoshi.EventAssigned, 0, luoshi.EventData{}), o.A.ID},
		{ev(first, 3, luoshi.EventDeclined, time.Hour, luoshi.EventData{Reason: "职能不符"}), o.A.ID},
		{ev(first, 4, luoshi.EventCommented, 2*time.Hour, luoshi.EventData{Text: "另一种"}), o.A.ID},
		{ev(first, 5, luoshi.EventReassigned, 3*time.Hour, luoshi.EventData{FromUnitID: o.U1.ID, LeadUnitID: o.U2.ID}), o.A.ID},
		{ev(first, 6, luoshi.EventAccepted, day, luoshi.EventData{}), o.A.ID}, // the end of the range
		{ev(second, 2, luoshi.EventAccepted, 2*time.Hour, luoshi.EventData{}), o.A.ID},
		{ev(other, 1, luoshi.EventAssigned, time.Hour, luoshi.EventData{}), o.B.ID},
	}
	for _, x := range events {
		MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.AppendEvent(ctx, x.e, x.region) })
	}
	row := func(it *luoshi.Item, e *luoshi.Event) luoshi.CollabEvent {
		return luoshi.CollabEvent{ItemID: it.ID, Code: it.Code, Title: it.Title, Priority: it.Priority,
			LeadUnitID: it.LeadUnitID, Seq: e.Seq, Kind: e.Kind, At: e.At, Data: e.Data}
	}
	kinds := []luoshi.EventKind{luoshi.EventAssigned, luoshi.EventDeclined, luoshi.EventReassigned, luoshi.EventAccepted}
	got := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.CollabEvent, error) {
		return tx.CollabEvents(ctx, o.A.ID, kinds, T0, at(day))
	})
	want := []luoshi.CollabEvent{row(first, events[2].e), row(first, events[3].e), row(first, events[5].e),
		row(second, events[0].e), row(second, events[7].e)}
	if first.ID > second.ID {
		want = append(want[3:], want[:3]...)
	}
	assertEqual(t, "CollabEvents(region A, four kinds, one day)", got, want)

	got = MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.CollabEvent, error) {
		return tx.CollabEvents(ctx, o.A.ID, []luoshi.EventKind{luoshi.EventDeclined}, T0, at(day))
	})
	assertEqual(t, "CollabEvents(region A, declines)", got, []luoshi.CollabEvent{row(first, events[3].e)})
	got = MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.CollabEvent, error) {
		return tx.CollabEvents(ctx, o.B.ID, kinds, T0, at(day))
	})
	assertEqual(t, "CollabEvents(region B)", got, []luoshi.CollabEvent{row(other, events[8].e)})
	got = MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.CollabEvent, error) {
		return tx.CollabEvents(ctx, o.A.ID, kinds, at(2*day), at(3*day))
	})
	if len(got) != 0 {
		t.Errorf("CollabEvents(an empty range) = %v, want none", got)
	}
}

// testCoUnitFilters: a co-unit's lists filter on the item's state, deadline, light and
// schedule moments as they are now — the co-unit's rows carry copies of them (schema 19),
// which every write of the item (UpdateItem, UpdateItemDerived) must keep.
func testCoUnitFilters(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	o := newOrg(t, st)
	it := o.item(o.U1, "协办清单")
	it.State, it.Deadline, it.CoUnitIDs = luoshi.StateInProgress, at(day), []int64{o.U2.ID}
	d := Lights(at(12*time.Hour), at(day))
	it = MustCreateItem(t, st, it, d)
	other := o.item(o.U3, "他单位")
	other.State, other.Deadline, other.CoUnitIDs = luoshi.StateInProgress, at(-day), []int64{o.U4.ID}
	MustCreateItem(t, st, other, Lights(at(-2*day), at(-day)))

	overdue, red, yellow, green, blue := true, luoshi.LightRed, luoshi.LightYellow, luoshi.LightGreen, luoshi.LightBlue
	behind := luoshi.ScheduleBehind
	check := func(step string, wantOverdue bool, light luoshi.Light, wantBehind bool) {
		t.Helper()
		f := func(set func(*luoshi.ItemFilter)) luoshi.ItemFilter {
			f := luoshi.ItemFilter{RegionID: o.A.ID, UnitID: &o.U2.ID, Now: T0}
			set(&f)
			return f
		}
		one := func(ok bool) []*luoshi.Item {
			if ok {
				return []*luoshi.Item{it}
			}
			return nil
		}
		assertItems(t, step+": co-unit's overdue list", st, f(func(f *luoshi.ItemFilter) { f.Overdue = &overdue }), one(wantOverdue)...)
		for _, l := range []luoshi.Light{red, yellow, green, blue} {
			assertItems(t, fmt.Sprintf("%s: co-unit's %s list", step, l), st, f(func(f *luoshi.ItemFilter) { f.Light = &l }), one(l == light)...)
		}
		assertItems(t, step+": co-unit's behind list", st, f(func(f *luoshi.ItemFilter) { f.Schedule = &behind }), one(wantBehind)...)
		// A filter the co-unit rows do not carry (the title) still reads the item.
		assertItems(t, step+": co-unit's list by title", st, f(func(f *luoshi.ItemFilter) { f.Query = "协办"; f.Overdue = &overdue }), one(wantOverdue)...)
	}
	check("created", false, green, false)

	next := *it
	next.Deadline, next.Version = at(-time.Hour), it.Version+1
	d = Lights(at(-2*time.Hour), at(-time.Hour))
	d.Schedule = luoshi.ScheduleTimes{BehindAt: ptr(at(-time.Hour))}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateItem(ctx, &next, d, it.Version) })
	it = &next
	check("deadline passed (UpdateItem)", true, red, true)

	d = Lights(at(time.Hour), at(2*time.Hour))
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateItemDerived(ctx, it.ID, d) })
	check("lights moved on (UpdateItemDerived)", true, green, false)

	done := *it
	done.State, done.Version = luoshi.StateCompleted, it.Version+1
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateItem(ctx, &done, luoshi.ItemDerived{}, it.Version) })
	it = &done
	check("completed", false, blue, false)
}
