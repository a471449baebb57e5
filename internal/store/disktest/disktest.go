// Package disktest gives tests a small file system of their own to fill up or make
// read-only: a tmpfs mounted in a temporary directory. Where mounting is not allowed (not
// root, a container without the capability) the test is skipped with that reason.
package disktest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Tmpfs mounts a tmpfs of the size ("8m") in a temporary directory and returns it; it is
// unmounted when the test ends.
func Tmpfs(tb testing.TB, size string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		tb.Skipf("cannot mount a tmpfs here (needs root and mount permission): %v %s", err, strings.TrimSpace(string(out)))
	}
	tb.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			tb.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// ReadOnly remounts a Tmpfs read-only, or skips the test where that is not allowed.
func ReadOnly(tb testing.TB, dir string) {
	tb.Helper()
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		tb.Skipf("cannot remount read-only here: %v %s", err, strings.TrimSpace(string(out)))
	}
}

// Fill writes the file until its file system has no space left.
func Fill(tb testing.TB, file string) {
	tb.Helper()
	f, err := os.Create(file)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	for buf := make([]byte, 64<<10); ; {
		if _, err := f.Write(buf); err != nil {
			if !strings.Contains(err.Error(), "no space") {
				tb.Fatal(err)
			}
			return
		}
	}
}
