package storetest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

var bg = context.Background()

func testSettings(t *testing.T, st luoshi.Store) {
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.PutSetting(bg, "k", "one") })
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.PutSetting(bg, "k", "two") })
	got := MustRead(t, st, func(tx luoshi.Tx) ([2]any, error) {
		v, ok, err := tx.Setting(bg, "k")
		return [2]any{v, ok}, err
	})
	assertEqual(t, "setting", got, [2]any{"two", true})
	missing := MustRead(t, st, func(tx luoshi.Tx) (bool, error) {
		_, ok, err := tx.Setting(bg, "absent")
		return ok, err
	})
	assertEqual(t, "absent setting", missing, false)
}

func testCredentials(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	id := o.User.ID
	c := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Credentials, error) { return tx.FindCredentials(bg, id) })
	assertEqual(t, "changed at creation", c.PasswordChangedAt, o.User.CreatedAt)
	c.MustChangePassword, c.FailedLogins, c.LockedUntil = true, 3, at(time.Hour)
	c.TOTPSecret, c.TOTPEnabled, c.TOTPLastStep, c.PasswordHash = "sealed", true, 99, "h2"
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateCredentials(bg, c) })
	back := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Credentials, error) { return tx.FindCredentials(bg, id) })
	assertEqual(t, "credentials", *back, *c)
	_, err := readErr(st, func(tx luoshi.Tx) error { _, err := tx.FindCredentials(bg, 424242); return err })
	AssertCode(t, err, luoshi.ENOTFOUND, "")

	// History: newest first, limited.
	for i, h := range []string{"a", "b", "c"} {
		MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.AddPasswordHistory(bg, id, h, at(time.Duration(i)*time.Minute)) })
	}
	hist := MustRead(t, st, func(tx luoshi.Tx) ([]string, error) { return tx.PasswordHistory(bg, id, 2) })
	assertEqual(t, "history", hist, []string{"c", "b"})

	// Recovery codes work once.
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.SetRecoveryCodes(bg, id, []string{"r1", "r2"}) })
	use := func(h string) (ok bool) {
		MustUpdate(t, st, func(tx luoshi.Tx) (err error) { ok, err = tx.UseRecoveryCode(bg, id, h, at(0)); return err })
		return ok
	}
	assertEqual(t, "first use", use("r1"), true)
	assertEqual(t, "second use", use("r1"), false)
	assertEqual(t, "unknown", use("zz"), false)

	// Roles, disabling, sealed fields.
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		return tx.SetUserRoles(bg, id, []luoshi.Role{luoshi.RoleStaff, luoshi.RoleLeader})
	})
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.SetUserDisabled(bg, id, true) })
	u := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.User, error) { return tx.FindUserByID(bg, id) })
	assertEqual(t, "roles", u.Roles, []luoshi.Role{luoshi.RoleLeader, luoshi.RoleStaff})
	assertEqual(t, "disabled", u.Disabled, true)
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.SetUserSecrets(bg, id, "p-sealed", "i-sealed") })
	secrets := MustRead(t, st, func(tx luoshi.Tx) ([2]string, error) {
		p, i, err := tx.UserSecrets(bg, id)
		return [2]string{p, i}, err
	})
	assertEqual(t, "secrets", secrets, [2]string{"p-sealed", "i-sealed"})
	all := MustRead(t, st, func(tx luoshi.Tx) (map[int64][3]string, error) { return tx.AllUserSecrets(bg) })
	assertEqual(t, "all secrets", all, map[int64][3]string{id: {"p-sealed", "i-sealed", "sealed"}})
}

func readErr(st luoshi.Store, fn func(tx luoshi.Tx) error) (struct{}, error) {
	return struct{}{}, st.View(bg, fn)
}

