package main

import (
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"luoshi/internal/fieldcrypt"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// TestAuditKeyedVerify is acceptance 3 of the hardening issue, done to the database file and
// checked by `luoshi audit verify`: a trail begun plain (a database from before the keyed
// chain) goes on keyed once the server has the key file, across a key rotation, and
// verifies; then rewriting rows with recomputed plain SM3 hashes, cutting the tail with a
// rewritten head, and deleting old rows are each found — by someone who has the database
// file and the head file beside it, but not the key file.
func TestAuditKeyedVerify(t *testing.T) {
	bin := buildBinary(t)
	c := newCopyEnv(t)
	lite := c.demoCounty(t) // written by services without the audit keys: a plain trail
	file := strings.TrimPrefix(lite, "sqlite:")
	plain := auditCount(t, file, "")
	if plain < 10 || auditCount(t, file, "mac <> ''") != 0 {
		t.Fatalf("the demo's trail: %d records, want a plain trail", plain)
	}
	for _, gen := range []string{"k1", "k2"} {
		s := startServer(t, bin, nil, "--db", lite, "--key-file", c.keyFile)
		login(t, s.url, "duchashi", copyDemoPassword)
		request(t, "POST", s.url+"/api/v1/login", "", map[string]string{"username": "duchashi", "password": "wrong-Pass-1"}, nil)
		login(t, s.url, "duchashi", copyDemoPassword)
		s.stop(t)
		if gen == "k1" {
			if out, err := runBin(t, bin, t.TempDir(), "keys", "rotate", "--db", lite, "--key-file", c.keyFile); err != nil {
				t.Fatalf("rotate: %v %s", err, out)
			}
		}
	}
	// Each start and stop of the server is on the trail, the start first of all it writes.
	if n, m := auditCount(t, file, "action = 'server.start' AND mac <> ''"), auditCount(t, file, "action = 'server.stop' AND mac <> ''"); n != 2 || m != 2 {
		t.Errorf("server starts and stops audited: %d, %d; want 2, 2", n, m)
	}
	if n := auditCount(t, file, "key_id = 'k1'"); n < 3 {
		t.Errorf("records signed by k1: %d", n)
	}
	if n := auditCount(t, file, "key_id = 'k2'"); n < 3 {
		t.Errorf("records signed by k2 after the rotation: %d", n)
	}
	verify := func(dir string) (string, error) {
		return runBin(t, bin, dir, "audit", "verify", "--db", "sqlite:"+filepath.Join(dir, "a.db"), "--key-file", c.keyFile)
	}
	dir := copyDB(t, file)
	out, err := verify(dir)
	if err != nil || !strings.Contains(out, "intact") || !strings.Contains(out, fmt.Sprintf("from record id %d on", plain+1)) ||
		!strings.Contains(out, "head file "+filepath.Join(dir, "a.db.audit-head")+": names record id") {
		t.Fatalf("untouched: %v\n%s", err, out)
	}
	// Another key file, or none, cannot vouch for the trail; none is not made up on the spot.
	other := filepath.Join(t.TempDir(), "other.key")
	if err := fieldcrypt.CreateKeyFile(other); err != nil {
		t.Fatal(err)
	}
	if out, err := runBin(t, bin, dir, "audit", "verify", "--db", "sqlite:"+filepath.Join(dir, "a.db"), "--key-file", other); err == nil ||
		!strings.Contains(out, "MAC 不符") {
		t.Errorf("verified under another key file: %v\n%s", err, out)
	}
	missing := filepath.Join(t.TempDir(), "missing.key")
	if out, err := runBin(t, bin, dir, "audit", "verify", "--db", "sqlite:"+filepath.Join(dir, "a.db"), "--key-file", missing); err == nil ||
		!strings.Contains(out, "key file") {
		t.Errorf("verified without a key file: %v\n%s", err, out)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("audit verify created a key file")
	}

	last := auditCount(t, file, "")
	middle := int64(plain + 4) // a keyed record
	cases := []struct {
		name   string
		tamper func(t *testing.T, db *sql.DB, dir string)
		want   []string
	}{
		{"rewrite a keyed row, recompute the plain chain", func(t *testing.T, db *sql.DB, dir string) {
			mustExec(t, db, `UPDATE audit_log SET address = '10.9.9.9' WHERE id = $1`, middle)
			rechain(t, db)
		}, []string{fmt.Sprintf("id %d", middle), "MAC 不符"}},
		{"rewrite an old plain row, recompute the plain chain", func(t *testing.T, db *sql.DB, dir string) {
			mustExec(t, db, `UPDATE audit_log SET actor_name = 'someone' WHERE id = 5`)
			rechain(t, db)
		}, []string{fmt.Sprintf("id %d", plain+1), "MAC 不符"}},
		{"strip every MAC, recompute the plain chain", func(t *testing.T, db *sql.DB, dir string) {
			mustExec(t, db, `UPDATE audit_log SET mac = '', key_id = ''`)
			mustExec(t, db, `UPDATE audit_head SET mac = ''`)
			rechain(t, db)
		}, []string{"链头文件", "与数据库中的不符"}},
		{"strip every MAC, recompute the plain chain, remove the head file", func(t *testing.T, db *sql.DB, dir string) {
			mustExec(t, db, `UPDATE audit_log SET mac = '', key_id = ''`)
			mustExec(t, db, `UPDATE audit_head SET mac = ''`)
			rechain(t, db)
			os.Remove(filepath.Join(dir, "a.db.audit-head"))
		}, []string{"链头文件", "不存在", "密钥链没有被抹去"}},
		{"cut the tail, rewrite the head row", func(t *testing.T, db *sql.DB, dir string) {
			cutTail(t, db, 3)
		}, []string{"已不在审计记录中", "末尾的记录被删除"}},
		{"cut the tail, rewrite the head row, remove the head file", func(t *testing.T, db *sql.DB, dir string) {
			cutTail(t, db, 3)
			os.Remove(filepath.Join(dir, "a.db.audit-head"))
		}, []string{"不存在", "无法确认末尾的记录没有被截断"}},
		{"cut the tail, rewrite the head row and the head file", func(t *testing.T, db *sql.DB, dir string) {
			seq, id, mac := cutTail(t, db, 3)
			os.WriteFile(filepath.Join(dir, "a.db.audit-head"),
				fmt.Appendf(nil, "seq=%d id=%d key=k2 mac=%s sig=%s\n", seq, id, mac, strings.Repeat("0", 64)), 0o600)
		}, []string{"签名不符"}},
		{"delete old rows, move the anchor", func(t *testing.T, db *sql.DB, dir string) {
			deleteOld(t, db, 8, true)
		}, []string{"清理检查点", "旧记录被删除"}},
		{"delete old rows into the keyed chain, move the anchor", func(t *testing.T, db *sql.DB, dir string) {
			deleteOld(t, db, int64(plain+3), true)
		}, []string{"清理检查点", "旧记录被删除"}},
		{"delete old rows, keep the anchor", func(t *testing.T, db *sql.DB, dir string) {
			deleteOld(t, db, 8, false)
		}, []string{"id 9", "链接断开"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDB(t, file)
			db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "a.db"))
			if err != nil {
				t.Fatal(err)
			}
			mustExec(t, db, `DROP TRIGGER audit_log_no_update`)
			mustExec(t, db, `DROP TRIGGER audit_log_no_delete`)
			tc.tamper(t, db, dir)
			db.Close()
			out, err := verify(dir)
			if err == nil || !strings.Contains(out, "BROKEN") {
				t.Fatalf("a tampered trail (%d records) verified:\n%s", last, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("the verdict does not say %q:\n%s", w, out)
				}
			}
		})
	}
}

