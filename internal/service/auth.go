package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/otp"
)

// dummyHash is checked when the username is unknown or the account locked, so that a login
// takes as long whether or not the account exists or is locked; dummy makes it with the
// service's own hasher, so that it costs what a real check costs, and falls back on this.
var dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Wq2xX0t6jgG2QQb7JL2nFd0b0yJcM2Y0oPQkC4u1Qw"

// LoginResult is what a successful password login gives. Pending says what the login still
// owes (a second factor, a new password, an enrolment) before the token opens anything else.
type LoginResult struct {
	Token     string       `json:"token"`
	ExpiresAt time.Time    `json:"expires_at"`
	User      *luoshi.User `json:"user"`
	Pending   string       `json:"pending,omitempty"`
	CSRFToken string       `json:"csrf_token,omitempty"`
}

// errBadLogin is the one answer to every failed login: it never says whether the account
// exists or is locked.
func errBadLogin(p luoshi.SecurityPolicy) error {
	return luoshi.Errorf(luoshi.EUNAUTHENTICATED, "auth.login.wrong",
		p.LockoutThreshold, p.LockoutMinutes)
}

func randomToken() string {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(raw)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Login checks a username and password, counts failures towards the lockout, and opens a
// session. The attempt is counted, and the lock decided, in one step before the password is
// checked (reserveLogin): of any number of attempts sent at once, at most the lockout
// threshold are checked, and none after the one that locks.
func (s *Service) Login(ctx context.Context, username, password string) (*LoginResult, error) {
	p, err := s.SecurityPolicy(ctx)
	if err != nil {
		return nil, err
	}
	username = strings.TrimSpace(username)
	if username == "" || password == "" {
		var v luoshi.Validation
		if username == "" {
			v.Add("username", "auth.username.required")
		}
		if password == "" {
			v.Add("password", "auth.password.required")
		}
		return nil, v.Err()
	}
	now := s.now()
	ri := luoshi.RequestInfoFrom(ctx)
	if !s.limiter.allow(ri.Address, p.LoginRatePerMinute, now) {
		s.auditAlone(ctx, nil, "login.rate_limited", "user:"+truncate(username, 64), luoshi.OutcomeDenied, "")
		return nil, luoshi.Errorf(luoshi.ERATELIMIT, "auth.login.rate_limited")
	}
	if len(username) > 64 || len(password) > 256 {
		return nil, errBadLogin(p)
	}
	release, err := s.hashSlot(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	at, err := s.reserveLogin(ctx, username, p, now)
	if err != nil {
		return nil, err
	}
	if at.user == nil {
		s.Hasher.Verify(s.dummy(), password)
		s.auditAlone(ctx, nil, "login", "user:"+username, luoshi.OutcomeFailure, "未知用户名")
		return nil, errBadLogin(p)
	}
	u := at.user
	a := &luoshi.Actor{UserID: u.ID, Username: u.Username, RegionID: u.RegionID}
	if at.n == 0 {
		s.Hasher.Verify(s.dummy(), password)
		s.auditAlone(ctx, a, "login", "user:"+u.Username, luoshi.OutcomeFailure, "账号锁定中")
		return nil, errBadLogin(p)
	}
	if !s.Hasher.Verify(at.creds.PasswordHash, password) || u.Disabled {
		detail := "密码错误"
		if u.Disabled {
			detail = "账号已停用"
		}
		return nil, s.loginFailed(ctx, a, at.lockedBy, p, detail)
	}
	return s.openSession(ctx, a, u, at, p, now)
}

// dummy returns a hash of no one's password made by the service's hasher (as it is at the
// first login), for the checks that stand in for a real one.
func (s *Service) dummy() string {
	s.dummyOnce.Do(func() {
		s.dummyHash = dummyHash
		if h, err := s.Hasher.Hash(randomToken()); err == nil {
			s.dummyHash = h
		}
	})
	return s.dummyHash
}

// loginAttempt is a reserved attempt: the account (nil when the name is unknown), its
// credentials, the attempt's number (0: refused, the account is locked) and the lock it
// took (zero when it took none).
type loginAttempt struct {
	user     *luoshi.User
	creds    *luoshi.Credentials
	n        int
	lockedBy time.Time
}

// reserveLogin finds the account and reserves an attempt on it in one write transaction.
func (s *Service) reserveLogin(ctx context.Context, username string, p luoshi.SecurityPolicy, now time.Time) (loginAttempt, error) {
	var at loginAttempt
	// Logins (attempts, sessions, their audit records) are in no kept answer
	// (answer_cache.go): they leave the data version as it is.
	err := s.Store.Update(luoshi.ChangesNoAnswers(ctx), func(tx luoshi.Tx) error {
		u, err := tx.FindUserByUsername(ctx, username)
		if luoshi.ErrorCode(err) == luoshi.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		at.user = u
		at.n, at.lockedBy, err = reserveAttempt(ctx, tx, u.ID, p, now)
		if err != nil || at.n == 0 {
			return err
		}
		at.creds, err = tx.FindCredentials(ctx, u.ID)
		return err
	})
	return at, err
}

// reserveAttempt counts an attempt on an account; the attempt that reaches the threshold
// returns the lock it took.
func reserveAttempt(ctx context.Context, tx luoshi.Tx, userID int64, p luoshi.SecurityPolicy, now time.Time) (int, time.Time, error) {
	until := now.Add(time.Duration(p.LockoutMinutes) * time.Minute)
	n, err := tx.ReserveLoginAttempt(ctx, userID, p.LockoutThreshold, now, until)
	if err != nil || n < p.LockoutThreshold {
		return n, time.Time{}, err
	}
	return n, until, nil
}

// loginFailed records a failed attempt (already counted when it was reserved), and the lock
// when this attempt took it.
func (s *Service) loginFailed(ctx context.Context, a *luoshi.Actor, lockedBy time.Time, p luoshi.SecurityPolicy, detail string) error {
	// A client that hangs up once its guess is answered must not keep the lock unaudited.
	ctx = context.WithoutCancel(ctx)
	err := s.Store.Update(luoshi.ChangesNoAnswers(ctx), func(tx luoshi.Tx) error {
		if !lockedBy.IsZero() {
			if err := s.audit(ctx, tx, a, "account.locked", "user:"+a.Username, luoshi.OutcomeSuccess,
				"连续 "+strconv.Itoa(p.LockoutThreshold)+" 次登录失败，锁定至 "+lockedBy.In(s.loc).Format("15:04")); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "login", "user:"+a.Username, luoshi.OutcomeFailure, detail)
	})
	if err != nil {
		return err
	}
	return errBadLogin(p)
}

// pendingFor decides what a login that passed the password (and second factor, if
// verified) still owes.
func pendingFor(c *luoshi.Credentials, roles []luoshi.Role, p luoshi.SecurityPolicy, now time.Time, mfaDone bool) string {
	switch {
	case c.TOTPEnabled && !mfaDone:
		return luoshi.PendingTOTP
	case c.MustChangePassword || now.After(c.PasswordChangedAt.AddDate(0, 0, p.PasswordMaxAgeDays)):
		return luoshi.PendingPasswordChange
	case !c.TOTPEnabled && p.RequiresMFA(roles):
		return luoshi.PendingEnrolTOTP
	}
	return luoshi.PendingNone
}

// openSession opens the session of a login whose password was right. A login that owes a
// second factor is not yet a success: its attempt is taken off the count, and the count
// goes back to zero only once the second factor is given.
func (s *Service) openSession(ctx context.Context, a *luoshi.Actor, u *luoshi.User, at loginAttempt, p luoshi.SecurityPolicy, now time.Time) (*LoginResult, error) {
	c := at.creds
	ri := luoshi.RequestInfoFrom(ctx)
	token := randomToken()
	sess := &luoshi.Session{Hash: hashToken(token), UserID: u.ID, Kind: luoshi.SessionLogin,
		Pending: pendingFor(c, u.Roles, p, now, false), CSRF: randomToken(), Address: luoshi.CleanAddress(ri.Address),
		UserAgent: truncate(ri.UserAgent, 200), CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(time.Duration(p.SessionAbsoluteHours) * time.Hour)}
	if s.TokenTTL > 0 && now.Add(s.TokenTTL).Before(sess.ExpiresAt) {
		sess.ExpiresAt = now.Add(s.TokenTTL)
	}
	err := s.Store.Update(luoshi.ChangesNoAnswers(ctx), func(tx luoshi.Tx) error {
		settle := tx.ResetLoginAttempts
		if sess.Pending == luoshi.PendingTOTP {
			settle = tx.ReleaseLoginAttempt
		}
		if err := settle(ctx, u.ID, at.lockedBy); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "login", "user:"+u.Username, luoshi.OutcomeSuccess, "待完成："+pendingLabel(sess.Pending))
	})
	if err != nil {
		return nil, err
	}
	return &LoginResult{Token: token, ExpiresAt: sess.ExpiresAt, User: u, Pending: sess.Pending, CSRFToken: sess.CSRF}, nil
}

func pendingLabel(p string) string {
	switch p {
	case luoshi.PendingTOTP:
		return "双因素认证"
	case luoshi.PendingEnrolTOTP:
		return "绑定双因素认证"
	case luoshi.PendingPasswordChange:
		return "修改密码"
	}
	return "无"
}

// LoginSecondFactor completes a login that owes a TOTP code (or a recovery code).
func (s *Service) LoginSecondFactor(ctx context.Context, a *luoshi.Actor, code string) (string, error) {
	if a.Pending != luoshi.PendingTOTP {
		return "", luoshi.Errorf(luoshi.ECONFLICT, "auth.totp.not_needed")
	}
	p, err := s.SecurityPolicy(ctx)
	if err != nil {
		return "", err
	}
	now := s.now()
	if !s.limiter.allow("2fa:"+luoshi.RequestInfoFrom(ctx).Address, p.LoginRatePerMinute, now) {
		return "", luoshi.Errorf(luoshi.ERATELIMIT, "auth.totp.rate_limited")
	}
	var pending string
	var n int
	var lockedBy time.Time
	var failed bool
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		var err error
		if n, lockedBy, err = reserveAttempt(ctx, tx, a.UserID, p, now); err != nil || n == 0 {
			return err
		}
		c, err := tx.FindCredentials(ctx, a.UserID)
		if err != nil {
			return err
		}
		ok, how, err := s.checkSecondFactor(ctx, tx, c, code, now)
		if err != nil {
			return err
		}
		if !ok {
			failed = true
			return nil
		}
		if err := tx.UpdateCredentials(ctx, c); err != nil {
			return err
		}
		if err := tx.ResetLoginAttempts(ctx, a.UserID, lockedBy); err != nil {
			return err
		}
		pending = pendingFor(c, a.Roles, p, now, true)
		if err := s.setPending(ctx, tx, a.SessionID, pending); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "login.2fa", "user:"+a.Username, luoshi.OutcomeSuccess, how)
	})
	if err != nil {
		return "", err
	}
	if n == 0 {
		s.auditAlone(ctx, a, "login.2fa", "user:"+a.Username, luoshi.OutcomeFailure, "账号锁定中")
		return "", errBadLogin(p)
	}
	if failed {
		return "", s.loginFailed(ctx, a, lockedBy, p, "动态口令错误")
	}
	s.invalidate()
	return pending, nil
}

