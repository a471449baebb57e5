package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/demo"
	"luoshi/internal/fieldcrypt"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
	"luoshi/internal/web"
	"luoshi/internal/xlsx"
)

// loadKeys opens the key file of sensitive fields, creating it (mode 0600) on first use.
func loadKeys(path string, stdout io.Writer) (*fieldcrypt.Keyring, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := fieldcrypt.CreateKeyFile(path); err != nil {
			return nil, err
		}
		fmt.Fprintf(stdout, "created key file %s (SM4; back it up with the database, keep it apart)\n", path)
	}
	return fieldcrypt.LoadKeyring(path)
}

// openService opens the database and the service over it. Only init (and serve when it
// may create the database) pass create; every other command needs the database there.
func openService(ctx context.Context, cfg *Config, stdout io.Writer, create bool) (*store.DB, *service.Service, error) {
	keys, err := loadKeys(cfg.KeyFile, stdout)
	if err != nil {
		return nil, nil, err
	}
	opts := []store.Option{store.WithReplica(cfg.DBReplica)}
	if !create {
		opts = append(opts, store.MustExist())
	}
	db, err := store.Open(ctx, cfg.DB, opts...)
	if err != nil {
		return nil, nil, err
	}
	svc, err := service.New(ctx, db)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	svc.Keys, svc.FilesDir, svc.Workbooks = keys, cfg.FilesDir, xlsx.Workbooks{Say: i18n.ZH.Msg}
	svc.AuditKeys = keys
	// The proposals' module makes its B-class promises items through the item module.
	svc.Promises = service.PromiseItems{S: svc}
	svc.Decisions = service.DecisionItems{S: svc}
	svc.Commitments = service.StocktakeItems{S: svc}
	svc.Texts = i18n.ZH
	if path := auditHeadPath(cfg); path != "" {
		svc.AuditHead = service.NewAuditHeadFile(path, keys)
		db.OnAuditCommit(svc.AuditHead.Record)
	}
	svc.AnswerBudget = cfg.AnswerCacheMB << 20
	if cfg.AnswerCacheMB == 0 {
		svc.AnswerBudget = -1
	}
	if cfg.TokenTTL > 0 {
		svc.TokenTTL = cfg.TokenTTL
	}
	// Items stored before schema 17 get their schedule moments, which the cockpit counts.
	if n, err := svc.BackfillSchedule(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("schedule moments: %w", err)
	} else if n > 0 {
		fmt.Fprintf(stdout, "computed the schedule moments of %d items\n", n)
	}
	return db, svc, nil
}

// auditHeadPath is where the audit trail's head file lives: --audit-head, else beside a
// SQLite database; a PostgreSQL database without --audit-head has none.
func auditHeadPath(cfg *Config) string {
	if cfg.AuditHead != "" {
		return cfg.AuditHead
	}
	if file, ok := strings.CutPrefix(cfg.DB, "sqlite:"); ok {
		return service.AuditHeadPath(file)
	}
	return ""
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	if err := newFlagSet("serve", &cfg, stderr, true).Parse(args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	setMemoryLimit(cfg.MemoryBytes)
	created, err := serveCreates(&cfg)
	if err != nil {
		return err
	}
	db, svc, err := openService(ctx, &cfg, stdout, created || cfg.Create)
	if err != nil {
		return err
	}
	defer db.Close()
	if created {
		fmt.Fprintf(stdout, "created database %s\n", cfg.DB)
	}
	switch {
	case cfg.Demo && (created || db.Dialect() == store.DialectPostgres):
		if err := loadDemo(ctx, svc, &cfg, stdout); err != nil {
			return err
		}
	case cfg.Demo:
		fmt.Fprintln(stdout, "demo: the database already has data or was not created by --demo; not loading the demo county")
	}
	servedService.Store(svc)
	svc.AuditServerStart(ctx, version)
	if w := svc.CalendarWarning(); w != nil {
		slog.Warn(i18n.ZH.Msg(*w), "command", "luoshi calendar load --year YEAR FILE.csv")
	}
	stopNotify, err := startNotify(ctx, svc, &cfg.Notify, stdout)
	if err != nil {
		return err
	}
	defer stopNotify()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	h, err := handler(svc, cfg.Proxies)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
		MaxHeaderBytes: 64 << 10}
	scheme := "http"
	if cfg.TLSCert != "" {
		scheme = "https"
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	fmt.Fprintf(stdout, "luoshi %s listening on %s://%s\n", version, scheme, ln.Addr())
	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			errc <- srv.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey)
			return
		}
		errc <- srv.Serve(ln)
	}()
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
	svc.AuditServerStop(shutdown)
	fmt.Fprintln(stdout, "luoshi stopped")
	return nil
}

