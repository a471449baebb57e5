package luoshi

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
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

// ChainVerifier checks records fed to it in chain order.
type ChainVerifier struct {
	hash    func(prev string, r *AuditRecord) string
	prev    string
	Count   int
	Broken  *AuditRecord
	Problem string
}

// NewChainVerifier starts a verification from the anchor (the hash the first record chains
// from; empty for a trail never pruned).
func NewChainVerifier(hash func(prev string, r *AuditRecord) string, anchor string) *ChainVerifier {
	return &ChainVerifier{hash: hash, prev: anchor}
}

// Add checks the next record; after the first broken link it ignores the rest.
func (v *ChainVerifier) Add(r *AuditRecord) {
	if v.Broken != nil {
		return
	}
	v.Count++
	switch {
	case r.PrevHash != v.prev:
		v.Broken, v.Problem = r, "与前一条记录的链接断开（前一条被删除、插入或改动）"
	case v.hash(r.PrevHash, r) != r.Hash:
		v.Broken, v.Problem = r, "记录内容与其哈希不符（记录被改动）"
	}
	v.prev = r.Hash
}

// Finish checks that the chain ends at the head the store recorded, which catches records
// removed from the end; it returns nil when the whole trail verifies.
func (v *ChainVerifier) Finish(head string) error {
	if v.Broken != nil {
		return fmt.Errorf("审计记录第 %d 条（id %d，%s %s）校验失败：%s", v.Count, v.Broken.ID,
			v.Broken.At.Format("2006-01-02 15:04:05"), v.Broken.Action, v.Problem)
	}
	if v.prev != head {
		return fmt.Errorf("审计记录链在第 %d 条之后中断：末尾的记录被删除（链头哈希不符）", v.Count)
	}
	return nil
}
