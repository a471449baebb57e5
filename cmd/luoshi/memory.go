package main

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// defaultMemoryLimit is the Go runtime's soft memory limit that serve sets unless told
// otherwise. The server's resident set is the Go runtime's memory, the binary's mapped text
// (~24 MB) and SQLite's page caches and statements (off the Go heap, ~30 MB at the county);
// the Go heap's live data are ~25 MB at rest and ~45 MB while a password hashes (19 MiB).
// Without a limit the collector let the heap grow to twice the live data, and the resident
// set reached 226–243 MB at the county; with 80 MiB it stayed under 143 MB at no more CPU
// per request. 64 MiB kept it at 128 MB but collected three times as often: list, detail and
// report took 60–90% more CPU (docs/performance.md, "Memory"). The limit is soft: where the
// live data need more the collector runs more often; set --memory-limit higher there, or off.
//
// On PostgreSQL the server holds no page caches of its own, so the same 150 MB holds twice
// the answers kept (answerCacheMB) and a limit 16 MiB higher for them: at the province the
// detail's 6,400 answers (~28 MB) then stay kept: the share of detail reads served from
// memory went from 52% to 78% and their rate up by about two thirds, at 120 MB resident
// (docs/performance.md, "The province again"). SQLite's caches leave no room for 16 MB more.
const defaultMemoryLimit = "80MiB"

// memoryLimitByDB is the --memory-limit default where neither LUOSHI_MEMORY_LIMIT nor
// GOMEMLIMIT says one: validate makes it memoryLimitFor the database.
const memoryLimitByDB = "auto"

// answerCacheByDB is the --answer-cache-mb default where LUOSHI_ANSWER_CACHE_MB says none:
// validate makes it answerCacheMB for the database.
const answerCacheByDB = -1

// memoryLimitFor is the default memory limit on PostgreSQL (postgres) or SQLite.
func memoryLimitFor(postgres bool) string {
	if postgres {
		return "96MiB"
	}
	return defaultMemoryLimit
}

// answerCacheMB is the default size of the answers kept, in MB, on PostgreSQL or SQLite.
func answerCacheMB(postgres bool) int {
	if postgres {
		return 32
	}
	return 16
}

// memoryLimitDefault is the --memory-limit default: LUOSHI_MEMORY_LIMIT, else Go's own
// GOMEMLIMIT where the environment sets it (so that an operator's GOMEMLIMIT is not
// overridden by ours), else by the database (memoryLimitByDB).
func memoryLimitDefault() string {
	if v, ok := os.LookupEnv("LUOSHI_MEMORY_LIMIT"); ok {
		return v
	}
	if v := os.Getenv("GOMEMLIMIT"); v != "" {
		return v
	}
	return memoryLimitByDB
}

// parseMemoryLimit reads a size as GOMEMLIMIT writes it — a number of bytes with an
// optional B, KiB, MiB, GiB or TiB — or "off" (no limit, math.MaxInt64).
func parseMemoryLimit(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return math.MaxInt64, nil
	}
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = rest, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("want a size such as 80MiB or 1GiB, or off")
	}
	if n*mult < 32<<20 {
		return 0, fmt.Errorf("want at least 32MiB: below it the collector would run all the time")
	}
	return n * mult, nil
}

// setMemoryLimit gives the Go runtime its soft memory limit (0 leaves the runtime's own).
func setMemoryLimit(limit int64) {
	if limit > 0 {
		debug.SetMemoryLimit(limit)
	}
}
