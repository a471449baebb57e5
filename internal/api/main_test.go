package api_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"luoshi/internal/store/pgtest"
)

// apiDBEnv selects the database of a run of the API tests: empty for SQLite, "postgres" for
// the test database named by LUOSHI_TEST_POSTGRES.
const apiDBEnv = "LUOSHI_API_DB"

func onPostgres() bool { return os.Getenv(apiDBEnv) == "postgres" }

// TestMain runs every API test twice: on SQLite in this process, then on PostgreSQL in a
// child process (the same test binary with the same flags and LUOSHI_API_DB=postgres), so
// that each run has its own process state and its own pass or fail. The package fails if
// either run fails, and — under LUOSHI_REQUIRE_POSTGRES=1 — if PostgreSQL is not configured.
func TestMain(m *testing.M) {
	code := m.Run()
	if !onPostgres() {
		if pg := runOnPostgres(); pg != 0 {
			code = pg
		}
	}
	os.Exit(code)
}

func runOnPostgres() int {
	if f := flag.Lookup("test.list"); f != nil && f.Value.String() != "" {
		return 0
	}
	if os.Getenv(pgtest.Env) == "" {
		if os.Getenv(pgtest.RequireEnv) == "1" {
			fmt.Printf("FAIL: %s=1 but %s is empty: the API tests did not run on PostgreSQL\n", pgtest.RequireEnv, pgtest.Env)
			return 1
		}
		fmt.Printf("api tests on PostgreSQL skipped: %s is not set\n", pgtest.Env)
		return 0
	}
	args := make([]string, 0, len(os.Args)-1)
	for _, a := range os.Args[1:] {
		// Each run writes a profile of its own rather than overwriting the first.
		for _, p := range []string{"coverprofile", "cpuprofile", "memprofile", "blockprofile", "mutexprofile", "trace"} {
			if v, ok := strings.CutPrefix(a, "-test."+p+"="); ok {
				a = "-test." + p + "=" + v + ".postgres"
			}
		}
		args = append(args, a)
	}
	fmt.Println("=== api tests on PostgreSQL")
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), apiDBEnv+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Printf("FAIL: api tests on PostgreSQL: %v\n", err)
		return 1
	}
	return 0
}
