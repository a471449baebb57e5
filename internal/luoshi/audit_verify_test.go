package luoshi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"
)

// testChain is the chain with stand-in functions (SHA-256 and HMAC-SHA-256, keys k1 and k2).
func testChain(keyID string) *AuditChain {
	return &AuditChain{
		Hash: func(prev string, r *AuditRecord) string {
			s := sha256.Sum256(AuditCanonical(prev, r))
			return hex.EncodeToString(s[:])
		},
		MAC: func(id string, data []byte) ([]byte, error) {
			if id != "k1" && id != "k2" {
				return nil, errors.New("no such key")
			}
			m := hmac.New(sha256.New, []byte("key "+id))
			m.Write(data)
			return m.Sum(nil), nil
		},
		KeyID: keyID,
	}
}

// testTrail writes n records: plain ones first, then the keyed start, then keyed ones under
// k1 and (from the middle on) k2.
func testTrail(t *testing.T, plain, keyed int) []*AuditRecord {
	t.Helper()
	var out []*AuditRecord
	var prevHash, prevMAC string
	add := func(r *AuditRecord, c *AuditChain) {
		r.Seq, r.ID = int64(len(out)+1), int64(len(out)+1)
		if err := c.Seal(prevHash, prevMAC, r); err != nil {
			t.Fatal(err)
		}
		prevHash, prevMAC = r.Hash, r.MAC
		out = append(out, r)
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range plain {
		add(&AuditRecord{At: at.Add(time.Duration(i) * time.Hour), ActorName: "u", Action: "login", Outcome: OutcomeSuccess}, testChain(""))
	}
	add(KeyedStart(AuditAnchor{}, at.Add(time.Duration(plain)*time.Hour)), testChain("k1"))
	for i := range keyed {
		key := "k1"
		if i >= keyed/2 {
			key = "k2"
		}
		add(&AuditRecord{At: at.Add(time.Duration(plain+i+1) * time.Hour), ActorName: "u", Action: "item.reported", Outcome: OutcomeSuccess}, testChain(key))
	}
	return out
}

func verify(recs []*AuditRecord, anchor AuditAnchor, head string, mark *AuditMark) (Msg, *ChainVerifier) {
	v := NewChainVerifier(testChain("k2"), anchor)
	if mark != nil {
		v.ExpectMark(mark)
	}
	for _, r := range recs {
		v.Add(r)
	}
	return v.Finish(head), v
}

func markOf(r *AuditRecord) *AuditMark {
	return &AuditMark{Seq: r.Seq, ID: r.ID, MAC: r.MAC, KeyID: r.KeyID}
}

// TestChainVerifier: each way of changing a trail without the key, and what the verifier says.
func TestChainVerifier(t *testing.T) {
	cases := []struct {
		name   string
		change func(recs []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark)
		want   string // the problem's key, or the inner problem's for a broken record
		broken int64
	}{
		{"untouched", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			return r, AuditAnchor{}, r[len(r)-1].Hash, markOf(r[len(r)-1])
		}, "", 0},
		{"a keyed record changed, plain chain recomputed", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			r[6].Detail = "changed"
			rehash(r, "")
			return r, AuditAnchor{}, r[len(r)-1].Hash, markOf(r[len(r)-1])
		}, "audit.chain.mac", 7},
		{"a plain record changed, plain chain recomputed", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			r[1].Detail = "changed"
			rehash(r, "")
			return r, AuditAnchor{}, r[len(r)-1].Hash, markOf(r[len(r)-1])
		}, "audit.chain.mac", 4},
		{"a keyed record's MAC dropped", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			r[5].MAC, r[5].KeyID = "", ""
			return r, AuditAnchor{}, r[len(r)-1].Hash, nil
		}, "audit.chain.unkeyed", 6},
		{"signed by a key the file lacks", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			r[5].KeyID = "k9"
			return r, AuditAnchor{}, r[len(r)-1].Hash, nil
		}, "audit.chain.unknown_key", 6},
		{"the tail cut, the head row rewritten", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			mark := markOf(r[len(r)-1])
			r = r[:len(r)-2]
			return r, AuditAnchor{}, r[len(r)-1].Hash, mark
		}, "audit.chain.head_cut", 0},
		{"the tail cut, the head row not rewritten", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			head := r[len(r)-1].Hash
			return r[:len(r)-2], AuditAnchor{}, head, nil
		}, "audit.chain.tail", 0},
		{"old records deleted, the anchor moved", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			return r[5:], AuditAnchor{Hash: r[4].Hash, MAC: r[4].MAC}, r[len(r)-1].Hash, nil
		}, "audit.chain.unattested", 0},
		{"old plain records deleted, the anchor moved", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			return r[2:], AuditAnchor{Hash: r[1].Hash}, r[len(r)-1].Hash, nil
		}, "audit.chain.unattested", 0},
		{"old records deleted, the anchor kept", func(r []*AuditRecord) ([]*AuditRecord, AuditAnchor, string, *AuditMark) {
			return r[5:], AuditAnchor{}, r[len(r)-1].Hash, nil
		}, "audit.chain.link", 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			recs, anchor, head, mark := c.change(testTrail(t, 3, 8))
			got, v := verify(recs, anchor, head, mark)
			key := got.Key
			if key == "audit.chain.broken" {
				key = got.Args[4].(Msg).Key
			}
			if key != c.want {
				t.Errorf("problem %v, want %s", got, c.want)
			}
			if c.broken != 0 && (v.Broken == nil || v.Broken.ID != c.broken) {
				t.Errorf("broken at %+v, want id %d", v.Broken, c.broken)
			}
		})
	}
}

// TestChainVerifierCheckpoint: a pruned trail verifies from the checkpoint that signs its
// anchor, and a legacy anchor (pruned before the keyed chain) from the keyed start's.
func TestChainVerifierCheckpoint(t *testing.T) {
	recs := testTrail(t, 3, 8)
	cp := AuditCheckpoint{Pruned: 5, ThroughSeq: 5, ThroughHash: recs[4].Hash, ThroughMAC: recs[4].MAC}
	r := &AuditRecord{Seq: 13, ID: 13, At: recs[11].At, ActorName: "system", Action: ActionAuditCheckpoint, Target: "audit",
		Outcome: OutcomeSuccess, Detail: cp.Detail()}
	if err := testChain("k2").Seal(recs[11].Hash, recs[11].MAC, r); err != nil {
		t.Fatal(err)
	}
	rest := append(recs[5:], r)
	if got, v := verify(rest, AuditAnchor{Hash: recs[4].Hash, MAC: recs[4].MAC}, r.Hash, markOf(r)); got.Key != "" || !v.Attested {
		t.Errorf("a pruned trail with its checkpoint: %v", got)
	}
	if got, _ := verify(rest, AuditAnchor{Hash: recs[5].Hash, MAC: recs[5].MAC}, r.Hash, nil); got.Key == "" {
		t.Error("an anchor the checkpoint does not name verified")
	}
}

// rehash recomputes the plain chain, as someone without the key would.
func rehash(recs []*AuditRecord, prev string) {
	c := testChain("")
	for _, r := range recs {
		r.PrevHash = prev
		r.Hash = c.Hash(prev, r)
		prev = r.Hash
	}
}