// auditCount counts the audit records matching a condition ("" for all).
func auditCount(t *testing.T, file, cond string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if cond == "" {
		cond = "1 = 1"
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE ` + cond).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// copyDB copies a stopped server's database (folded out of its WAL) and its head file into
// a new directory as a.db and a.db.audit-head.
func copyDB(t *testing.T, file string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `PRAGMA wal_checkpoint(TRUNCATE)`)
	db.Close()
	dir := t.TempDir()
	for from, to := range map[string]string{file: "a.db", service.AuditHeadPath(file): "a.db.audit-head"} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// rechain recomputes the plain SM3 chain from the anchor on and writes it back with the head
// row — what someone with the file but not the key can do after changing records.
func rechain(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT id, at, COALESCE(region_id, 0), COALESCE(actor_id, 0), actor_name, address, action, target,
		outcome, detail FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var recs []luoshi.AuditRecord
	for rows.Next() {
		var r luoshi.AuditRecord
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.RegionID, &r.ActorID, &r.ActorName, &r.Address, &r.Action, &r.Target, &r.Outcome, &r.Detail); err != nil {
			t.Fatal(err)
		}
		r.At = time.UnixMilli(at).UTC()
		recs = append(recs, r)
	}
	rows.Close()
	var prev string
	db.QueryRow(`SELECT anchor FROM audit_head`).Scan(&prev)
	for _, r := range recs {
		sum := sm3.Sum(luoshi.AuditCanonical(prev, &r))
		h := hex.EncodeToString(sum[:])
		mustExec(t, db, `UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3`, prev, h, r.ID)
		prev = h
	}
	mustExec(t, db, `UPDATE audit_head SET hash = $1`, prev)
}

// cutTail deletes the last n records and makes the head row name the last one left, as if
// they had never been written; it returns that record's seq, id and MAC.
func cutTail(t *testing.T, db *sql.DB, n int) (seq, id int64, mac string) {
	t.Helper()
	mustExec(t, db, `DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) FROM audit_log) - $1`, n)
	var hash string
	if err := db.QueryRow(`SELECT seq, id, hash, mac FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &id, &hash, &mac); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `UPDATE audit_head SET seq = $1, hash = $2, mac = $3`, seq, hash, mac)
	return seq, id, mac
}

// deleteOld deletes the records up to id through; with moveAnchor the head row's anchor is
// set to where the first one left chains from, as a prune would set it.
func deleteOld(t *testing.T, db *sql.DB, through int64, moveAnchor bool) {
	t.Helper()
	var hash, mac string
	if err := db.QueryRow(`SELECT hash, mac FROM audit_log WHERE id = $1`, through).Scan(&hash, &mac); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `DELETE FROM audit_log WHERE id <= $1`, through)
	if moveAnchor {
		mustExec(t, db, `UPDATE audit_head SET anchor = $1, anchor_mac = $2`, hash, mac)
	}
}
