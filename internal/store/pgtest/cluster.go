package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ClusterEnv names the variable that makes missing PostgreSQL server binaries a failure for
// the tests that run clusters of their own (the failover test), rather than a skip.
const ClusterEnv = "LUOSHI_REQUIRE_FAILOVER"

// BinEnv names the variable that may give the directory of the PostgreSQL server binaries
// (initdb, pg_ctl, pg_basebackup); by default the newest /usr/lib/postgresql/N/bin.
const BinEnv = "LUOSHI_PG_BIN"

// Cluster is a PostgreSQL cluster of a test's own: a data directory in a temporary directory,
// a server on a free port of 127.0.0.1 with trust authentication, started and stopped with
// pg_ctl, and stopped and removed when the test ends, whether it passed or not. As root it
// runs as the postgres user (initdb and postgres refuse root).
type Cluster struct {
	Name string // primary, standby: in messages
	Port int
	dir  string // the data directory
	bin  string
	cred *syscall.Credential // nil: run as ourselves
}

// clusterRoot is the temporary directory the clusters of a test live in, owned by the user
// that runs them.
type clusterRoot struct {
	dir  string
	bin  string
	cred *syscall.Credential
}

// NewPrimary initialises and starts a cluster with streaming replication allowed, and
// returns it. Without the server binaries the test is skipped, unless LUOSHI_REQUIRE_FAILOVER=1.
func NewPrimary(tb testing.TB) *Cluster {
	tb.Helper()
	root := newClusterRoot(tb)
	c := &Cluster{Name: "primary", Port: freePort(tb), dir: filepath.Join(root.dir, "primary"), bin: root.bin, cred: root.cred}
	c.run(tb, "initdb", "-D", c.dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")
	c.configure(tb, map[string]string{
		"listen_addresses": "'127.0.0.1'", "unix_socket_directories": "''",
		"wal_level": "replica", "max_wal_senders": "5", "wal_keep_size": "'256MB'",
		"hot_standby": "on", "shared_buffers": "'32MB'", "max_connections": "100",
		"logging_collector": "off",
	})
	tb.Cleanup(c.stopQuietly)
	c.Start(tb)
	return c
}

// Standby makes a streaming standby of c with pg_basebackup (-R: it follows c), with the
// settings given (or none) beside its own port, starts it and waits until it streams.
func (c *Cluster) Standby(tb testing.TB, settings map[string]string) *Cluster {
	tb.Helper()
	s := &Cluster{Name: "standby", Port: freePort(tb), dir: filepath.Join(filepath.Dir(c.dir), "standby"), bin: c.bin, cred: c.cred}
	s.run(tb, "pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(c.Port), "-U", "postgres",
		"-D", s.dir, "-R", "-X", "stream", "--no-sync", "-c", "fast")
	s.configure(tb, map[string]string{"port": strconv.Itoa(s.Port)})
	if settings != nil {
		s.configure(tb, settings)
	}
	tb.Cleanup(s.stopQuietly)
	s.Start(tb)
	s.WaitStreaming(tb)
	return s
}

// WaitStreaming waits until a standby streams from its primary (after either restarted,
// its WAL receiver reconnects within wal_retrieve_retry_interval, 5 seconds).
func (c *Cluster) WaitStreaming(tb testing.TB) {
	tb.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var status string
		err := c.Scan(`SELECT status FROM pg_stat_wal_receiver`, &status)
		if err == nil && status == "streaming" {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("the %s does not stream: %q %v", c.Name, status, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// CheckpointLSN is the location of the cluster's latest checkpoint, as pg_controldata reads
// it from the stopped cluster's control file: after a clean stop, the end of its WAL.
func (c *Cluster) CheckpointLSN(tb testing.TB) string {
	tb.Helper()
	out, err := c.command("pg_controldata", "-D", c.dir).CombinedOutput()
	if err != nil {
		tb.Fatalf("pg_controldata: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Latest checkpoint location:"); ok {
			return strings.TrimSpace(v)
		}
	}
	tb.Fatalf("pg_controldata names no checkpoint:\n%s", out)
	return ""
}

// DSN is the URL of database db on the cluster.
func (c *Cluster) DSN(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, db)
}

// HostPort is the cluster's address, as a multi-host DSN lists it.
func (c *Cluster) HostPort() string { return fmt.Sprintf("127.0.0.1:%d", c.Port) }

// Start starts the server and waits until it accepts connections.
func (c *Cluster) Start(tb testing.TB) {
	tb.Helper()
	c.run(tb, "pg_ctl", "start", "-D", c.dir, "-w", "-t", "60", "-l", c.dir+".log")
}

// Restart stops the server with the mode (smart, fast, immediate: a crash, with recovery at
// the start) and starts it again, waiting until it accepts connections.
func (c *Cluster) Restart(tb testing.TB, mode string) {
	tb.Helper()
	c.run(tb, "pg_ctl", "restart", "-D", c.dir, "-m", mode, "-w", "-t", "60", "-l", c.dir+".log")
}

// Stop stops the server with the mode and waits until it is down.
func (c *Cluster) Stop(tb testing.TB, mode string) {
	tb.Helper()
	c.run(tb, "pg_ctl", "stop", "-D", c.dir, "-m", mode, "-w", "-t", "60")
}

// Promote turns a standby into a primary and waits until it accepts writes.
func (c *Cluster) Promote(tb testing.TB) {
	tb.Helper()
	c.run(tb, "pg_ctl", "promote", "-D", c.dir, "-w", "-t", "60")
}

// Exec runs a statement on the cluster's postgres database.
func (c *Cluster) Exec(tb testing.TB, q string) {
	tb.Helper()
	db := c.Open(tb, "postgres")
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		tb.Fatalf("%s: %s: %v", c.Name, q, err)
	}
}

// Scan runs a query of one row on the cluster's postgres database and scans it into dest.
func (c *Cluster) Scan(q string, dest ...any) error {
	db, err := sql.Open("pgx", c.DSN("postgres")+"&connect_timeout=5")
	if err != nil {
		return err
	}
	defer db.Close()
	return db.QueryRow(q).Scan(dest...)
}

// Open opens database db on the cluster; the caller closes it.
func (c *Cluster) Open(tb testing.TB, db string) *sql.DB {
	tb.Helper()
	p, err := sql.Open("pgx", c.DSN(db)+"&connect_timeout=5")
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// Log returns the end of the server's log, for a failure's message.
func (c *Cluster) Log() string {
	b, _ := os.ReadFile(c.dir + ".log")
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// configure appends settings to the cluster's postgresql.conf (a later line wins).
func (c *Cluster) configure(tb testing.TB, settings map[string]string) {
	tb.Helper()
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("\n# luoshi test cluster\n")
	if c.Name == "primary" {
		fmt.Fprintf(&b, "port = %d\n", c.Port)
	}
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = %s\n", k, settings[k])
	}
	f, err := os.OpenFile(filepath.Join(c.dir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString(b.String())
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		tb.Fatal(err)
	}
}

// run runs one of the server binaries as the cluster's user, failing tb with its output.
func (c *Cluster) run(tb testing.TB, name string, args ...string) {
	tb.Helper()
	if out, err := c.command(name, args...).CombinedOutput(); err != nil {
		tb.Fatalf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, out, c.Log())
	}
}

func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = filepath.Dir(c.dir)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10", "LC_ALL=C.UTF-8")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
		cmd.Env = append(cmd.Env, "HOME="+filepath.Dir(c.dir))
	}
	return cmd
}

// stopQuietly stops the server at the end of the test, whatever state it was left in.
func (c *Cluster) stopQuietly() {
	if _, err := os.Stat(filepath.Join(c.dir, "postmaster.pid")); err != nil {
		return
	}
	c.command("pg_ctl", "stop", "-D", c.dir, "-m", "immediate", "-w", "-t", "30").Run()
}

// newClusterRoot finds the binaries and makes the temporary directory (removed at the end,
// after the clusters in it have stopped: clean-ups run last-in first-out).
func newClusterRoot(tb testing.TB) *clusterRoot {
	tb.Helper()
	skip := tb.Skipf
	if os.Getenv(ClusterEnv) == "1" {
		skip = tb.Fatalf
	}
	bin := os.Getenv(BinEnv)
	if bin == "" {
		dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
		sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
		for _, d := range dirs {
			if _, err := os.Stat(filepath.Join(d, "pg_basebackup")); err == nil {
				bin = d
				break
			}
		}
	}
	for _, name := range []string{"initdb", "pg_ctl", "pg_basebackup", "postgres"} {
		if _, err := os.Stat(filepath.Join(bin, name)); bin == "" || err != nil {
			skip("no PostgreSQL server binaries (%s in %q; set %s): the test needs clusters of its own", name, bin, BinEnv)
		}
	}
	r := &clusterRoot{bin: bin}
	var uid, gid int
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			skip("running as root and there is no postgres user to run the clusters as: %v", err)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		r.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	dir, err := os.MkdirTemp("", "luoshi-pg-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if r.cred != nil {
		if err := os.Chown(dir, uid, gid); err != nil {
			tb.Fatal(err)
		}
	}
	r.dir = dir
	return r
}

// version is N of /usr/lib/postgresql/N/bin.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// freePort returns a TCP port of 127.0.0.1 that nothing listens on now.
func freePort(tb testing.TB) int {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
