package main

import (
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/httpx"
)

// Config is every setting of luoshi, filled from defaults, the environment (LUOSHI_*) and
// then flags, and validated once.
type Config struct {
	Addr         string
	DB           string
	DBReplica    string
	KeyFile      string
	AuditHead    string
	Demo         bool
	Create       bool
	DemoPassword string
	TokenTTL     time.Duration
	// AnswerCacheMB is the size of the kept item list and detail answers (0: none).
	AnswerCacheMB int
	TLSCert       string
	TLSKey        string
	TrustProxy    bool // the old --trust-proxy: refused by validate, with what to use instead
	// TrustedProxies lists the reverse proxies whose X-Forwarded-For is believed (addresses
	// and CIDR prefixes, comma-separated); Proxies is the list as validate parsed it.
	TrustedProxies string
	Proxies        httpx.TrustedProxies
	FilesDir       string
	Notify         NotifyConfig
	// MemoryLimit is the Go runtime's soft memory limit as given ("80MiB", "off");
	// MemoryBytes is it as validate parsed it (0: not serve, the runtime's own).
	MemoryLimit string
	MemoryBytes int64
}

// newFlagSet declares the flags of a command over cfg, with defaults taken from the
// environment, so that a flag beats LUOSHI_<NAME>, which beats the default.
func newFlagSet(name string, cfg *Config, stderr io.Writer, serve bool) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", env("DB", "sqlite:luoshi.db"), "database: sqlite:FILE or postgres://user:password@host:5432/db")
	fs.StringVar(&cfg.DBReplica, "db-replica", env("DB_REPLICA", ""), "read-only PostgreSQL replica that lists and dashboards read from (postgres://…)")
	fs.StringVar(&cfg.KeyFile, "key-file", env("KEY_FILE", "luoshi.key"), "SM4 key file for sensitive fields (created with mode 0600 if missing)")
	fs.StringVar(&cfg.AuditHead, "audit-head", env("AUDIT_HEAD", ""), "file holding the audit trail's signed head (default: beside a SQLite database, FILE.audit-head; none for PostgreSQL unless set)")
	if serve {
		fs.StringVar(&cfg.FilesDir, "files-dir", env("FILES_DIR", "luoshi-files"), "directory of attachments (stored under generated names)")
		fs.StringVar(&cfg.TLSCert, "tls-cert", env("TLS_CERT", ""), "TLS certificate (PEM); with --tls-key, serve HTTPS")
		fs.StringVar(&cfg.TLSKey, "tls-key", env("TLS_KEY", ""), "TLS private key (PEM)")
		fs.StringVar(&cfg.TrustedProxies, "trusted-proxies", env("TRUSTED_PROXIES", ""), "reverse proxies whose X-Forwarded-For is believed: addresses and CIDR prefixes, comma-separated (e.g. 127.0.0.1,10.0.0.0/8); the client is the right-most address that is not one")
		fs.BoolVar(&cfg.TrustProxy, "trust-proxy", oldTrustProxy(), "removed: use --trusted-proxies")
		fs.StringVar(&cfg.Addr, "addr", env("ADDR", "127.0.0.1:8080"), "listen address")
		fs.BoolVar(&cfg.Demo, "demo", env("DEMO", "") == "1" || env("DEMO", "") == "true", "create a database with the demo county where none is (and no key file)")
		fs.BoolVar(&cfg.Create, "create", env("CREATE", "") == "1" || env("CREATE", "") == "true", "create the SQLite database if the file is missing (else serve refuses to start)")
		fs.StringVar(&cfg.DemoPassword, "demo-password", env("DEMO_PASSWORD", ""), "password of every demo account (generated if empty)")
		ttl, _ := time.ParseDuration(env("TOKEN_TTL", "12h"))
		fs.DurationVar(&cfg.TokenTTL, "token-ttl", ttl, "lifetime of a login token")
		mb := answerCacheByDB
		if v := env("ANSWER_CACHE_MB", ""); v != "" {
			if n, err := strconv.Atoi(v); err == nil && n >= 0 {
				mb = n
			} else {
				mb = -2 // refused by validate
			}
		}
		fs.IntVar(&cfg.AnswerCacheMB, "answer-cache-mb", mb, "memory for the item list and detail answers kept between writes, in MB (0: keep none; -1: by the database, 16 on SQLite and 32 on PostgreSQL)")

		fs.StringVar(&cfg.MemoryLimit, "memory-limit", memoryLimitDefault(), "the Go runtime's soft memory limit (80MiB, 1GiB, off; auto: 80MiB on SQLite, 96MiB on PostgreSQL); SQLite's caches and the binary come on top")
		notifyFlags(fs, &cfg.Notify)
	}
	return fs
}

