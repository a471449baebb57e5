package service

import (
	"bufio"
	"context"
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/emmansun/gmsm/sm3"

	"luoshi/internal/luoshi"
)

// AuditKeys are the keys of the audit trail's MACs: the generations of the key file
// (fieldcrypt.Keyring), each deriving a key per use.
type AuditKeys interface {
	CurrentID() string
	DeriveKey(id, label string) ([]byte, error)
}

// The labels of the keys derived from the key file for the audit trail.
const (
	auditMACLabel  = "audit-mac/v1"
	auditHeadLabel = "audit-head/v1"
)

// hmacSM3 is HMAC-SM3 under the key the generation id derives for label.
func hmacSM3(keys AuditKeys, id, label string, data []byte) ([]byte, error) {
	key, err := keys.DeriveKey(id, label)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sm3.New, key)
	m.Write(data)
	return m.Sum(nil), nil
}

// NewAuditChain returns the audit trail's chain: SM3 always, and HMAC-SM3 under the key
// file's current generation when keys is not nil. The services seal and verify with it;
// the tools that move the trail between databases (luoshi copy) check and extend it.
func NewAuditChain(keys AuditKeys) *luoshi.AuditChain {
	c := &luoshi.AuditChain{Hash: auditHash}
	if keys != nil {
		c.KeyID = keys.CurrentID()
		c.MAC = func(id string, data []byte) ([]byte, error) { return hmacSM3(keys, id, auditMACLabel, data) }
	}
	return c
}

func (s *Service) auditChain() *luoshi.AuditChain { return NewAuditChain(s.AuditKeys) }

// AuditHeadFile keeps the audit trail's head — the last record's sequence number, id and
// MAC — in a file outside the database, rewritten after the commits that append to the
// trail (written to a temporary file and renamed over the old one, by the store's head hook
// off its writer, at most ten times a second: under load one write covers the groups
// committed since the last; not synced, so a crash of the process or a power cut may leave
// it behind the database by the records of the last tenth of a second or so; a clean stop
// writes the last head). The line is itself MACed, so that it cannot be written without the key. A
// tail cut from the database is then found: the record the file names is gone.
type AuditHeadFile struct {
	Path string
	keys AuditKeys
	mu   sync.Mutex
	last int64
}

// NewAuditHeadFile returns the head file at path, signed with keys.
func NewAuditHeadFile(path string, keys AuditKeys) *AuditHeadFile {
	return &AuditHeadFile{Path: path, keys: keys}
}

// AuditHeadPath is where the head file of a SQLite database file lives: beside it.
func AuditHeadPath(dbFile string) string { return dbFile + ".audit-head" }

const auditHeadHeader = "# luoshi audit head: the last record of the audit trail. `luoshi audit verify` checks that\n" +
	"# the database still holds it; do not edit. Rewritten after every commit that appends to the trail.\n"

func (f *AuditHeadFile) sign(m luoshi.AuditMark) (string, error) {
	sum, err := hmacSM3(f.keys, m.KeyID, auditHeadLabel, []byte(fmt.Sprintf("%d|%d|%s|%s", m.Seq, m.ID, m.KeyID, m.MAC)))
	return hex.EncodeToString(sum), err
}