func testSessions(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	other := MustCreateUser(t, st, o.A.ID, o.U2.ID, "other", luoshi.RoleLiaison)
	mk := func(user int64, hash string) *luoshi.Session {
		s := &luoshi.Session{Hash: hash, UserID: user, Kind: luoshi.SessionLogin, Name: "n", Pending: luoshi.PendingTOTP,
			CSRF: "c", Address: "127.0.0.1", UserAgent: "ua", CreatedAt: at(0), LastSeenAt: at(0), ExpiresAt: at(12 * time.Hour)}
		MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateSession(bg, s) })
		return s
	}
	s1, s2 := mk(o.User.ID, "h1"), mk(o.User.ID, "h2")
	mk(other.ID, "h3")
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Session, error) { return tx.FindSession(bg, "h1") })
	assertEqual(t, "session", *got, *s1)
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.SetSessionPending(bg, s1.ID, "") })
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.TouchSession(bg, s1.ID, at(time.Hour)) })
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.TouchSession(bg, s1.ID, at(time.Minute)) }) // never backwards
	got = MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Session, error) { return tx.FindSession(bg, "h1") })
	assertEqual(t, "pending", got.Pending, "")
	assertEqual(t, "last seen", got.LastSeenAt, at(time.Hour))
	list := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Session, error) { return tx.FindSessions(bg, o.User.ID) })
	assertEqual(t, "sessions of the user", len(list), 2)
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.DeleteSession(bg, s2.ID) })
	_, err := readErr(st, func(tx luoshi.Tx) error { _, err := tx.FindSession(bg, "h2"); return err })
	AssertCode(t, err, luoshi.ENOTFOUND, "")
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.DeleteUserSessions(bg, o.User.ID) })
	list = MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Session, error) { return tx.FindSessions(bg, o.User.ID) })
	assertEqual(t, "after deleting the user's sessions", len(list), 0)
	list = MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Session, error) { return tx.FindSessions(bg, other.ID) })
	assertEqual(t, "the other user's sessions", len(list), 1)
}

// plainChain and keyedChain are stand-ins for the chain (SHA-256 and HMAC-SHA-256): the store
// must store what it is given, in order — the trail starts plain, as a database migrated
// from before the keyed chain does, and goes on keyed.
var (
	plainChain = &luoshi.AuditChain{Hash: func(prev string, r *luoshi.AuditRecord) string {
		sum := sha256.Sum256(luoshi.AuditCanonical(prev, r))
		return hex.EncodeToString(sum[:])
	}}
	keyedChain = &luoshi.AuditChain{Hash: plainChain.Hash, KeyID: "k1", MAC: func(id string, data []byte) ([]byte, error) {
		m := hmac.New(sha256.New, []byte("test key "+id))
		m.Write(data)
		return m.Sum(nil), nil
	}}
)