// oldTrustProxy reports whether LUOSHI_TRUST_PROXY asks for the removed --trust-proxy.
func oldTrustProxy() bool {
	v := strings.ToLower(env("TRUST_PROXY", ""))
	return v != "" && v != "0" && v != "false"
}

func env(name, def string) string {
	if v, ok := os.LookupEnv("LUOSHI_" + name); ok {
		return v
	}
	return def
}

// validate checks the configuration once, before anything starts.
func (c *Config) validate() error {
	var errs []error
	switch {
	case strings.HasPrefix(c.DB, "sqlite:") && len(c.DB) > len("sqlite:"):
		if c.DBReplica != "" {
			errs = append(errs, errors.New("--db-replica needs a PostgreSQL --db"))
		}
	case isPostgresDSN(c.DB):
		if c.DBReplica != "" && !isPostgresDSN(c.DBReplica) {
			errs = append(errs, errors.New("--db-replica: want postgres://…"))
		}
	default:
		errs = append(errs, fmt.Errorf("--db %q: want sqlite:FILE or postgres://…", redactDSN(c.DB)))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together"))
	}
	if c.TrustProxy {
		errs = append(errs, errTrustProxy)
	}
	var err error
	if c.Proxies, err = httpx.ParseTrustedProxies(c.TrustedProxies); err != nil {
		errs = append(errs, fmt.Errorf("--trusted-proxies: %w", err))
	}
	if c.KeyFile == "" {
		errs = append(errs, errors.New("--key-file must name a file"))
	}
	if c.AnswerCacheMB == answerCacheByDB {
		c.AnswerCacheMB = answerCacheMB(isPostgresDSN(c.DB))
	}
	if c.MemoryLimit == memoryLimitByDB {
		c.MemoryLimit = memoryLimitFor(isPostgresDSN(c.DB))
	}
	if c.AnswerCacheMB < 0 || c.AnswerCacheMB > 1024 {
		errs = append(errs, fmt.Errorf("--answer-cache-mb %d: want between 0 and 1024", c.AnswerCacheMB))
	}
	if c.TokenTTL < 0 || c.TokenTTL > 24*time.Hour*30 {
		errs = append(errs, fmt.Errorf("--token-ttl %s: want between 1m and 720h", c.TokenTTL))
	}
	if c.MemoryLimit != "" {
		if c.MemoryBytes, err = parseMemoryLimit(c.MemoryLimit); err != nil {
			errs = append(errs, fmt.Errorf("--memory-limit %q: %w", c.MemoryLimit, err))
		}
	}
	errs = append(errs, c.Notify.validate())
	return errors.Join(errs...)
}

// errTrustProxy refuses the old --trust-proxy (and LUOSHI_TRUST_PROXY) rather than guess
// what it should now mean: it believed the first X-Forwarded-For entry from any peer, which
// a client writes itself; read as "trust this host" it would silently put every client of
// a proxy on another host behind one address (and one rate limit).
var errTrustProxy = errors.New("--trust-proxy (LUOSHI_TRUST_PROXY) is removed: it believed X-Forwarded-For from anyone; " +
	"name the reverse proxies instead, e.g. --trusted-proxies 127.0.0.1 for one on this host, " +
	"or LUOSHI_TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16")

// generatePassword makes a demo password that meets the password rule.
func generatePassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 12)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[n.Int64()]
	}
	return "Ls-" + string(b) + "7a"
}

func isPostgresDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// redactDSN hides a password in a DSN shown in a message.
func redactDSN(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		return u.Redacted()
	}
	return s
}