// checkSecondFactor accepts a current TOTP code (not replayed) or an unused recovery code.
func (s *Service) checkSecondFactor(ctx context.Context, tx luoshi.Tx, c *luoshi.Credentials, code string, now time.Time) (bool, string, error) {
	code = strings.TrimSpace(code)
	if len(code) == 6 && c.TOTPEnabled {
		secret, err := s.openSecret(c.TOTPSecret, c.UserID)
		if err != nil {
			return false, "", err
		}
		if step, ok := otp.Verify(secret, code, now, c.TOTPLastStep); ok {
			c.TOTPLastStep = step
			return true, "动态口令", nil
		}
		return false, "", nil
	}
	ok, err := tx.UseRecoveryCode(ctx, c.UserID, otp.HashRecoveryCode(code), now)
	return ok, "恢复码", err
}

func (s *Service) setPending(ctx context.Context, tx luoshi.Tx, sessionID int64, pending string) error {
	return tx.SetSessionPending(ctx, sessionID, pending)
}

// Authenticate resolves a session token to the actor it speaks for, enforcing the idle and
// absolute timeouts. A cached session costs a map lookup; the last-seen time is written at
// most once a minute.
func (s *Service) Authenticate(ctx context.Context, token string) (*luoshi.Actor, error) {
	if token == "" || len(token) > 200 {
		return nil, luoshi.Errorf(luoshi.EUNAUTHENTICATED, "auth.login.required")
	}
	hash := hashToken(token)
	e, ok := s.sessions.get(hash)
	if !ok {
		var err error
		if e, err = s.loadSession(ctx, hash); err != nil {
			return nil, err
		}
		s.sessions.put(hash, e)
	}
	now := s.now()
	if !now.Before(e.sess.ExpiresAt) {
		return nil, s.endSession(ctx, e, "登录已过期，请重新登录", "auth.session.expired")
	}
	if e.sess.Kind == luoshi.SessionLogin {
		p, err := s.SecurityPolicy(ctx)
		if err != nil {
			return nil, err
		}
		if now.Sub(e.sess.LastSeenAt) > time.Duration(p.SessionIdleMinutes)*time.Minute {
			return nil, s.endSession(ctx, e, "长时间未操作，会话已超时，请重新登录", "auth.session.idle")
		}
	}
	if now.Sub(e.sess.LastSeenAt) > time.Minute {
		// A session's last-seen time is in no kept answer: it does not move the data version.
		err := s.Store.Update(luoshi.ChangesNoAnswers(ctx), func(tx luoshi.Tx) error { return tx.TouchSession(ctx, e.sess.ID, now) })
		if err != nil {
			return nil, err
		}
		s.sessions.touch(hash, now)
	}
	a := e.actor
	a.Roles = append([]luoshi.Role(nil), e.actor.Roles...)
	return &a, nil
}

