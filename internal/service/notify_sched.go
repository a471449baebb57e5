package service

import (
	"context"
	"fmt"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
)

// PassStats tell what one scheduler pass did.
type PassStats struct {
	Fired   int // reminders fired: notices sent or items urged
	Urged   int // of which automatic urgings
	Skipped int // reminders no longer owed when they came due
	Digests int // unit digests written
}

// RunDue fires every reminder due at the service's clock, a batch per transaction. Each
// reminder is claimed with a conditional update, so that of two schedulers racing on one
// database exactly one fires it; what firing writes commits with the claim or not at all.
// A batch is sized to hold the store's writer for about batchTime (sizer): between
// batches the API's writes queued meanwhile go first.
func (n *Notifier) RunDue(ctx context.Context) (PassStats, error) {
	var st PassStats
	now := n.svc.now()
	if err := n.ensureDigests(ctx, now); err != nil {
		return st, err
	}
	z := newSizer(n.cfg.Batch)
	for {
		var count int
		var took time.Duration
		limit := z.size()
		err := n.svc.Store.Update(ctx, func(tx luoshi.Tx) error {
			start := time.Now()
			defer func() { took = time.Since(start) }()
			rs, err := tx.ClaimDueReminders(ctx, now, limit)
			if err != nil {
				return err
			}
			count = len(rs)
			outcomes := make(map[int64]string, len(rs))
			bctx, out := withRows(tx.BatchContext(ctx))
			for i := range rs {
				if outcomes[rs[i].ID], err = n.fire(bctx, tx, &rs[i], now, &st); err != nil {
					return fmt.Errorf("reminder %d: %w", rs[i].ID, err)
				}
			}
			if err := out.flush(ctx, tx); err != nil {
				return err
			}
			return tx.SetReminderOutcomes(ctx, outcomes)
		})
		if err != nil {
			return st, err
		}
		if count < limit {
			return st, nil
		}
		z.took(count, took)
	}
}

// batchTime is how long one transaction of background work (a scheduler batch, the
// back-fill) should hold the store's writer: what it may add to the wait of an API write
// queued behind it.
const batchTime = 5 * time.Millisecond

// sizer sizes the batches of background work to batchTime, from what the last batch took
// a row: it starts small, and never goes over its maximum.
type sizer struct{ n, max int }

func newSizer(max int) *sizer { return &sizer{n: min(8, max), max: max} }

func (z *sizer) size() int { return z.n }

// took adapts the size to a batch of rows that held the writer for d.
func (z *sizer) took(rows int, d time.Duration) {
	if rows <= 0 {
		return
	}
	per := d / time.Duration(rows)
	if per <= 0 {
		z.n = z.max
		return
	}
	z.n = max(1, min(z.max, int(batchTime/per)))
}

// fire does what a claimed reminder owes, if the item still owes it, and says what it did.
func (n *Notifier) fire(ctx context.Context, tx luoshi.Tx, r *luoshi.Reminder, now time.Time, st *PassStats) (string, error) {
	if r.Kind == luoshi.ReminderDigest {
		k, err := n.digest(ctx, tx, r, now)
		st.Digests += k
		return fmt.Sprintf("digests %d", k), err
	}
	if r.Kind.ProposalReminder() {
		return n.fireProposal(ctx, tx, r, now, st)
	}
	if r.Kind == luoshi.ReminderSignOff {
		return n.fireSignOff(ctx, tx, r, now, st)
	}
	p := n.svc.Policy()
	it, err := tx.FindItemByID(ctx, r.ItemID)
	if err != nil {
		return "", err
	}
	owed, err := n.owed(ctx, tx, p, it, nil, now)
	if err != nil {
		return "", err
	}
	cur, ok := luoshi.FindReminder(owed, r.Key)
	if !ok {
		st.Skipped++
		return "skipped: no longer owed", nil
	}
	if cur.Kind == luoshi.ReminderUrge {
		return n.urge(ctx, tx, p, it, cur.Level, now, st)
	}
	notice, aud := p.ReminderNotice(it, cur, now)
	if err := n.publish(ctx, tx, &notice, aud, now); err != nil {
		return "", err
	}
	st.Fired++
	return "sent", nil
}

