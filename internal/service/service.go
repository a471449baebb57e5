// Package service holds luoshi's use cases: each method checks the actor's permission and
// region, validates its input, and changes the store in one transaction together with the
// events that record the change.
package service

import (
	"context"
	"fmt"
	"sync"
	"time"
	_ "time/tzdata" // deadlines are counted in Asia/Shanghai even on hosts without zoneinfo
	"unicode/utf8"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
	"luoshi/internal/proposal"
	"luoshi/internal/stocktake"
)

// DefaultTZ is the zone in which dates are shown and working days counted.
const DefaultTZ = "Asia/Shanghai"

// Service is the set of use cases over one store.
type Service struct {
	Store luoshi.Store
	// Now is the clock; tests move it instead of sleeping.
	Now func() time.Time
	// TokenTTL, when set, caps a login session's absolute lifetime below the policy's.
	TokenTTL time.Duration
	// Hasher hashes and checks passwords (a PasswordHasher unless a test counts the checks).
	Hasher Hasher
	// HashSlots is how many passwords may be hashed at once (0: one for every two cores,
	// at least one and at most four);
	// HashWait how long a login waits for a slot before its 503 (0: two seconds).
	HashSlots int
	HashWait  time.Duration
	// AnswerBudget is the answer cache's size in bytes (answer_cache.go): 0 is
	// DefaultAnswerBudget, below 0 no cache.
	AnswerBudget int

	// Keys seals sensitive fields (SM4-GCM); nil leaves them unset.
	Keys Sealer
	// AuditKeys sign the audit trail (HMAC-SM3 under keys derived from the key file); nil
	// writes plain SM3 records, as before the keyed chain.
	AuditKeys AuditKeys
	// AuditHead is the head file that VerifyAudit checks the trail's end against; nil
	// skips that check (the store's OnAuditCommit hook writes it).
	AuditHead *AuditHeadFile
	// FilesDir is where attachments are stored, under generated names.
	FilesDir string
	// Workbooks reads and writes the Excel workbooks (internal/xlsx); nil refuses them.
	Workbooks Workbooks
	// Promises makes the supervision items of proposals' B-class promises (cmd/luoshi wires
	// the item module's PromiseItems); nil refuses a reply with promises.
	Promises proposal.ItemMaker
	// Decisions makes the supervision items of published meeting decisions (cmd/luoshi
	// wires the item module's DecisionItems); nil refuses a publication.
	Decisions meeting.ItemMaker
	// Commitments makes or changes the items of stocktake commitments (cmd/luoshi wires the
	// item module's StocktakeItems); nil refuses a commitment.
	Commitments stocktake.ItemChanger
	// Texts renders catalogue keys in the region's language (Simplified Chinese) for what is
	// stored as text, such as the proposals' reminder notices; cmd/luoshi wires i18n.ZH.
	// Nil stores the keys.
	Texts Texts

	hooks []EventHook
	// notifies: a notifier is wired, whose notices a create's recipients are drawn for early.
	notifies bool
	// onPublish tells every unit of a bulletin published (the notifier's, when there is one).
	onPublish func(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, b *luoshi.Bulletin, now time.Time) error
	loc       *time.Location
	mu        sync.RWMutex
	policy    *luoshi.Policy
	secPolicy *luoshi.SecurityPolicy
	secLoaded time.Time
	sessions  sessionCache
	stats     statsCache
	cockpits  cockpitCache
	collab    collabCache
	answers   answerCache
	limiter   rateLimiter
	dummyOnce sync.Once
	dummyHash string
	hashOnce  sync.Once
	hashGate  chan struct{}
}

// Texts renders a catalogue key with its arguments.
type Texts interface {
	T(key string, args ...any) string
}

// text renders a key through Texts, or returns the key.
func (s *Service) text(key string, args ...any) string {
	if s.Texts == nil {
		return key
	}
	return s.Texts.T(key, args...)
}

// Sealer encrypts and decrypts sensitive fields; aad binds a value to its row and column.
type Sealer interface {
	SealString(plain, aad string) (string, error)
	OpenString(sealed, aad string) (string, error)
	NeedsRotation(sealed string) bool
}

// New returns a service over the store with the default policy and clock, and loads the
// working-day calendar from the store.
func New(ctx context.Context, st luoshi.Store) (*Service, error) {
	loc, err := time.LoadLocation(DefaultTZ)
	if err != nil {
		return nil, err
	}
	s := &Service{Store: st, Now: time.Now, Hasher: DefaultHasher(), loc: loc}
	s.OnEvent(s.auditItemEvent)
	if err := s.ReloadCalendar(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// EventHook runs inside the transaction of every item event, with the item as the event
// leaves it; an error rolls the whole change back. Notifications (outbox) and the audit
// trail hang here, so that they are written with the change or not at all.
type EventHook func(ctx context.Context, tx luoshi.Tx, it *luoshi.Item, ev *luoshi.Event) error

// OnEvent adds a hook; call it while wiring, before serving.
func (s *Service) OnEvent(h EventHook) { s.hooks = append(s.hooks, h) }

// Policy returns the policy in force (the calendar may be replaced while serving).
func (s *Service) Policy() *luoshi.Policy {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.policy
}

// SetPolicy replaces the policy, keeping its calendar; for configuration and tests.
func (s *Service) SetPolicy(p *luoshi.Policy) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.policy = p
}

// Location is the zone of the region's dates.
func (s *Service) Location() *time.Location { return s.loc }

// ReloadCalendar reads the calendar from the store; an empty store gets the embedded 2026
// arrangement.
func (s *Service) ReloadCalendar(ctx context.Context) error {
	var days []luoshi.CalendarDay
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		var err error
		if days, err = tx.CalendarDays(ctx); err != nil || len(days) > 0 {
			return err
		}
		days = luoshi.DefaultCalendarDays()
		for _, d := range days {
			if err := tx.PutCalendarDay(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load calendar: %w", err)
	}
	cal, err := luoshi.NewCalendar(s.loc, days)
	if err != nil {
		return fmt.Errorf("load calendar: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.policy == nil {
		s.policy = luoshi.DefaultPolicy(cal)
	} else {
		p := *s.policy
		p.Cal = cal
		s.policy = &p
	}
	return nil
}

// now is the service clock in UTC, at the millisecond precision the store keeps.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

// checkText checks a text field: given when required, at most max characters long, and
// free of control characters (tab and line breaks apart). The label names the field in the
// messages.
func checkText(v *luoshi.Validation, field, value string, label luoshi.Msg, max int, required bool) {
	n := utf8.RuneCountInString(value)
	switch {
	case required && n == 0:
		v.Add(field, "text.required", label)
	case n > max:
		v.Add(field, "text.too_long_now", label, max, n)
	case flow.HasControl(value):
		v.Add(field, "text.control", label)
	}
}

// forbidden is an EFORBIDDEN error with a message by key (or, for now, a Chinese format).
func forbidden(format string, args ...any) error {
	return luoshi.Errorf(luoshi.EFORBIDDEN, format, args...)
}

// requireBusiness refuses the three administrators, who never see business data.
func requireBusiness(a *luoshi.Actor) error {
	if !a.SeesBusiness() && a.Has(luoshi.RoleCity) {
		return forbidden("access.city.readonly")
	}
	if !a.SeesBusiness() {
		return forbidden("access.admin.no_business")
	}
	return nil
}