// Record writes m as the head if it is newer than the last one written; the store calls it
// after each commit. A failure is logged: the record itself is stored, and verify will say
// that the file is behind.
func (f *AuditHeadFile) Record(m luoshi.AuditMark) {
	if m.MAC == "" {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if m.Seq <= f.last {
		return
	}
	if err := f.write(m); err != nil {
		slog.Error("audit head file not written", "path", f.Path, "seq", m.Seq, "err", err)
		return
	}
	f.last = m.Seq
}

func (f *AuditHeadFile) write(m luoshi.AuditMark) error {
	sig, err := f.sign(m)
	if err != nil {
		return err
	}
	line := fmt.Sprintf("seq=%d id=%d key=%s mac=%s sig=%s\n", m.Seq, m.ID, m.KeyID, m.MAC, sig)
	tmp := f.Path + ".tmp"
	if err := os.WriteFile(tmp, []byte(auditHeadHeader+line), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, f.Path)
}

// errHeadFile is a head file that is there but cannot be trusted.
var errHeadFile = errors.New("audit head file unreadable or not signed by the key file")

// Read returns the mark the file holds, nil when there is no file, and errHeadFile when
// its line is malformed or its signature does not hold.
func (f *AuditHeadFile) Read() (*luoshi.AuditMark, error) {
	file, err := os.Open(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		vals := map[string]string{}
		for _, kv := range strings.Fields(line) {
			k, v, _ := strings.Cut(kv, "=")
			vals[k] = v
		}
		m := luoshi.AuditMark{KeyID: vals["key"], MAC: vals["mac"]}
		m.Seq, _ = strconv.ParseInt(vals["seq"], 10, 64)
		m.ID, _ = strconv.ParseInt(vals["id"], 10, 64)
		want, err := f.sign(m)
		if err != nil || m.Seq == 0 || !hmac.Equal([]byte(want), []byte(vals["sig"])) {
			return nil, errHeadFile
		}
		return &m, nil
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return nil, errHeadFile
}

// AuditVerification is the result of checking the chain.
type AuditVerification struct {
	OK      bool `json:"ok"`
	Records int  `json:"records"`
	// Keyed is how many of the records carry a MAC, and KeyedFrom the id of the first of
	// them: the records before it were written before the keyed chain (plain SM3 only).
	Keyed     int   `json:"keyed"`
	KeyedFrom int64 `json:"keyed_from,omitempty"`
	// HeadFile is the head file checked ("" when none is configured); HeadID the record it
	// names (0 when there is no file yet).
	HeadFile string `json:"head_file,omitempty"`
	HeadID   int64  `json:"head_id,omitempty"`
	// Problem says what is broken, by key; Error is its key text naming the broken record's
	// id, for logs (the API renders Problem in the reader's language there).
	Problem  luoshi.Msg `json:"-"`
	Error    string     `json:"error,omitempty"`
	BrokenID int64      `json:"broken_id,omitempty"`
	// Last names the trail's last record (nil for an empty trail).
	Last *luoshi.AuditMark `json:"-"`
}

// Err is the problem as an error, nil when the trail verifies.
func (v *AuditVerification) Err() error {
	if v.Problem.Key == "" {
		return nil
	}
	return luoshi.Errorf(luoshi.EINTERNAL, v.Problem.Key, v.Problem.Args...)
}

// VerifyAudit walks the whole chain: every record's hash and link, every keyed record's
// MAC under the key file, the signed checkpoint of the last prune, and the head file. A
// nil actor is the command line.
func (s *Service) VerifyAudit(ctx context.Context, a *luoshi.Actor) (*AuditVerification, error) {
	if a != nil {
		if err := s.requireAuditor(ctx, a, "audit.verify"); err != nil {
			return nil, err
		}
	}
	res := &AuditVerification{}
	var mark *luoshi.AuditMark
	if s.AuditHead != nil {
		res.HeadFile = s.AuditHead.Path
		var err error
		if mark, err = s.AuditHead.Read(); errors.Is(err, errHeadFile) {
			res.Problem = luoshi.M("audit.head.bad", res.HeadFile)
		} else if err != nil {
			return nil, err
		}
	}
	var v *luoshi.ChainVerifier
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		anchor, head, err := tx.AuditHead(ctx)
		if err != nil {
			return err
		}
		v = luoshi.NewChainVerifier(s.auditChain(), anchor)
		if mark != nil {
			v.ExpectMark(mark)
			res.HeadID = mark.ID
		}
		if err := tx.ScanAudit(ctx, func(r *luoshi.AuditRecord) error { v.Add(r); return nil }); err != nil {
			return err
		}
		if p := v.Finish(head); p.Key != "" {
			res.Problem = p
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Records, res.Keyed = v.Count, v.Keyed
	if v.KeyedFrom != nil {
		res.KeyedFrom = v.KeyedFrom.ID
	}
	if v.Broken != nil {
		res.BrokenID = v.Broken.ID
	}
	if r := v.Last; r != nil {
		res.Last = &luoshi.AuditMark{Seq: r.Seq, ID: r.ID, MAC: r.MAC, KeyID: r.KeyID}
	}
	// Without its head file a trail could have lost its tail — and, stripped of its MACs with
	// the file, all trace of the keyed chain: a head file configured must be there once the
	// trail holds anything (the server writes it on start).
	if res.Problem.Key == "" && s.AuditHead != nil && mark == nil && v.Count > 0 {
		res.Problem = luoshi.M("audit.head.missing", res.HeadFile)
	}
	res.OK = res.Problem.Key == ""
	if !res.OK {
		res.Error = res.Err().Error()
		if res.BrokenID != 0 {
			res.Error = fmt.Sprintf("id %d: %s", res.BrokenID, res.Error)
		}
	}
	if a != nil {
		s.auditAlone(ctx, a, "audit.verify", "audit", luoshi.OutcomeSuccess, fmt.Sprintf("ok=%v records=%d", res.OK, res.Records))
	}
	return res, nil
}

// PruneAudit deletes records older than the retention period allows, never younger than
// the policy's retention (at least 180 days), and writes a signed checkpoint naming the last
// record deleted, in the same transaction: rows deleted without one are found by verify.
func (s *Service) PruneAudit(ctx context.Context, olderThanDays int) (int, error) {
	p, err := s.SecurityPolicy(ctx)
	if err != nil {
		return 0, err
	}
	if olderThanDays < p.AuditRetentionDays {
		return 0, luoshi.Invalid("days", "audit.purge.too_recent", p.AuditRetentionDays)
	}
	before := s.now().AddDate(0, 0, -olderThanDays)
	var cp luoshi.AuditCheckpoint
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		var err error
		if cp, err = tx.PruneAudit(ctx, before); err != nil {
			return err
		}
		if cp.Pruned > 0 {
			if err := s.audit(ctx, tx, nil, luoshi.ActionAuditCheckpoint, "audit", luoshi.OutcomeSuccess, cp.Detail()); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, nil, "audit.prune", "audit", luoshi.OutcomeSuccess, fmt.Sprintf("删除 %d 条（早于 %s）", cp.Pruned, before.Format("2006-01-02")))
	})
	return cp.Pruned, err
}
