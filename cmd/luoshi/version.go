package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"luoshi/internal/store"
)

// commit is the source revision, set at build time with -ldflags "-X main.commit=…"
// (build/package.sh does); without it, the one Go stamped from version control, if any.
var commit = ""

// buildInfo is what luoshi version reports.
type buildInfo struct {
	Version string // the release, "dev" for a build without -X main.version
	Commit  string // the source revision ("unknown" when neither stamp is there)
	Schema  int    // the highest schema version (migration) this binary knows
	Go      string // the Go release and platform it was built with
}

// readBuildInfo gathers the build's facts from the link-time stamps and the binary's own
// build information.
func readBuildInfo() buildInfo {
	bi := buildInfo{Version: version, Commit: commit, Schema: store.SchemaVersion(),
		Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if bi.Commit == "" {
		bi.Commit = vcsRevision()
	}
	return bi
}

// vcsRevision is the revision Go stamped into the binary (go build with -buildvcs), with
// "+dirty" for a tree that had changes; "unknown" without one.
func vcsRevision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	switch {
	case rev == "":
		return "unknown"
	case dirty:
		return rev + "+dirty"
	}
	return rev
}

func cmdVersion(stdout io.Writer) error {
	bi := readBuildInfo()
	_, err := fmt.Fprintf(stdout, "luoshi %s\ncommit: %s\nschema: %d\ngo:     %s\n", bi.Version, bi.Commit, bi.Schema, bi.Go)
	return err
}