func (s *Service) loadSession(ctx context.Context, hash string) (cachedSession, error) {
	var e cachedSession
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		sess, err := tx.FindSession(ctx, hash)
		if err != nil {
			return err
		}
		a, err := actorOf(ctx, tx, sess.UserID)
		if err != nil {
			return err
		}
		if err := suspendRoles(ctx, tx, a); err != nil {
			return err
		}
		a.SessionID, a.Pending, a.CSRF = sess.ID, sess.Pending, sess.CSRF
		e = cachedSession{sess: *sess, actor: *a}
		return nil
	})
	if c := luoshi.ErrorCode(err); c == luoshi.ENOTFOUND {
		return e, luoshi.Errorf(luoshi.EUNAUTHENTICATED, "auth.session.invalid")
	}
	return e, err
}

// endSession deletes an expired session, audits why (detail) and says why (key).
func (s *Service) endSession(ctx context.Context, e cachedSession, detail, key string) error {
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := tx.DeleteSession(ctx, e.sess.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, &e.actor, "session.expired", "session:"+strconv.FormatInt(e.sess.ID, 10), luoshi.OutcomeSuccess, detail)
	})
	s.invalidate()
	if err != nil {
		return err
	}
	return luoshi.Errorf(luoshi.EUNAUTHENTICATED, key)
}

