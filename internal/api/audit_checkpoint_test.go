package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// TestAuditPruneCheckpoint: a prune writes a signed checkpoint naming the last record it
// deleted and how many, and the pruned trail verifies from it; rows deleted later without a
// checkpoint — the anchor moved as a prune would move it — are found, as is a checkpoint
// forged without the key. The auditor's verification answer says where the keyed chain
// starts, in the reader's language.
func TestAuditPruneCheckpoint(t *testing.T) {
	e := newEnv(t)
	e.token("a_ll")
	e.clock.Add(200 * 24 * time.Hour)
	e.token("b_ll")
	e.token("c_ll")
	n, err := e.svc.PruneAudit(context.Background(), 190)
	if err != nil || n == 0 {
		t.Fatalf("prune: %d %v", n, err)
	}
	var cps []*luoshi.AuditRecord
	e.svc.Store.View(context.Background(), func(tx luoshi.Tx) error {
		return tx.ScanAudit(context.Background(), func(r *luoshi.AuditRecord) error {
			if r.Action == luoshi.ActionAuditCheckpoint {
				cps = append(cps, r)
			}
			return nil
		})
	})
	if len(cps) != 1 || cps[0].MAC == "" {
		t.Fatalf("checkpoints after the prune: %+v", cps)
	}
	cp, ok := luoshi.ParseAuditCheckpoint(cps[0].Detail)
	if !ok || cp.Pruned != n || cp.ThroughHash == "" || cp.ThroughMAC == "" {
		t.Errorf("the checkpoint %q names %+v, want %d records", cps[0].Detail, cp, n)
	}
	res, err := e.svc.VerifyAudit(context.Background(), nil)
	if err != nil || !res.OK || res.Keyed != res.Records {
		t.Fatalf("after the prune: %+v %v", res, err)
	}
	// Back to a time when the auditor's password has not expired, to ask through the API.
	e.clock.Add(-200 * 24 * time.Hour)
	var answer struct {
		OK        bool  `json:"ok"`
		Keyed     int   `json:"keyed"`
		KeyedFrom int64 `json:"keyed_from"`
	}
	if st := e.call("aud", "GET", "/api/v1/audit/verify", nil, &answer); st != 200 || !answer.OK || answer.KeyedFrom == 0 {
		t.Errorf("verify answer: %d %+v", st, answer)
	}

	// A forged checkpoint (no key) naming where the trail would start after deleting two
	// more rows, then the rows deleted and the anchor moved.
	db := e.raw()
	defer db.Close()
	var throughID int64
	var hash, mac string
	db.QueryRow(`SELECT id, hash, mac FROM audit_log ORDER BY seq LIMIT 1 OFFSET 1`).Scan(&throughID, &hash, &mac)
	for _, q := range []string{dropAuditGuard("update"), dropAuditGuard("delete")} {
		if _, err := db.Exec(q); err != nil && !onPostgres() {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`DELETE FROM audit_log WHERE id <= $1`, throughID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE audit_head SET anchor = $1, anchor_mac = $2`, hash, mac); err != nil {
		t.Fatal(err)
	}
	res, err = e.svc.VerifyAudit(context.Background(), nil)
	if err != nil || res.OK || res.Problem.Key != "audit.chain.unattested" {
		t.Fatalf("rows deleted without a checkpoint: %+v %v", res, err)
	}
	var detail string
	if st := e.call("aud", "GET", "/api/v1/audit/verify", nil, &struct {
		Error *string `json:"error"`
	}{&detail}); st != 200 || !strings.Contains(detail, "清理检查点") {
		t.Errorf("the auditor's answer: %d %q", st, detail)
	}
}
