package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// dummyHash is checked when the username is unknown, so that a login takes as long whether
// or not the account exists.
var dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Wq2xX0t6jgG2QQb7JL2nFd0b0yJcM2Y0oPQkC4u1Qw"

// LoginResult is what a successful login gives.
type LoginResult struct {
	Token     string       `json:"token"`
	ExpiresAt time.Time    `json:"expires_at"`
	User      *luoshi.User `json:"user"`
}

func errBadLogin() error {
	return luoshi.Errorf(luoshi.EUNAUTHENTICATED, "用户名或密码错误")
}

// Login checks a username and password and issues a bearer token. The answer never says
// whether the account exists.
func (s *Service) Login(ctx context.Context, username, password string) (*LoginResult, error) {
	username = strings.TrimSpace(username)
	var v luoshi.Validation
	if username == "" {
		v.Add("username", "请输入用户名")
	}
	if password == "" {
		v.Add("password", "请输入密码")
	}
	if len(username) > 64 || len(password) > 256 {
		return nil, errBadLogin()
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var u *luoshi.User
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		u, err = tx.FindUserByUsername(ctx, username)
		return err
	})
	if luoshi.ErrorCode(err) == luoshi.ENOTFOUND {
		s.Hasher.Verify(dummyHash, password)
		return nil, errBadLogin()
	} else if err != nil {
		return nil, err
	}
	if !s.Hasher.Verify(u.PasswordHash, password) || u.Disabled {
		return nil, errBadLogin()
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now()
	tk := &luoshi.Token{Hash: hashToken(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(s.TokenTTL)}
	if err := s.Store.Update(ctx, func(tx luoshi.Tx) error { return tx.CreateToken(ctx, tk) }); err != nil {
		return nil, err
	}
	return &LoginResult{Token: token, ExpiresAt: tk.ExpiresAt, User: u}, nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Authenticate resolves a bearer token to the actor it speaks for.
func (s *Service) Authenticate(ctx context.Context, token string) (*luoshi.Actor, error) {
	if token == "" || len(token) > 200 {
		return nil, luoshi.Errorf(luoshi.EUNAUTHENTICATED, "请先登录")
	}
	var a *luoshi.Actor
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		tk, err := tx.FindToken(ctx, hashToken(token))
		if err != nil {
			return err
		}
		if !s.now().Before(tk.ExpiresAt) {
			return luoshi.Errorf(luoshi.EUNAUTHENTICATED, "登录已过期，请重新登录")
		}
		a, err = actorOf(ctx, tx, tk.UserID)
		return err
	})
	if c := luoshi.ErrorCode(err); c == luoshi.ENOTFOUND {
		return nil, luoshi.Errorf(luoshi.EUNAUTHENTICATED, "登录凭证无效，请重新登录")
	}
	return a, err
}

// actorOf loads a user with what the rules need: roles, unit, and a leader's portfolio.
func actorOf(ctx context.Context, tx luoshi.Tx, userID int64) (*luoshi.Actor, error) {
	u, err := tx.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, luoshi.Errorf(luoshi.EUNAUTHENTICATED, "账号已停用")
	}
	a := &luoshi.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, RegionID: u.RegionID,
		UnitID: u.UnitID, Roles: u.Roles}
	if u.LeaderID != nil && a.Has(luoshi.RoleLeader) {
		l, err := tx.FindLeaderByID(ctx, *u.LeaderID)
		if err != nil {
			return nil, err
		}
		a.LeaderID, a.Portfolio, a.AllUnits = l.ID, l.Portfolio, l.AllUnits
	}
	return a, nil
}

// Logout revokes the token.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.Update(ctx, func(tx luoshi.Tx) error { return tx.DeleteToken(ctx, hashToken(token)) })
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
