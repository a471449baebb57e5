package store

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"luoshi/internal/luoshi"
)

// A merge renumbers every copied row: each table's ids move up by the target's largest id
// of that table, and every reference moves with the table it points to — foreign keys, the
// audit trail's loose references, the ids inside the JSON of items, item events and letter
// events, and the item or region a reminder's key names. The copied regions keep their
// codes and the items their codes, which is how people name them.

// off is the amount a table's ids move by.
func (c *copier) off(table string) int64 { return c.res.Offsets[table] }

func (c *copier) remapper(t *copyTable) func([]any) error {
	if !c.o.Merge {
		return nil
	}
	type step struct {
		i  int
		fn func(any) (any, error)
	}
	var steps []step
	for i, col := range t.cols {
		switch {
		case col.name == "id" && t.hasID:
			steps = append(steps, step{i, c.shift(t.name)})
		case col.ref != "":
			steps = append(steps, step{i, c.shift(col.ref)})
		}
		var fn func(any) (any, error)
		switch t.name + "." + col.name {
		case "items.doc":
			fn = remapJSON(c.remapItem)
		case "events.payload":
			fn = remapJSON(c.remapEventData)
		case "target_events.payload":
			fn = remapJSON(c.remapLetterData)
		case "proposals.doc":
			fn = remapJSON(c.remapProposal)
		case "proposal_events.payload":
			fn = remapJSON(c.remapProposalData)
		case "topics.doc":
			fn = remapJSON(c.remapTopic)
		case "meetings.doc":
			fn = remapJSON(c.remapMeeting)
		case "topic_events.payload", "meeting_events.payload":
			fn = remapJSON(c.remapMeetingData)
		case "bulletins.doc":
			fn = remapJSON(c.remapBulletin)
		case "practices.doc":
			fn = remapJSON(c.remapPractice)
		case "bulletin_events.payload":
			fn = remapJSON(c.remapBulletinData)
		case "stocktakes.doc":
			fn = remapJSON(c.remapStocktake)
		case "stocktake_events.payload":
			fn = remapJSON(c.remapStocktakeData)
		case "reminders.key":
			fn = c.remapReminderKey
		case "regions.parent_id":
			if c.parentID != nil {
				steps = append(steps, step{i, func(v any) (any, error) {
					if v == nil {
						return *c.parentID, nil
					}
					return v, nil
				}})
			}
		}
		if fn != nil {
			steps = append(steps, step{i, fn})
		}
	}
	return func(vals []any) error {
		for _, s := range steps {
			v, err := s.fn(vals[s.i])
			if err != nil {
				return fmt.Errorf("%s.%s: %w", t.name, t.cols[s.i].name, err)
			}
			vals[s.i] = v
		}
		return nil
	}
}

func (c *copier) shift(table string) func(any) (any, error) {
	off := c.off(table)
	return func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		return v.(int64) + off, nil
	}
}

// remapJSON decodes a JSON column into T, renumbers it and encodes it again, as the store
// wrote it (json.Marshal of the same type).
func remapJSON[T any](fn func(*T)) func(any) (any, error) {
	return func(v any) (any, error) {
		s, ok := v.(string)
		if !ok {
			return v, nil
		}
		var x T
		if err := json.Unmarshal([]byte(s), &x); err != nil {
			return nil, err
		}
		fn(&x)
		b, err := json.Marshal(x)
		return string(b), err
	}
}

// add moves a non-zero id by off; zero means "none" in the domain's JSON.
func add(id *int64, off int64) {
	if *id != 0 {
		*id += off
	}
}

