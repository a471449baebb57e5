package luoshi

import (
	"context"
	"time"
)

// SecurityPolicy is the security administrator's configuration (等保 2.0 三级 controls).
type SecurityPolicy struct {
	PasswordMinLength    int    `json:"password_min_length"`
	PasswordClasses      int    `json:"password_classes"`
	PasswordHistory      int    `json:"password_history"`
	PasswordMaxAgeDays   int    `json:"password_max_age_days"`
	LockoutThreshold     int    `json:"lockout_threshold"`
	LockoutMinutes       int    `json:"lockout_minutes"`
	LoginRatePerMinute   int    `json:"login_rate_per_minute"`
	MFARequiredRoles     []Role `json:"mfa_required_roles"`
	SessionIdleMinutes   int    `json:"session_idle_minutes"`
	SessionAbsoluteHours int    `json:"session_absolute_hours"`
	APITokenMaxDays      int    `json:"api_token_max_days"`
	AuditRetentionDays   int    `json:"audit_retention_days"`
}

// MinAuditRetentionDays is the legal floor of audit retention (GB/T 22239-2019 8.1.4.3 with
// the Cybersecurity Law's six months).
const MinAuditRetentionDays = 180

// DefaultSecurityPolicy is the policy of a new production database: the second factor is
// required for the three administrators and the supervision office.
func DefaultSecurityPolicy() SecurityPolicy {
	return SecurityPolicy{PasswordMinLength: 8, PasswordClasses: 3, PasswordHistory: 5, PasswordMaxAgeDays: 90,
		LockoutThreshold: 5, LockoutMinutes: 10, LoginRatePerMinute: 30,
		MFARequiredRoles:   []Role{RoleSysadmin, RoleSecadmin, RoleAuditor, RoleSupervisor},
		SessionIdleMinutes: 30, SessionAbsoluteHours: 12, APITokenMaxDays: 90, AuditRetentionDays: 180}
}

// Validate checks the policy's bounds; the answer names each bad field.
func (p SecurityPolicy) Validate() error {
	var v Validation
	between := func(field string, val, lo, hi int) {
		if val < lo || val > hi {
			v.Add(field, "security.range", lo, hi)
		}
	}
	between("password_min_length", p.PasswordMinLength, 8, 64)
	between("password_classes", p.PasswordClasses, 2, 4)
	between("password_history", p.PasswordHistory, 0, 24)
	between("password_max_age_days", p.PasswordMaxAgeDays, 1, 365)
	between("lockout_threshold", p.LockoutThreshold, 3, 10)
	between("lockout_minutes", p.LockoutMinutes, 1, 1440)
	between("login_rate_per_minute", p.LoginRatePerMinute, 5, 600)
	between("session_idle_minutes", p.SessionIdleMinutes, 5, 120)
	between("session_absolute_hours", p.SessionAbsoluteHours, 1, 24)
	between("api_token_max_days", p.APITokenMaxDays, 1, 365)
	if p.AuditRetentionDays < MinAuditRetentionDays || p.AuditRetentionDays > 3650 {
		v.Add("audit_retention_days", "security.audit_retention", MinAuditRetentionDays)
	}
	for _, r := range p.MFARequiredRoles {
		if !r.Valid() {
			v.Add("mfa_required_roles", "role.unknown", string(r))
		}
	}
	return v.Err()
}

// RequiresMFA reports whether the policy requires a second factor of a user with roles.
func (p SecurityPolicy) RequiresMFA(roles []Role) bool {
	for _, r := range roles {
		for _, q := range p.MFARequiredRoles {
			if r == q {
				return true
			}
		}
	}
	return false
}

// Credentials are the security fields of an account, kept apart from User so that they are
// never serialised into an answer.
type Credentials struct {
	UserID             int64
	PasswordHash       string
	PasswordChangedAt  time.Time
	MustChangePassword bool
	FailedLogins       int
	LockedUntil        time.Time
	TOTPSecret         string // sealed
	TOTPEnabled        bool
	TOTPLastStep       int64
}

// Session kinds.
const (
	SessionLogin = "login" // from a password login: idle and absolute timeouts
	SessionAPI   = "api"   // a named API token: its own expiry, no idle timeout
)

// Session pending states: what a half-finished login still owes.
const (
	PendingNone           = ""
	PendingTOTP           = "totp"            // must give the second factor
	PendingEnrolTOTP      = "enrol_totp"      // must enrol a second factor first
	PendingPasswordChange = "password_change" // must change an expired password first
)