// actorOf loads a user with what the rules need: roles, unit, and a leader's portfolio.
func actorOf(ctx context.Context, tx luoshi.Tx, userID int64) (*luoshi.Actor, error) {
	u, err := tx.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, luoshi.Errorf(luoshi.EUNAUTHENTICATED, "auth.account.disabled")
	}
	a := &luoshi.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, RegionID: u.RegionID,
		UnitID: u.UnitID, Roles: u.Roles}
	if u.LeaderID != nil && a.Has(luoshi.RoleLeader) {
		l, err := tx.FindLeaderByID(ctx, *u.LeaderID)
		if err != nil {
			return nil, err
		}
		a.LeaderID, a.Post, a.Portfolio, a.AllUnits = l.ID, l.Post, l.Portfolio, l.AllUnits
	}
	return a, readRegions(ctx, tx, a)
}

// Logout ends the actor's session.
func (s *Service) Logout(ctx context.Context, a *luoshi.Actor) error {
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := tx.DeleteSession(ctx, a.SessionID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "logout", "session:"+strconv.FormatInt(a.SessionID, 10), luoshi.OutcomeSuccess, "")
	})
	s.invalidate()
	return err
}

// Me returns the actor's own account.
func (s *Service) Me(ctx context.Context, a *luoshi.Actor) (*luoshi.User, error) {
	var u *luoshi.User
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		u, err = tx.FindUserByID(ctx, a.UserID)
		return err
	})
	return u, err
}

// ActorByUsername loads the actor of an account, for the command line and the demo loader,
// which act without a login.
func (s *Service) ActorByUsername(ctx context.Context, username string) (*luoshi.Actor, error) {
	var a *luoshi.Actor
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		u, err := tx.FindUserByUsername(ctx, username)
		if err != nil {
			return err
		}
		a, err = actorOf(ctx, tx, u.ID)
		return err
	})
	return a, err
}
