package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/demo"
	"luoshi/internal/httpx"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

func openService(ctx context.Context, cfg *Config) (*store.DB, *service.Service, error) {
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, nil, err
	}
	svc, err := service.New(ctx, db)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	if cfg.TokenTTL > 0 {
		svc.TokenTTL = cfg.TokenTTL
	}
	return db, svc, nil
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	if err := newFlagSet("serve", &cfg, stderr, true).Parse(args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	db, svc, err := openService(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.Demo {
		if err := loadDemo(ctx, svc, &cfg, stdout); err != nil {
			return err
		}
	}
	if w := svc.CalendarWarning(); w != "" {
		slog.Warn(w)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler(svc), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	fmt.Fprintf(stdout, "luoshi %s listening on http://%s\n", version, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "luoshi stopped")
	return nil
}

func handler(svc *service.Service) http.Handler {
	return httpx.Recover(httpx.Headers(api.New(svc)))
}

func loadDemo(ctx context.Context, svc *service.Service, cfg *Config, stdout io.Writer) error {
	pw := cfg.DemoPassword
	generated := pw == ""
	if generated {
		pw = generatePassword()
	} else if err := service.CheckPassword(pw, ""); err != nil {
		return fmt.Errorf("--demo-password: %w", err)
	}
	start := time.Now()
	sum, err := demo.Load(ctx, svc, pw)
	if errors.Is(err, demo.ErrNotEmpty) {
		fmt.Fprintln(stdout, "demo: the database already has data; not loading the demo county again")
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo: loaded %s — %d units, %d leaders, %d accounts, %d items in %s\n",
		demo.RegionName, sum.Units, sum.Leaders, sum.Users, sum.Items, time.Since(start).Round(time.Millisecond))
	if generated {
		fmt.Fprintf(stdout, "demo: every account's password is %s (shown once; see README for the accounts)\n", pw)
	}
	return nil
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	if err := newFlagSet("migrate", &cfg, stderr, false).Parse(args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "migrations applied:", cfg.DB)
	return db.Close()
}

func cmdCalendar(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 2 || args[0] != "import" {
		return errors.New("usage: luoshi calendar import FILE [--db …]")
	}
	file := args[1]
	var cfg Config
	if err := newFlagSet("calendar", &cfg, stderr, false).Parse(args[2:]); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	db, svc, err := openService(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	years, err := svc.ImportCalendar(ctx, nil, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "calendar imported for %v\n", years)
	return nil
}
