package store

import (
	"errors"
	"slices"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/storetest"
)

// TestRecipientsKeptUntilChanged: the notices' recipients read on the writer are the
// database's as it stands, whatever the writer keeps (orgcache.go): after an account is
// disabled, its preferences or roles change, an account is added, and after a change read
// inside a member that was then rolled back. On SQLite the second of two reads with nothing
// changed between them is answered from memory. PostgreSQL, which keeps nothing, gives the
// same answers.
func TestRecipientsKeptUntilChanged(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		r := storetest.MustCreateRegion(t, db, "330110")
		u := storetest.MustCreateUnit(t, db, r.ID, "县发改局")
		office := storetest.MustCreateUnit(t, db, r.ID, "县督查室")
		a := storetest.MustCreateUser(t, db, r.ID, u.ID, "a", luoshi.RoleLiaison)
		b := storetest.MustCreateUser(t, db, r.ID, u.ID, "b", luoshi.RoleStaff)
		s := storetest.MustCreateUser(t, db, r.ID, office.ID, "s", luoshi.RoleSupervisor)
		aud := luoshi.Audience{RegionID: r.ID, Units: []int64{u.ID}, Exclude: s.ID}

		find := func(change func(luoshi.Tx) error) []luoshi.Recipient {
			t.Helper()
			var rs []luoshi.Recipient
			err := db.Update(ctx, func(x luoshi.Tx) error {
				if change != nil {
					if err := change(x); err != nil {
						return err
					}
				}
				var err error
				rs, err = x.FindRecipients(ctx, aud)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return rs
		}
		want := func(what string, rs []luoshi.Recipient, ids ...int64) {
			t.Helper()
			var got []int64
			for _, r := range rs {
				got = append(got, r.UserID)
			}
			if !slices.Equal(got, ids) {
				t.Fatalf("%s: recipients %v, want %v", what, got, ids)
			}
		}

		want("first read", find(nil), a.ID, b.ID)
		second := find(nil)
		want("second read", second, a.ID, b.ID)
		if db.org != nil {
			if hits := db.org.hits.Load(); hits != 1 {
				t.Fatalf("the second read unchanged: %d answers from memory, want 1", hits)
			}
		}
		// An answer its caller changes does not change the next one.
		second[0].Name = "changed by the caller"
		if rs := find(nil); rs[0].Name != a.Name {
			t.Fatalf("a's name read again: %q, want %q", rs[0].Name, a.Name)
		}
		want("b disabled", find(func(x luoshi.Tx) error { return x.SetUserDisabled(ctx, b.ID, true) }), a.ID)
		want("b disabled, read again", find(nil), a.ID)
		want("b enabled", find(func(x luoshi.Tx) error { return x.SetUserDisabled(ctx, b.ID, false) }), a.ID, b.ID)

		prefs := luoshi.DefaultNotifyPrefs(a.ID)
		prefs.ByEmail, prefs.UpdatedAt = false, storetest.T0
		rs := find(func(x luoshi.Tx) error { return x.PutNotifyPrefs(ctx, &prefs) })
		want("a's preferences", rs, a.ID, b.ID)
		if rs[0].Prefs.ByEmail {
			t.Fatalf("a's preferences after the change: by e-mail still on")
		}
		if rs := find(nil); rs[0].Prefs.ByEmail {
			t.Fatalf("a's preferences read again: by e-mail still on")
		}

		want("b a supervisor", find(func(x luoshi.Tx) error {
			return x.SetUserRoles(ctx, b.ID, []luoshi.Role{luoshi.RoleSupervisor})
		}), a.ID)
		c := storetest.MustCreateUser(t, db, r.ID, u.ID, "c", luoshi.RoleLiaison)
		want("c added", find(nil), a.ID, c.ID)

		// A member disables a, reads the recipients (without a) and is rolled back: a is
		// still there for the next read.
		refused := errors.New("refused")
		err := db.Update(ctx, func(x luoshi.Tx) error {
			if err := x.SetUserDisabled(ctx, a.ID, true); err != nil {
				return err
			}
			rs, err := x.FindRecipients(ctx, aud)
			if err != nil {
				return err
			}
			want("a disabled inside the member", rs, c.ID)
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatalf("the refused member: %v", err)
		}
		want("after the member rolled back", find(nil), a.ID, c.ID)
	})
}

// TestWritesOf: the statements taken to change what the writer keeps — the organisation's
// tables (the recipients, the units) and the item tables (FindItemFamily's row).
func TestWritesOf(t *testing.T) {
	const org, items = writesOrgTables, writesItemTables
	for q, want := range map[string]int{
		`UPDATE users SET disabled = $1 WHERE id = $2`:                                        org,
		`insert into notify_prefs (user_id) values ($1) on conflict (user_id) do update`:      org,
		`DELETE FROM user_roles WHERE user_id = $1`:                                           org,
		"UPDATE\n\tusers SET failed_logins = 0":                                               org,
		`UPDATE units SET name = $1 WHERE id = $2`:                                            org,
		`SELECT u.id, p.updated_at FROM users u LEFT JOIN notify_prefs p ON p.user_id = u.id`: 0,
		`INSERT INTO item_co_units (item_id, unit_id) VALUES ($1, $2)`:                        items,
		`UPDATE items SET updated_at = $1 WHERE id = $2`:                                      items,
		`SELECT doc FROM items WHERE id = $1`:                                                 0,
		// A literal naming a table counts too: taken for a change, which costs a read.
		`INSERT INTO events (item_id, payload) VALUES ($1, '{"users":1}')`: org,
		`UPDATE items SET lead_unit_id = (SELECT id FROM units LIMIT 1)`:   org | items,
		`UPDATE usersettings SET x = 1`:                                    0,
		`INSERT INTO itemsets (id) VALUES (1)`:                             0,
	} {
		if got := writesOf(q); got != want {
			t.Errorf("writesOf(%q) = %b, want %b", q, got, want)
		}
	}
}

// TestUnitsKeptUntilChanged: the units the writer reads (FindUnitsByID, a create's check of its
// units) are the database's as it stands, in the order of their ids, whatever the writer keeps:
// after a unit is renamed, a unit added, and after a rename read inside a member that was then
// rolled back. On SQLite the second of two reads with nothing changed between them is
// answered from memory, and an answer changed by its caller does not change the next one.
func TestUnitsKeptUntilChanged(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		r := storetest.MustCreateRegion(t, db, "330110")
		u1 := storetest.MustCreateUnit(t, db, r.ID, "县发改局")
		u2 := storetest.MustCreateUnit(t, db, r.ID, "县财政局")
		find := func(change func(luoshi.Tx) error, ids ...int64) []string {
			t.Helper()
			var names []string
			err := db.Update(ctx, func(x luoshi.Tx) error {
				if change != nil {
					if err := change(x); err != nil {
						return err
					}
				}
				us, err := x.FindUnitsByID(ctx, ids)
				for _, u := range us {
					names = append(names, u.Name)
					u.Name = "changed by the caller"
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return names
		}
		want := func(what string, got []string, names ...string) {
			t.Helper()
			if !slices.Equal(got, names) {
				t.Fatalf("%s: units %q, want %q", what, got, names)
			}
		}
		want("first read", find(nil, u2.ID, u1.ID, u2.ID), "县发改局", "县财政局")
		want("second read", find(nil, u2.ID, u1.ID), "县发改局", "县财政局")
		if db.org != nil {
			if hits := db.org.hits.Load(); hits != 1 {
				t.Fatalf("the second read unchanged: %d answers from memory, want 1", hits)
			}
		}
		renamed := *u2
		renamed.Name = "县财政局（国资办）"
		want("u2 renamed", find(func(x luoshi.Tx) error { return x.UpdateUnit(ctx, &renamed) }, u1.ID, u2.ID),
			"县发改局", "县财政局（国资办）")
		want("u2 renamed, read again", find(nil, u2.ID), "县财政局（国资办）")
		u3 := storetest.MustCreateUnit(t, db, r.ID, "县教育局")
		want("u3 added", find(nil, u3.ID, u1.ID), "县发改局", "县教育局")

		refused := errors.New("refused")
		err := db.Update(ctx, func(x luoshi.Tx) error {
			back := *u1
			back.Name = "改名未成"
			if err := x.UpdateUnit(ctx, &back); err != nil {
				return err
			}
			us, err := x.FindUnitsByID(ctx, []int64{u1.ID})
			if err != nil {
				return err
			}
			if len(us) != 1 || us[0].Name != "改名未成" {
				t.Fatalf("the rename inside the member: %v", us)
			}
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatalf("the refused member: %v", err)
		}
		want("after the member rolled back", find(nil, u1.ID), "县发改局")
	})
}