func (c *copier) remapItem(it *luoshi.Item) {
	add(&it.ID, c.off("items"))
	add(&it.RegionID, c.off("regions"))
	add(&it.LeadUnitID, c.off("units"))
	add(&it.CreatedBy, c.off("users"))
	add(&it.ProposalID, c.off("proposals"))
	add(&it.MeetingID, c.off("meetings"))
	for i := range it.CoUnitIDs {
		add(&it.CoUnitIDs[i], c.off("units"))
	}
	if it.LeaderID != nil {
		add(it.LeaderID, c.off("leaders"))
	}
	if it.ParentID != nil {
		add(it.ParentID, c.off("items"))
	}
	if it.PendingExtension != nil {
		add(&it.PendingExtension.RequestedBy, c.off("users"))
	}
	for i := range it.Opinions {
		o := &it.Opinions[i]
		add(&o.UnitID, c.off("units"))
		add(&o.RequestedBy, c.off("users"))
		add(&o.AnsweredBy, c.off("users"))
	}
	for i := range it.Records {
		r := &it.Records[i]
		c.remapRecord(&r.Record)
		if r.Waiver != nil {
			add(&r.Waiver.By, c.off("users"))
		}
	}
	for i := range it.Commendations {
		c.remapRecord(&it.Commendations[i])
	}
}

// remapRecord renumbers a record's units and author; its ID numbers it within its item: kept.
func (c *copier) remapRecord(r *luoshi.Record) {
	for i := range r.UnitIDs {
		add(&r.UnitIDs[i], c.off("units"))
	}
	add(&r.By, c.off("users"))
}

func (c *copier) remapEventData(d *luoshi.EventData) {
	if d.Item != nil {
		c.remapItem(d.Item)
	}
	add(&d.LeadUnitID, c.off("units"))
	add(&d.FromUnitID, c.off("units"))
	for i := range d.UnitIDs {
		add(&d.UnitIDs[i], c.off("units"))
	}
	add(&d.AttachmentID, c.off("attachments"))
	add(&d.UnitID, c.off("units")) // RequestID and RecordID number within the item: kept
}

func (c *copier) remapLetterData(d *luoshi.LetterEventData) {
	add(&d.IndicatorID, c.off("target_indicators"))
	add(&d.AdjustmentID, c.off("target_adjustments"))
}

var reminderKey = regexp.MustCompile(`^([irpt])(\d+)/`)

// remapReminderKey renumbers the item ("i12/…"), region ("r3/digest@…") or proposal
// ("p7/…", whose key also names a unit, "/u5") a key names, so that a reminder already
// fired is not fired again under a new key.
func (c *copier) remapReminderKey(v any) (any, error) {
	s, _ := v.(string)
	m := reminderKey.FindStringSubmatchIndex(s)
	if m == nil {
		return nil, fmt.Errorf("reminder key %q: neither an item's nor a region's", s)
	}
	id, _ := strconv.ParseInt(s[m[4]:m[5]], 10, 64)
	table := map[string]string{"i": "items", "r": "regions", "p": "proposals", "t": "topics"}[s[m[2]:m[3]]]
	out := s[:m[4]] + strconv.FormatInt(id+c.off(table), 10) + s[m[5]:]
	if table == "proposals" || table == "topics" {
		if i := strings.LastIndex(out, "/u"); i >= 0 {
			if u, err := strconv.ParseInt(out[i+2:], 10, 64); err == nil && u != 0 {
				out = out[:i+2] + strconv.FormatInt(u+c.off("units"), 10)
			}
		}
	}
	return out, nil
}

// remapProposal renumbers the ids inside a proposal's document.
func (c *copier) remapProposal(p *luoshi.Proposal) {
	add(&p.ID, c.off("proposals"))
	add(&p.RegionID, c.off("regions"))
	add(&p.SessionID, c.off("proposal_sessions"))
	add(&p.ParentID, c.off("proposals"))
	add(&p.LeadUnitID, c.off("units"))
	for i := range p.Children {
		add(&p.Children[i], c.off("proposals"))
	}
	for i := range p.CoUnitIDs {
		add(&p.CoUnitIDs[i], c.off("units"))
	}
	for i := range p.Proposers {
		add(&p.Proposers[i].UserID, c.off("users"))
	}
	for i := range p.Contacts {
		add(&p.Contacts[i].By, c.off("users"))
		add(&p.Contacts[i].ConfirmedBy, c.off("users"))
	}
	for i := range p.Opinions {
		add(&p.Opinions[i].UnitID, c.off("units"))
		add(&p.Opinions[i].By, c.off("users"))
	}
	for i := range p.Replies {
		r := &p.Replies[i]
		add(&r.UnitID, c.off("units"))
		add(&r.By, c.off("users"))
		for j := range r.Promises {
			c.remapPromise(&r.Promises[j])
		}
		if r.Evaluation != nil {
			add(&r.Evaluation.By, c.off("users"))
		}
	}
}

