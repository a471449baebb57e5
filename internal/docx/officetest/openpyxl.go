package officetest

import (
	"os"
	"os/exec"
	"testing"
)

// OpenpyxlEnv names the variable that turns a missing openpyxl into a failure.
const OpenpyxlEnv = "LUOSHI_REQUIRE_OPENPYXL"

// Openpyxl returns a python3 that imports openpyxl (the one on PATH, or Debian's, with
// python3-openpyxl), skipping (or failing) tb when there is none: workbooks are opened with
// it as a clerk's tools would.
func Openpyxl(tb testing.TB) string {
	tb.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import openpyxl").Run() == nil {
			return path
		}
	}
	msg := "python3 with openpyxl not found (apt-get install python3-openpyxl)"
	if os.Getenv(OpenpyxlEnv) == "1" {
		tb.Fatalf("%s, and %s=1", msg, OpenpyxlEnv)
	}
	tb.Skip(msg)
	return ""
}