// urge urges the item at the level as the region's system account, through the same
// decision, event and hooks as a supervisor's urging, in the reminder's transaction.
func (n *Notifier) urge(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, it *luoshi.Item, level luoshi.UrgeLevel, now time.Time, st *PassStats) (string, error) {
	sys, err := n.systemActor(ctx, tx, it.RegionID, now)
	if err != nil {
		return "", err
	}
	v := flow.Values{"level": string(level), "text": "（逾期未办结，系统按规则自动催办）"}
	if _, err := item.Decide(p, it, sys, luoshi.ActUrge, v, now); err != nil {
		// The rules refuse (the item moved on): nothing to urge. Asked first, so that any
		// error of the urging itself below rolls the whole batch back.
		st.Skipped++
		return "skipped: " + err.Error(), nil
	}
	next, _, err := n.svc.act(ctx, tx, p, sys, it, luoshi.ActUrge, v, now)
	if err != nil {
		return "", err
	}
	if err := n.svc.refreshParent(ctx, tx, p, next); err != nil {
		return "", err
	}
	st.Fired++
	st.Urged++
	return "urged " + string(level), nil
}

// SystemUsername is the username of a region's system account: the actor of automatic
// urgings. It holds the supervisor role, is disabled (so it can never log in or carry a
// session) and has no usable password.
func SystemUsername(regionCode string) string { return "system-" + regionCode }

// systemActor returns the region's system account as an actor, creating the account on
// first use in the region's first unit. An account found is remembered; one just created
// is not, since its transaction may yet roll back.
func (n *Notifier) systemActor(ctx context.Context, tx luoshi.Tx, regionID int64, now time.Time) (*luoshi.Actor, error) {
	n.mu.Lock()
	a := n.system[regionID]
	n.mu.Unlock()
	if a != nil {
		return a, nil
	}
	region, err := tx.FindRegionByID(ctx, regionID)
	if err != nil {
		return nil, err
	}
	u, err := tx.FindUserByUsername(ctx, SystemUsername(region.Code))
	found := err == nil
	if luoshi.ErrorCode(err) == luoshi.ENOTFOUND {
		units, err := tx.FindUnits(ctx, regionID)
		if err != nil {
			return nil, err
		}
		if len(units) == 0 {
			return nil, fmt.Errorf("region %s has no unit for its system account", region.Code)
		}
		u = &luoshi.User{RegionID: regionID, UnitID: units[0].ID, Username: SystemUsername(region.Code),
			Name: "系统自动催办", PasswordHash: "!", Roles: []luoshi.Role{luoshi.RoleSupervisor}, Disabled: true, CreatedAt: now}
		if err := tx.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("create system account: %w", err)
		}
	} else if err != nil {
		return nil, err
	}
	a = &luoshi.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, RegionID: regionID, UnitID: u.UnitID,
		Roles: []luoshi.Role{luoshi.RoleSupervisor}}
	if found {
		n.mu.Lock()
		if n.system == nil {
			n.system = map[int64]*luoshi.Actor{}
		}
		n.system[regionID] = a
		n.mu.Unlock()
	}
	return a, nil
}

// ensureDigests records each region's next digest; once an hour is enough, since every
// digest that fires records the next one itself.
func (n *Notifier) ensureDigests(ctx context.Context, now time.Time) error {
	n.mu.Lock()
	due := n.digestChecked.IsZero() || now.Sub(n.digestChecked) >= time.Hour || now.Before(n.digestChecked)
	if due {
		n.digestChecked = now
	}
	n.mu.Unlock()
	if !due {
		return nil
	}
	p := n.svc.Policy()
	return n.svc.Store.Update(ctx, func(tx luoshi.Tx) error {
		regions, err := tx.FindRegions(ctx)
		if err != nil {
			return err
		}
		for _, r := range regions {
			d := p.DigestReminder(n.cfg.Rules, r.ID, now)
			if err := tx.PutReminder(ctx, &d); err != nil {
				return err
			}
		}
		return nil
	})
}

// digestItems is how many red and how many yellow items a digest names.
const digestItems = 10

