package service_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

// benchService opens a service over a fresh SQLite database with one account "bench".
func benchService(tb testing.TB, hasher service.PasswordHasher) *service.Service {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(tb.TempDir(), "bench.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	svc, err := service.New(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	svc.Hasher = hasher
	p := luoshi.DefaultSecurityPolicy()
	p.MFARequiredRoles, p.LoginRatePerMinute = []luoshi.Role{}, 600
	if _, err := svc.SetSecurityPolicy(ctx, nil, p); err != nil {
		tb.Fatal(err)
	}
	hash, _ := hasher.Hash("Bench-pass-1")
	err = db.Update(ctx, func(tx luoshi.Tx) error {
		r := &luoshi.Region{Code: "439001", Name: "测试县", TZ: "Asia/Shanghai", CreatedAt: time.Now()}
		if err := tx.CreateRegion(ctx, r); err != nil {
			return err
		}
		u := &luoshi.Unit{RegionID: r.ID, Name: "单位", Kind: "department", CreatedAt: time.Now()}
		if err := tx.CreateUnit(ctx, u); err != nil {
			return err
		}
		return tx.CreateUser(ctx, &luoshi.User{RegionID: r.ID, UnitID: u.ID, Username: "bench", Name: "压测",
			PasswordHash: hash, Roles: []luoshi.Role{luoshi.RoleLiaison}, CreatedAt: time.Now()})
	})
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

// BenchmarkLogin is a whole password login with the production argon2id parameters:
// the target is at most 100 ms per login on the reference machine.
func BenchmarkLogin(b *testing.B) {
	svc := benchService(b, service.DefaultHasher())
	ctx := luoshi.WithRequestInfo(context.Background(), luoshi.RequestInfo{Address: "127.0.0.1"})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.Login(ctx, "bench", "Bench-pass-1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticate is what token validation adds to a request (a cached session): the
// target is at most 50 µs.
func BenchmarkAuthenticate(b *testing.B) {
	svc := benchService(b, service.PasswordHasher{Memory: 64, Time: 1, Threads: 1})
	res, err := svc.Login(context.Background(), "bench", "Bench-pass-1")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.Authenticate(ctx, res.Token); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticateUncached is the first request of a session in a process (or after
// any security change invalidates the cache): four indexed reads.
func BenchmarkAuthenticateUncached(b *testing.B) {
	svc := benchService(b, service.PasswordHasher{Memory: 64, Time: 1, Threads: 1})
	res, err := svc.Login(context.Background(), "bench", "Bench-pass-1")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		svc.InvalidateSessions()
		if _, err := svc.Authenticate(ctx, res.Token); err != nil {
			b.Fatal(err)
		}
	}
}
