package service

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"

	"luoshi/internal/luoshi"
)

// auditHash is the SM3 chain function of the audit trail (GB/T 32905).
var auditHash = luoshi.AuditHasher(func(b []byte) []byte { s := sm3.Sum(b); return s[:] })

// audit appends a record inside tx. A nil actor is the system or the command line.
func (s *Service) audit(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, action, target, outcome, detail string) error {
	ri := luoshi.RequestInfoFrom(ctx)
	r := &luoshi.AuditRecord{At: s.now(), Address: luoshi.CleanAddress(ri.Address), Action: action, Target: target, Outcome: outcome,
		Detail: truncate(detail, 2000), ActorName: "system"}
	if a != nil {
		r.ActorID, r.ActorName, r.RegionID = a.UserID, a.Username, a.RegionID
	}
	return tx.AppendAudit(ctx, r, s.auditChain())
}

// auditAlone appends a record in its own transaction: for failures, whose own transaction
// (if any) rolls back.
func (s *Service) auditAlone(ctx context.Context, a *luoshi.Actor, action, target, outcome, detail string) {
	// The audit trail is in no kept answer (service/answer_cache.go): the data version stays.
	err := s.Store.Update(luoshi.ChangesNoAnswers(ctx), func(tx luoshi.Tx) error {
		return s.audit(ctx, tx, a, action, target, outcome, detail)
	})
	if err != nil {
		// An audit write that fails is itself a fault the operator must see.
		fmt.Printf("luoshi: audit write failed: %v\n", err)
	}
}

// deny returns a refusal of an action on a target; the HTTP layer audits every refusal it
// answers (AuditRefused), so that nothing is audited twice.
func (s *Service) deny(_ context.Context, _ *luoshi.Actor, _, _, format string, args ...any) error {
	return forbidden(format, args...)
}

// AuditDenied records a request refused for want of authority (401, 403, or 404 on a
// resource the caller may not see).
func (s *Service) AuditDenied(ctx context.Context, a *luoshi.Actor, route, reason string) {
	s.auditAlone(ctx, a, "access.denied", route, luoshi.OutcomeDenied, reason)
}

// AuditRejected records a request refused as malformed, invalid or too large: what hostile
// input (injection strings, oversized bodies, disguised uploads) looks like from here.
func (s *Service) AuditRejected(ctx context.Context, a *luoshi.Actor, route, reason string) {
	s.auditAlone(ctx, a, "request.rejected", route, luoshi.OutcomeFailure, reason)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// auditItemEvent is the event hook that puts every business event on the audit trail.
func (s *Service) auditItemEvent(ctx context.Context, tx luoshi.Tx, it *luoshi.Item, ev *luoshi.Event) error {
	payload := ev.Data
	payload.Item = nil
	detail, _ := json.Marshal(payload)
	if ev.Kind == luoshi.EventCreated {
		detail = []byte(it.Title)
	}
	ri := luoshi.RequestInfoFrom(ctx)
	r := &luoshi.AuditRecord{At: ev.At, RegionID: it.RegionID, ActorID: ev.ActorID, Address: luoshi.CleanAddress(ri.Address),
		Action: "item." + string(ev.Kind), Target: "item:" + strconv.FormatInt(it.ID, 10) + " " + it.Code,
		Outcome: luoshi.OutcomeSuccess, Detail: truncate(string(detail), 2000)}
	r.ActorName = actorNameFromCtx(ctx, ev.ActorID)
	return tx.AppendAudit(ctx, r, s.auditChain())
}

type actorNameKey struct{}

// withActorName lets hooks name the actor without another query.
func withActorName(ctx context.Context, a *luoshi.Actor) context.Context {
	return context.WithValue(ctx, actorNameKey{}, a)
}

func actorNameFromCtx(ctx context.Context, id int64) string {
	if a, ok := ctx.Value(actorNameKey{}).(*luoshi.Actor); ok && a.UserID == id {
		return a.Username
	}
	return "user:" + strconv.FormatInt(id, 10)
}

func (s *Service) requireAuditor(ctx context.Context, a *luoshi.Actor, action string) error {
	if !a.Has(luoshi.RoleAuditor) {
		return s.deny(ctx, a, action, "audit", "audit.read.forbidden")
	}
	return nil
}

// AuditPage is one page of the audit trail.
type AuditPage struct {
	Records    []*luoshi.AuditRecord `json:"records"`
	NextCursor string                `json:"next_cursor,omitempty"`
}

// SearchAudit lists audit records, newest first; the auditor's alone, and only those of the
// auditor's region (and of none: anonymous attempts and the system), since regions sharing
// a database are tenants of it. Business events show no business text (redactAudit).
func (s *Service) SearchAudit(ctx context.Context, a *luoshi.Actor, f luoshi.AuditFilter) (*AuditPage, error) {
	if err := s.requireAuditor(ctx, a, "audit.search"); err != nil {
		return nil, err
	}
	f.RegionID = a.RegionID
	if f.Limit <= 0 {
		f.Limit = 100
	}
	if f.Limit > 1000 {
		return nil, luoshi.Invalid("limit", "audit.limit.max")
	}
	page := &AuditPage{}
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		page.Records, page.NextCursor, err = tx.FindAudit(ctx, f)
		return err
	})
	page.Records = redactedPage(page.Records, f.Query)
	if page.Records == nil {
		page.Records = []*luoshi.AuditRecord{}
	}
	return page, err
}