func (c *copier) remapPromise(pr *luoshi.Promise) {
	add(&pr.UnitID, c.off("units"))
	add(&pr.ItemID, c.off("items"))
}

// remapProposalData renumbers the ids inside a proposal event's payload.
func (c *copier) remapProposalData(d *luoshi.ProposalEventData) {
	if d.Proposal != nil {
		c.remapProposal(d.Proposal)
	}
	add(&d.LeadUnitID, c.off("units"))
	for i := range d.CoUnitIDs {
		add(&d.CoUnitIDs[i], c.off("units"))
	}
	for i := range d.Units {
		add(&d.Units[i], c.off("units"))
	}
	for i := range d.Children {
		add(&d.Children[i], c.off("proposals"))
	}
	if d.Contact != nil {
		add(&d.Contact.By, c.off("users"))
		add(&d.Contact.ConfirmedBy, c.off("users"))
	}
	if d.Opinion != nil {
		add(&d.Opinion.UnitID, c.off("units"))
		add(&d.Opinion.By, c.off("users"))
	}
	if d.Reply != nil {
		add(&d.Reply.UnitID, c.off("units"))
		add(&d.Reply.By, c.off("users"))
		for j := range d.Reply.Promises {
			c.remapPromise(&d.Reply.Promises[j])
		}
	}
	if d.Evaluation != nil {
		add(&d.Evaluation.By, c.off("users"))
	}
	if d.Promise != nil {
		c.remapPromise(d.Promise)
	}
}

// auditWriteCols are the columns a merge writes of each audit record; the id is the target's.
var auditWriteCols = []string{"seq", "at", "region_id", "actor_id", "actor_name", "address", "action", "target",
	"outcome", "detail", "prev_hash", "hash", "key_id", "mac"}