// serveCreates decides whether serve creates the SQLite database: only where its file is
// missing and --create says so, or --demo does in a fresh place (no key file either). A
// missing file beside an existing key file is a database lost, not one to begin: a demo
// county loaded there would hide the loss. PostgreSQL databases are made by createdb.
func serveCreates(cfg *Config) (bool, error) {
	file, ok := strings.CutPrefix(cfg.DB, "sqlite:")
	if !ok {
		return false, nil
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	if cfg.Create {
		return true, nil
	}
	if !cfg.Demo {
		return false, nil // the store refuses, naming the file and luoshi init
	}
	if _, err := os.Stat(cfg.KeyFile); err == nil {
		return false, luoshi.Errorf(luoshi.EUNAVAILABLE, "store.demo_expected", file, cfg.KeyFile)
	}
	return true, nil
}

// handler serves the JSON API under /api/ (and /healthz) and the pages everywhere else.
func handler(svc *service.Service, proxies httpx.TrustedProxies) (http.Handler, error) {
	pages, err := web.New(svc)
	if err != nil {
		return nil, err
	}
	jsonAPI := api.New(svc)
	mux := http.NewServeMux()
	mux.Handle("/api/", jsonAPI)
	mux.Handle("/healthz", jsonAPI)
	mux.Handle("/", pages)
	return httpx.Stack(mux, proxies), nil
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
	fs := newFlagSet("migrate", &cfg, stderr, false)
	dryRun := fs.Bool("dry-run", false, "list the migrations that would run, and change nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if *dryRun {
		return migrateDryRun(ctx, &cfg, stdout)
	}
	db, err := store.Open(ctx, cfg.DB, store.WithoutMigrating())
	if err != nil {
		return err
	}
	pending, err := db.Pending(ctx)
	db.Close()
	if err != nil {
		return err
	}
	if db, err = store.Open(ctx, cfg.DB); err != nil {
		return err
	}
	defer db.Close()
	for _, m := range pending {
		fmt.Fprintf(stdout, "applied %04d %s\n", m.Version, m.Name)
	}
	fmt.Fprintf(stdout, "%s is at schema version %d\n", redactDSN(cfg.DB), store.SchemaVersion())
	return nil
}

// migrateDryRun lists the migrations luoshi migrate would apply, opening the database
// without changing it (a missing SQLite file is refused, not created).
func migrateDryRun(ctx context.Context, cfg *Config, stdout io.Writer) error {
	db, err := store.Open(ctx, cfg.DB, store.WithoutMigrating(), store.MustExist())
	if err != nil {
		return err
	}
	defer db.Close()
	at, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	pending, err := db.Pending(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is at schema version %d; this binary knows %d\n", redactDSN(cfg.DB), at, store.SchemaVersion())
	if len(pending) == 0 {
		fmt.Fprintln(stdout, "nothing to apply")
		return nil
	}
	for _, m := range pending {
		fmt.Fprintf(stdout, "would apply %04d %s\n", m.Version, m.Name)
	}
	return nil
}

func cmdCalendar(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	usage := errors.New("usage: luoshi calendar import FILE | load --year Y FILE | years [--db …]")
	if len(args) < 1 {
		return usage
	}
	var cfg Config
	fs := newFlagSet("calendar", &cfg, stderr, false)
	year := fs.Int("year", 0, "the year the file holds (load)")
	// The file may stand before, between or after the flags.
	var files []string
	for rest := args[1:]; ; {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files, rest = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	switch {
	case args[0] == "years" && len(files) == 0:
	case args[0] == "import" && len(files) == 1 && *year == 0:
	case args[0] == "load" && len(files) == 1 && *year != 0:
	default:
		return usage
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	db, svc, err := openService(ctx, &cfg, stdout, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] != "years" {
		f, err := os.Open(files[0])
		if err != nil {
			return err
		}
		defer f.Close()
		years, err := svc.ImportCalendar(ctx, nil, f, *year)
		if err != nil {
			return fmt.Errorf("load calendar: %w", err)
		}
		fmt.Fprintf(stdout, "calendar loaded for %v\n", years)
	}
	for _, y := range svc.CalendarYears() {
		fmt.Fprintf(stdout, "%d: %d holidays, %d weekend days worked\n", y.Year, y.Holidays, y.Workdays)
	}
	if w := svc.CalendarWarning(); w != nil {
		fmt.Fprintln(stdout, i18n.ZH.Msg(*w))
	}
	return nil
}