func testAudit(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	var recs []*luoshi.AuditRecord
	for i, action := range []string{"login", "login", "item.created", "account.roles", "item.reported"} {
		r := &luoshi.AuditRecord{At: at(time.Duration(i) * 24 * time.Hour), RegionID: o.A.ID, ActorID: o.User.ID,
			ActorName: "supervisor", Address: "10.0.0.1", Action: action, Target: "t" + string(rune('a'+i)),
			Outcome: luoshi.OutcomeSuccess, Detail: "详情"}
		if i == 1 {
			r.Outcome, r.ActorID, r.RegionID = luoshi.OutcomeFailure, 0, 0
		}
		c := plainChain
		if i >= 2 {
			c = keyedChain
		}
		MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.AppendAudit(bg, r, c) })
		recs = append(recs, r)
	}
	var scanned []*luoshi.AuditRecord
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		return tx.ScanAudit(bg, func(r *luoshi.AuditRecord) error { scanned = append(scanned, r); return nil })
	})
	// The first keyed record after plain ones comes after the checkpoint signing where the
	// plain trail starts (here: at its beginning).
	assertEqual(t, "scan", len(scanned), 6)
	start := scanned[2]
	assertEqual(t, "keyed start", [3]string{start.Action, start.Detail, start.KeyID},
		[3]string{luoshi.ActionAuditCheckpoint, luoshi.AuditCheckpoint{}.Detail(), "k1"})
	assertEqual(t, "keyed start chains from the plain trail", start.PrevHash, recs[1].Hash)
	for i, r := range append(recs[:2:2], append([]*luoshi.AuditRecord{start}, recs[2:]...)...) {
		assertEqual(t, "scanned record", *scanned[i], *r)
		if i > 0 {
			assertEqual(t, "prev hash", r.PrevHash, scanned[i-1].Hash)
			assertEqual(t, "seq", r.Seq, scanned[i-1].Seq+1)
		}
	}
	assertEqual(t, "plain record", recs[1].MAC+recs[1].KeyID, "")
	assertEqual(t, "keyed record", recs[2].KeyID, "k1")
	if len(recs[2].MAC) != 64 {
		t.Errorf("keyed record's MAC %q", recs[2].MAC)
	}
	heads := MustRead(t, st, func(tx luoshi.Tx) ([3]string, error) {
		a, h, err := tx.AuditHead(bg)
		return [3]string{a.Hash, a.MAC, h}, err
	})
	assertEqual(t, "head", heads, [3]string{"", "", recs[4].Hash})
	v := luoshi.NewChainVerifier(keyedChain, luoshi.AuditAnchor{})
	for _, r := range scanned {
		v.Add(r)
	}
	assertEqual(t, "stored chain verifies", v.Finish(recs[4].Hash), luoshi.Msg{})
	find := func(f luoshi.AuditFilter) []string {
		f.Limit = 10
		page := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.AuditRecord, error) {
			p, _, err := tx.FindAudit(bg, f)
			return p, err
		})
		var out []string
		for _, r := range page {
			out = append(out, r.Target)
		}
		return out
	}
	assertEqual(t, "by action prefix", find(luoshi.AuditFilter{Action: "item."}), []string{"te", "tc"})
	assertEqual(t, "by outcome", find(luoshi.AuditFilter{Outcome: luoshi.OutcomeFailure}), []string{"tb"})
	assertEqual(t, "by actor", len(find(luoshi.AuditFilter{ActorID: o.User.ID})), 4)
	assertEqual(t, "by time", find(luoshi.AuditFilter{From: at(24 * time.Hour), To: at(3 * 24 * time.Hour)}), []string{"tc", "audit", "tb"})
	assertEqual(t, "by text", find(luoshi.AuditFilter{Query: "td"}), []string{"td"})
	assertEqual(t, "action with a wildcard", len(find(luoshi.AuditFilter{Action: "%"})), 0)
	page := MustRead(t, st, func(tx luoshi.Tx) ([2]any, error) {
		p, next, err := tx.FindAudit(bg, luoshi.AuditFilter{Limit: 2})
		return [2]any{len(p), next != ""}, err
	})
	assertEqual(t, "first page", page, [2]any{2, true})

	// Pruning keeps the chain anchored where the remaining records start.
	var cp luoshi.AuditCheckpoint
	MustUpdate(t, st, func(tx luoshi.Tx) (err error) { cp, err = tx.PruneAudit(bg, at(3*24*time.Hour)); return err })
	assertEqual(t, "checkpoint", cp, luoshi.AuditCheckpoint{Pruned: 4, ThroughSeq: recs[2].Seq, ThroughHash: recs[2].Hash, ThroughMAC: recs[2].MAC})
	heads = MustRead(t, st, func(tx luoshi.Tx) ([3]string, error) {
		a, h, err := tx.AuditHead(bg)
		return [3]string{a.Hash, a.MAC, h}, err
	})
	assertEqual(t, "anchor", heads, [3]string{recs[2].Hash, recs[2].MAC, recs[4].Hash})
	r := &luoshi.AuditRecord{At: at(5 * 24 * time.Hour), ActorName: "system", Action: luoshi.ActionAuditCheckpoint,
		Target: "audit", Outcome: "success", Detail: cp.Detail()}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.AppendAudit(bg, r, keyedChain) })
	assertEqual(t, "chains from the head after pruning", r.PrevHash, recs[4].Hash)
	v = luoshi.NewChainVerifier(keyedChain, luoshi.AuditAnchor{Hash: recs[2].Hash, MAC: recs[2].MAC})
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		return tx.ScanAudit(bg, func(r *luoshi.AuditRecord) error { v.Add(r); return nil })
	})
	assertEqual(t, "pruned chain verifies from its signed checkpoint", v.Finish(r.Hash), luoshi.Msg{})
}

func testAttachments(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	it := MustCreateItem(t, st, o.item(o.U1, "附件"), luoshi.ItemDerived{})
	a := &luoshi.Attachment{ItemID: it.ID, RegionID: o.A.ID, Name: "方案.pdf", StoredName: "abc123", ContentType: "application/pdf",
		Size: 42, SHA256: "ff", UploadedBy: o.User.ID, UploadedAt: at(0)}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateAttachment(bg, a) })
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Attachment, error) { return tx.FindAttachment(bg, a.ID) })
	assertEqual(t, "attachment", *got, *a)
	list := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Attachment, error) { return tx.FindAttachments(bg, it.ID) })
	assertEqual(t, "list", len(list), 1)
	_, err := readErr(st, func(tx luoshi.Tx) error { _, err := tx.FindAttachment(bg, 99999); return err })
	AssertCode(t, err, luoshi.ENOTFOUND, "")
}