// digest writes the region's unit digests to the people of each unit who want them, and
// records the next digest.
func (n *Notifier) digest(ctx context.Context, tx luoshi.Tx, r *luoshi.Reminder, now time.Time) (int, error) {
	p := n.svc.Policy()
	next := p.DigestReminder(n.cfg.Rules, r.RegionID, now)
	if err := tx.PutReminder(ctx, &next); err != nil {
		return 0, err
	}
	stats, err := tx.UnitStats(ctx, r.RegionID, now)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, st := range stats {
		if st.Open == 0 {
			continue
		}
		ok, err := n.unitDigest(ctx, tx, p, r.RegionID, st, now)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

func (n *Notifier) unitDigest(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, region int64, st luoshi.UnitStats, now time.Time) (bool, error) {
	all, err := tx.FindRecipients(ctx, luoshi.Audience{RegionID: region, Units: []int64{st.UnitID}})
	if err != nil {
		return false, err
	}
	var rs []luoshi.Recipient
	for _, r := range all {
		if r.Prefs.Digest {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return false, nil
	}
	unit, err := tx.FindUnitByID(ctx, st.UnitID)
	if err != nil {
		return false, err
	}
	lists := map[luoshi.Light][]*luoshi.Item{}
	for _, l := range []luoshi.Light{luoshi.LightRed, luoshi.LightYellow} {
		f := luoshi.ItemFilter{RegionID: region, UnitID: &st.UnitID, LeadOnly: true, Light: &l, Now: now, Limit: digestItems}
		if lists[l], _, err = tx.FindItems(ctx, f); err != nil {
			return false, err
		}
	}
	notice, ok := p.DigestNotice(unit, st, lists[luoshi.LightRed], lists[luoshi.LightYellow], now)
	if !ok {
		return false, nil
	}
	return true, n.deliver(ctx, tx, &notice, rs, now)
}

// backfillMeta marks that every item's reminders have been computed once.
const backfillMeta = "reminders_backfilled"

// Backfill computes the reminders of every item that owes any, once per database: items
// made before the notifier was wired (an older database, the demo county) get theirs.
// It is idempotent, so two processes doing it at once do no harm.
func (n *Notifier) Backfill(ctx context.Context) (int, error) {
	var done string
	if err := n.svc.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		done, err = tx.NotifyMeta(ctx, backfillMeta)
		return err
	}); err != nil || done != "" {
		return 0, err
	}
	now := n.svc.now()
	p := n.svc.Policy()
	var after int64
	count := 0
	z := newSizer(backfillBatch)
	for {
		var items []*luoshi.Item
		var took time.Duration
		limit := z.size()
		err := n.svc.Store.Update(ctx, func(tx luoshi.Tx) error {
			start := time.Now()
			defer func() { took = time.Since(start) }()
			var err error
			if items, err = tx.RemindableItems(ctx, after, limit); err != nil {
				return err
			}
			if err := n.syncItems(ctx, tx, p, items, now); err != nil {
				return err
			}
			if len(items) < limit {
				return tx.PutNotifyMeta(ctx, backfillMeta, now.Format(time.RFC3339))
			}
			return nil
		})
		if err != nil {
			return count, fmt.Errorf("backfill reminders: %w", err)
		}
		count += len(items)
		if len(items) < limit {
			return count, nil
		}
		after = items[len(items)-1].ID
		z.took(len(items), took)
	}
}

// backfillBatch is the most items one back-fill transaction computes.
const backfillBatch = 500

// syncItems brings the reminders of many items up to date in a few statements: their last
// urgings in one query, their pending reminders in one, one deletion, a few insertions.
func (n *Notifier) syncItems(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, items []*luoshi.Item, now time.Time) error {
	ids := make([]int64, len(items))
	var urged []int64
	for i, it := range items {
		ids[i] = it.ID
		if it.UrgeLevel != "" {
			urged = append(urged, it.ID)
		}
	}
	last := map[int64]time.Time{}
	if len(urged) > 0 {
		var err error
		if last, err = tx.LastUrgesAt(ctx, urged); err != nil {
			return err
		}
	}
	var want []luoshi.Reminder
	for _, it := range items {
		var l *time.Time
		if at, ok := last[it.ID]; ok {
			l = &at
		}
		want = append(want, p.Reminders(n.cfg.Rules, it, l, now)...)
	}
	return tx.SyncItemsReminders(ctx, ids, want)
}
