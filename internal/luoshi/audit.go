package luoshi

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// AuditCanonical is the byte string an audit record's hash covers: every field but the id and
// the hash itself, each length-prefixed so that no two records share a form.
func AuditCanonical(prev string, r *AuditRecord) []byte {
	fields := []string{prev, strconv.FormatInt(r.At.UnixMilli(), 10), strconv.FormatInt(r.RegionID, 10),
		strconv.FormatInt(r.ActorID, 10), r.ActorName, r.Address, r.Action, r.Target, r.Outcome, r.Detail}
	var b strings.Builder
	for _, f := range fields {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
		b.WriteByte('|')
	}
	return []byte(b.String())
}

// AuditHasher returns the chain function over a hash (SM3 in luoshi): hex(H(canonical)).
func AuditHasher(sum func([]byte) []byte) func(prev string, r *AuditRecord) string {
	return func(prev string, r *AuditRecord) string {
		return hex.EncodeToString(sum(AuditCanonical(prev, r)))
	}
}

// auditMACLabel starts what a record's MAC covers, so that no other use of the key signs
// the same bytes.
const auditMACLabel = "luoshi-audit-mac-v1|"

// AuditChain seals and checks the audit trail's two chains: the plain hash chain every
// record has carried since the first release, and the keyed chain — a MAC over the record
// and the link to the one before (that one's MAC, or its hash where it has none), under a
// key kept outside the database. Without the key nobody can rewrite a record, or the order
// of records, so that the keyed chain still verifies.
type AuditChain struct {
	// Hash is the plain chain function (AuditHasher over SM3).
	Hash func(prev string, r *AuditRecord) string
	// MAC is the keyed function (HMAC-SM3) under the key of one generation; nil when no
	// key is configured, and an error for a generation the key file lacks.
	MAC func(keyID string, data []byte) ([]byte, error)
	// KeyID is the generation that signs new records; empty writes plain records.
	KeyID string
}

// Seal fills in r's links, hash, key generation and MAC, after the record whose hash and
// MAC (empty for a plain one) are prevHash and prevMAC.
func (c *AuditChain) Seal(prevHash, prevMAC string, r *AuditRecord) error {
	r.PrevHash = prevHash
	r.Hash = c.Hash(prevHash, r)
	r.KeyID, r.MAC = "", ""
	if c.MAC == nil || c.KeyID == "" {
		return nil
	}
	r.KeyID = c.KeyID
	mac, err := c.macOf(auditLink(prevHash, prevMAC), r)
	if err != nil {
		return err
	}
	r.MAC = mac
	return nil
}

// auditLink is what a keyed record's MAC binds it to: the MAC of the record before, or the
// hash of a plain one, so that the first keyed record also pins the plain records before it.
func auditLink(prevHash, prevMAC string) string {
	if prevMAC != "" {
		return prevMAC
	}
	return prevHash
}

func (c *AuditChain) macOf(link string, r *AuditRecord) (string, error) {
	data := append([]byte(auditMACLabel), AuditCanonical(link, r)...)
	data = append(data, strconv.Itoa(len(r.KeyID))+":"+r.KeyID+"|"...)
	sum, err := c.MAC(r.KeyID, data)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(sum), nil
}

// ActionAuditCheckpoint is the action of the record a prune writes: it names the last
// record deleted, so that rows deleted without one are found.
const ActionAuditCheckpoint = "audit.checkpoint"

// AuditCheckpoint is what a prune's checkpoint record attests: how many records were
// deleted, and the sequence number, hash and MAC of the last of them — the anchor the first
// remaining record chains from.
type AuditCheckpoint struct {
	Pruned      int
	ThroughSeq  int64
	ThroughHash string
	ThroughMAC  string
}

// Detail is the checkpoint as a record's detail.
func (c AuditCheckpoint) Detail() string {
	return fmt.Sprintf("pruned=%d through_seq=%d through_hash=%s through_mac=%s", c.Pruned, c.ThroughSeq, c.ThroughHash, c.ThroughMAC)
}

// KeyedStart is the checkpoint written before the first keyed record of a trail that began
// plain (a database from before the keyed chain): it signs the anchor the plain trail
// starts from, so that plain records deleted from the start later are found too.
func KeyedStart(anchor AuditAnchor, at time.Time) *AuditRecord {
	return &AuditRecord{At: at, ActorName: "system", Action: ActionAuditCheckpoint, Target: "audit",
		Outcome: OutcomeSuccess, Detail: AuditCheckpoint{ThroughHash: anchor.Hash, ThroughMAC: anchor.MAC}.Detail()}
}

// ParseAuditCheckpoint reads a checkpoint record's detail.
func ParseAuditCheckpoint(detail string) (AuditCheckpoint, bool) {
	var c AuditCheckpoint
	ok := false
	for _, f := range strings.Fields(detail) {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "pruned":
			c.Pruned, _ = strconv.Atoi(v)
		case "through_seq":
			c.ThroughSeq, _ = strconv.ParseInt(v, 10, 64)
		case "through_hash":
			c.ThroughHash, ok = v, true
		case "through_mac":
			c.ThroughMAC = v
		}
	}
	return c, ok
}

// AuditAnchor is where the remaining trail starts after prunes: the hash and MAC of the
// last record deleted (empty for a trail never pruned).
type AuditAnchor struct {
	Hash, MAC string
}

// AuditMark names one record of the chain from outside the database: its sequence number,
// id and MAC (the head file holds the last record's).
type AuditMark struct {
	Seq   int64
	ID    int64
	MAC   string
	KeyID string
}
