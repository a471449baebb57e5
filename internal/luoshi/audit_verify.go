package luoshi

// ChainVerifier checks records fed to it in chain order: each record's link and hash, each
// keyed record's MAC, that no plain record follows a keyed one, that a trail whose start
// was deleted has a signed checkpoint naming where it now starts, and — given the head
// file's mark — that the record the mark names is still there, unchanged.
type ChainVerifier struct {
	chain    *AuditChain
	anchor   AuditAnchor
	prevHash string
	prevMAC  string
	mark     *AuditMark
	marked   bool // the record the mark names was seen, with its MAC

	// Count is the number of records checked; Keyed those of them with a MAC.
	Count, Keyed int
	// First and Last are the first and last records checked; KeyedFrom the first keyed one.
	First, Last, KeyedFrom *AuditRecord
	// Attested says that a signed checkpoint names the anchor the trail starts from.
	Attested bool
	// Broken is the first record that fails, and Problem why.
	Broken  *AuditRecord
	Problem Msg
}

// NewChainVerifier starts a verification from the anchor the first record chains from.
func NewChainVerifier(chain *AuditChain, anchor AuditAnchor) *ChainVerifier {
	return &ChainVerifier{chain: chain, anchor: anchor, prevHash: anchor.Hash, prevMAC: anchor.MAC}
}

// ExpectMark makes Finish demand that the record m names was seen with m's MAC.
func (v *ChainVerifier) ExpectMark(m *AuditMark) { v.mark = m }

// Add checks the next record; after the first broken link it ignores the rest.
func (v *ChainVerifier) Add(r *AuditRecord) {
	if v.Broken != nil {
		return
	}
	v.Count++
	if v.First == nil {
		v.First = r
	}
	if p := v.check(r); p.Key != "" {
		v.Broken, v.Problem = r, p
		return
	}
	if r.MAC != "" {
		v.Keyed++
		if v.KeyedFrom == nil {
			v.KeyedFrom = r
		}
		if c, ok := ParseAuditCheckpoint(r.Detail); ok && r.Action == ActionAuditCheckpoint &&
			c.ThroughHash == v.anchor.Hash && c.ThroughMAC == v.anchor.MAC {
			v.Attested = true
		}
	}
	if v.mark != nil && r.Seq == v.mark.Seq && r.MAC == v.mark.MAC {
		v.marked = true
	}
	v.prevHash, v.prevMAC, v.Last = r.Hash, r.MAC, r
}

// check returns what is wrong with r as the next record, or a zero Msg.
func (v *ChainVerifier) check(r *AuditRecord) Msg {
	switch {
	case r.PrevHash != v.prevHash:
		return M("audit.chain.link")
	case v.chain.Hash(r.PrevHash, r) != r.Hash:
		return M("audit.chain.hash")
	case r.MAC == "" && v.KeyedFrom != nil:
		return M("audit.chain.unkeyed")
	case r.MAC == "":
		return Msg{}
	case v.chain.MAC == nil:
		return M("audit.chain.no_key")
	}
	mac, err := v.chain.macOf(auditLink(v.prevHash, v.prevMAC), r)
	if err != nil {
		return M("audit.chain.unknown_key", r.KeyID)
	}
	if mac != r.MAC {
		return M("audit.chain.mac")
	}
	return Msg{}
}

// Finish checks what only the whole trail shows: that it ends at the head the database
// recorded (else records were removed from the end), that a start after a prune is
// attested by a checkpoint, and that the head file's record is there. It returns the
// problem, or a zero Msg when the whole trail verifies.
func (v *ChainVerifier) Finish(head string) Msg {
	if v.Broken != nil {
		return M("audit.chain.broken", v.Count, v.Broken.ID, v.Broken.At.Format("2006-01-02 15:04:05"), v.Broken.Action, v.Problem)
	}
	if v.prevHash != head {
		return M("audit.chain.tail", v.Count)
	}
	// A trail that no longer starts at its beginning must say why with a signed record — a
	// prune's checkpoint, or the one the keyed chain starts with — unless no record is keyed
	// yet: a database pruned before the keyed chain, whose server has not written since.
	if v.anchor.Hash != "" && !v.Attested && (v.Keyed > 0 || v.anchor.MAC != "") {
		id := int64(0)
		if v.First != nil {
			id = v.First.ID
		}
		return M("audit.chain.unattested", id)
	}
	if v.mark != nil && !v.marked {
		if v.Last == nil || v.Last.Seq < v.mark.Seq {
			return M("audit.chain.head_cut", v.mark.ID, v.mark.Seq)
		}
		return M("audit.chain.head_differs", v.mark.ID, v.mark.Seq)
	}
	return Msg{}
}