// Session is a login or API token; only the SHA-256 of its secret is stored.
type Session struct {
	ID         int64     `json:"id"`
	Hash       string    `json:"-"`
	UserID     int64     `json:"user_id"`
	Kind       string    `json:"kind"`
	Name       string    `json:"name,omitempty"`
	Pending    string    `json:"pending,omitempty"`
	CSRF       string    `json:"-"`
	Address    string    `json:"address"`
	UserAgent  string    `json:"user_agent"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	Current    bool      `json:"current,omitempty"`
}

// Audit outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomeDenied  = "denied"
)

// AuditRecord is one entry of the hash-chained audit trail.
type AuditRecord struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	RegionID  int64     `json:"region_id,omitempty"`
	ActorID   int64     `json:"actor_id,omitempty"`
	ActorName string    `json:"actor_name"`
	Address   string    `json:"address"`
	Action    string    `json:"action"`
	Target    string    `json:"target"`
	Outcome   string    `json:"outcome"`
	Detail    string    `json:"detail"`
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
	// KeyID is the key generation whose MAC key signed the record, and MAC the keyed chain's
	// value (HMAC-SM3); both empty on records written before the keyed chain.
	KeyID string `json:"key_id,omitempty"`
	MAC   string `json:"mac,omitempty"`
	// Seq is the record's place in the chain.
	Seq int64 `json:"-"`
}

// AuditFilter selects audit records; zero fields do not filter.
type AuditFilter struct {
	// RegionID, when set, keeps the records of that region and those of none (anonymous
	// login attempts, the system); the services set it to the auditor's region.
	RegionID int64
	From, To time.Time
	ActorID  int64
	Action   string // prefix, e.g. "login" or "item."
	Outcome  string
	Query    string // substring of target or detail
	Limit    int
	Cursor   string
}

// SecurityTx is what sessions, login protection and the audit trail need of a transaction.
type SecurityTx interface {
	Setting(ctx context.Context, key string) (string, bool, error)
	PutSetting(ctx context.Context, key, value string) error

	FindCredentials(ctx context.Context, userID int64) (*Credentials, error)
	UpdateCredentials(ctx context.Context, c *Credentials) error
	PasswordHistory(ctx context.Context, userID int64, n int) ([]string, error)
	AddPasswordHistory(ctx context.Context, userID int64, hash string, at time.Time) error
	SetRecoveryCodes(ctx context.Context, userID int64, hashes []string) error
	UseRecoveryCode(ctx context.Context, userID int64, hash string, at time.Time) (bool, error)
	SetUserRoles(ctx context.Context, userID int64, roles []Role) error
	SetUserDisabled(ctx context.Context, userID int64, disabled bool) error
	UserSecrets(ctx context.Context, userID int64) (phone, idNumber string, err error)
	SetUserSecrets(ctx context.Context, userID int64, phone, idNumber string) error
	AllUserSecrets(ctx context.Context) (map[int64][3]string, error)

	CreateSession(ctx context.Context, s *Session) error
	FindSession(ctx context.Context, hash string) (*Session, error)
	SetSessionPending(ctx context.Context, id int64, pending string) error
	TouchSession(ctx context.Context, id int64, at time.Time) error
	DeleteSession(ctx context.Context, id int64) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	FindSessions(ctx context.Context, userID int64) ([]*Session, error)

	// AppendAudit adds r at the head of the chain, sealed by chain; after the transaction
	// commits, the store hands the new head to its audit-head hook, if one is set.
	AppendAudit(ctx context.Context, r *AuditRecord, chain *AuditChain) error
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditRecord, string, error)
	// AuditHead returns the stored anchor (where the first remaining record chains from)
	// and head (the hash of the last record).
	AuditHead(ctx context.Context) (anchor AuditAnchor, head string, err error)
	// ScanAudit calls fn for every record in chain order.
	ScanAudit(ctx context.Context, fn func(r *AuditRecord) error) error
	// PruneAudit deletes the records older than before, anchors the chain at the last of
	// them, and returns the checkpoint a record must attest (zero Pruned: nothing deleted).
	PruneAudit(ctx context.Context, before time.Time) (AuditCheckpoint, error)
}

type requestInfoKey struct{}

// RequestInfo is where a request came from, for the audit trail.
type RequestInfo struct {
	Address   string
	UserAgent string
	SessionID int64
}

// WithRequestInfo returns a context carrying the request's origin.
func WithRequestInfo(ctx context.Context, ri RequestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, ri)
}

// RequestInfoFrom returns the request's origin, or a zero RequestInfo (e.g. the command line).
func RequestInfoFrom(ctx context.Context) RequestInfo {
	ri, _ := ctx.Value(requestInfoKey{}).(RequestInfo)
	return ri
}