// mergeAudit appends the source's audit trail to the target's chain. The source's chain is
// verified as it is read; the target's gets first a record of the import — the source's
// record count, anchor and head hash, and the id offsets, so that ids named in the copied
// records' text can be read — and then every source record, its region and actor
// renumbered, chained anew. The trail verifies end to end afterwards, and the import record
// ties it to the source's original chain.
func (c *copier) mergeAudit(t *copyTable) (int64, error) {
	var anchor luoshi.AuditAnchor
	var srcHead string
	if err := c.src.QueryRowContext(c.ctx, `SELECT anchor, anchor_mac, hash FROM audit_head WHERE id = 1`).Scan(&anchor.Hash, &anchor.MAC, &srcHead); err != nil {
		return 0, err
	}
	var seq int64
	var prev, prevMAC string
	if err := c.dst.QueryRow(c.ctx, `SELECT seq, hash, mac FROM audit_head WHERE id = 1 FOR UPDATE`).Scan(&seq, &prev, &prevMAC); err != nil {
		return 0, err
	}
	var n int64
	if err := c.src.QueryRowContext(c.ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n); err != nil {
		return 0, err
	}
	var offs []string
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range c.res.Offsets {
			if !yield(k) {
				return
			}
		}
	}) {
		if o := c.res.Offsets[name]; o != 0 {
			offs = append(offs, fmt.Sprintf("%s+%d", name, o))
		}
	}
	imp := &luoshi.AuditRecord{At: c.o.Now.UTC().Truncate(1e6), ActorName: "system", Action: "region.import",
		Target: "regions:" + strings.Join(c.res.Regions, ","), Outcome: luoshi.OutcomeSuccess,
		Detail: fmt.Sprintf("合并导入：源审计链 %d 条，起点 %q，链头 %s；源记录中的编号按偏移换算：%s", n, anchor.Hash, srcHead, strings.Join(offs, " "))}
	var batch [][]any
	emit := func(r *luoshi.AuditRecord) error {
		seq++
		if err := c.o.AuditChain.Seal(prev, prevMAC, r); err != nil {
			return err
		}
		prev, prevMAC = r.Hash, r.MAC
		batch = append(batch, []any{seq, r.At.UnixMilli(), nullableID(r.RegionID), nullableID(r.ActorID), r.ActorName, r.Address,
			r.Action, r.Target, r.Outcome, r.Detail, r.PrevHash, r.Hash, r.KeyID, r.MAC})
		return nil
	}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := c.dst.CopyFrom(c.ctx, pgx.Identifier{"audit_log"}, auditWriteCols, pgx.CopyFromRows(batch))
		batch = batch[:0]
		return err
	}
	if err := emit(imp); err != nil {
		return 0, err
	}
	rows, err := c.src.QueryContext(c.ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	v := luoshi.NewChainVerifier(c.o.AuditChain, anchor)
	err = eachAudit(rows, v, func(r *luoshi.AuditRecord) error {
		add(&r.RegionID, c.off("regions"))
		add(&r.ActorID, c.off("users"))
		if err := emit(r); err != nil {
			return err
		}
		if len(batch) >= copyChunk {
			return flush()
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if m := v.Finish(srcHead); m.Key != "" {
		return 0, fmt.Errorf("the source's audit trail does not verify: %w", luoshi.Errorf(luoshi.EINTERNAL, m.Key, m.Args...))
	}
	if err := flush(); err != nil {
		return 0, err
	}
	if _, err := c.dst.Exec(c.ctx, `UPDATE audit_head SET seq = $1, hash = $2, mac = $3 WHERE id = 1`, seq, prev, prevMAC); err != nil {
		return 0, err
	}
	return n + 1, nil
}

// remapTopic renumbers the ids inside a topic's document.
func (c *copier) remapTopic(t *luoshi.Topic) {
	add(&t.ID, c.off("topics"))
	add(&t.RegionID, c.off("regions"))
	add(&t.UnitID, c.off("units"))
	add(&t.MeetingID, c.off("meetings"))
	add(&t.CreatedBy, c.off("users"))
	for i := range t.SignOffs {
		c.remapSignOff(&t.SignOffs[i])
	}
}

func (c *copier) remapSignOff(s *luoshi.SignOff) {
	add(&s.UnitID, c.off("units"))
	add(&s.SignedBy, c.off("users"))
}

// remapMeeting renumbers the ids inside a meeting's document.
func (c *copier) remapMeeting(m *luoshi.Meeting) {
	add(&m.ID, c.off("meetings"))
	add(&m.RegionID, c.off("regions"))
	add(&m.CreatedBy, c.off("users"))
	for i := range m.Decisions {
		c.remapDecision(&m.Decisions[i])
	}
}

func (c *copier) remapDecision(d *luoshi.Decision) {
	add(&d.TopicID, c.off("topics"))
	add(&d.LeadUnitID, c.off("units"))
	add(&d.ItemID, c.off("items"))
	for i := range d.CoUnitIDs {
		add(&d.CoUnitIDs[i], c.off("units"))
	}
	if d.LeaderID != nil {
		add(d.LeaderID, c.off("leaders"))
	}
}

// remapMeetingData renumbers the ids inside a topic's or a meeting's event payload.
func (c *copier) remapMeetingData(d *luoshi.MeetingEventData) {
	if d.Topic != nil {
		c.remapTopic(d.Topic)
	}
	if d.Meeting != nil {
		c.remapMeeting(d.Meeting)
	}
	if d.SignOff != nil {
		c.remapSignOff(d.SignOff)
	}
	if d.Decision != nil {
		c.remapDecision(d.Decision)
	}
	add(&d.UnitID, c.off("units"))
	add(&d.MeetingID, c.off("meetings"))
	add(&d.ItemID, c.off("items"))
	for i := range d.Missed {
		add(&d.Missed[i], c.off("units"))
	}
}

// remapPractice renumbers the ids inside a practice's document: its own, its region's, its
// editors', and those of the topics and items that adopt it.
func (c *copier) remapPractice(p *luoshi.Practice) {
	add(&p.ID, c.off("practices"))
	add(&p.RegionID, c.off("regions"))
	add(&p.CreatedBy, c.off("users"))
	add(&p.UpdatedBy, c.off("users"))
	for i := range p.TopicIDs {
		add(&p.TopicIDs[i], c.off("topics"))
	}
	for i := range p.ItemIDs {
		add(&p.ItemIDs[i], c.off("items"))
	}
}