// ExportAudit writes the matching records as CSV (UTF-8 with BOM, for Excel), business
// events redacted as SearchAudit shows them; the export itself is audited.
func (s *Service) ExportAudit(ctx context.Context, a *luoshi.Actor, f luoshi.AuditFilter, w io.Writer) error {
	if err := s.requireAuditor(ctx, a, "audit.export"); err != nil {
		return err
	}
	f.RegionID = a.RegionID
	f.Limit = 1000
	io.WriteString(w, "\ufeff")
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "时间", "操作人", "地址", "操作", "对象", "结果", "详情", "哈希"})
	n := 0
	for {
		var recs []*luoshi.AuditRecord
		var next string
		err := s.Store.View(ctx, func(tx luoshi.Tx) error {
			var err error
			recs, next, err = tx.FindAudit(ctx, f)
			return err
		})
		if err != nil {
			return err
		}
		recs = redactedPage(recs, f.Query)
		for _, r := range recs {
			cw.Write([]string{strconv.FormatInt(r.ID, 10), r.At.In(s.loc).Format("2006-01-02 15:04:05"), r.ActorName,
				exportAddress(r.Address), r.Action, r.Target, r.Outcome, csvSafe(r.Detail), r.Hash})
			n++
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	cw.Flush()
	s.auditAlone(ctx, a, "audit.export", "audit", luoshi.OutcomeSuccess, fmt.Sprintf("导出 %d 条", n))
	return cw.Error()
}

// exportAddress writes a stored address as it is when it is an IP address, and anything else
// (a record written before addresses were checked) quoted after a "?", so that it cannot be
// taken for an address or start a formula.
func exportAddress(addr string) string {
	if addr == "" || luoshi.CleanAddress(addr) == addr {
		return addr
	}
	return "?" + strconv.QuoteToASCII(truncate(addr, 100))
}

// csvSafe defuses spreadsheet formulas in exported text.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

// AuditPanic records a request that panicked: the route, the incident id the user was shown
// and the log holds, and what the panic said.
func (s *Service) AuditPanic(ctx context.Context, a *luoshi.Actor, route, incident string, v any) {
	s.auditAlone(ctx, a, "request.panic", route, luoshi.OutcomeFailure, fmt.Sprintf("incident=%s panic: %v", incident, v))
}

// AuditServerStart records that the server started, and which version: the first record a
// server writes, so that a database upgraded to the keyed chain starts it (and its head
// file) at once rather than at the first login.
func (s *Service) AuditServerStart(ctx context.Context, version string) {
	s.auditAlone(ctx, nil, "server.start", "luoshi", luoshi.OutcomeSuccess, "version="+version)
}

// AuditServerStop records that the server stopped taking requests.
func (s *Service) AuditServerStop(ctx context.Context) {
	s.auditAlone(ctx, nil, "server.stop", "luoshi", luoshi.OutcomeSuccess, "")
}
