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

// Disk is an ext4 file system on a loop device whose image can be cut off, as by a power
// cut, at any moment: what the image holds then is what the file system had sent to the
// device — synced data, and what the kernel wrote back of its own accord.
type Disk struct {
	Dir   string // where the file system is mounted
	image string
	dev   string
}

// Ext4 makes a file system of the size ("64M") in an image file, on a loop device, mounted in
// a temporary directory, with the kernel's background write-back off for the test (so that the
// image holds what was synced and little else) and its journal committed only when asked. It
// is unmounted, detached and the settings restored when the test ends; where loop devices,
// mkfs.ext4 or mounting are not available the test is skipped.
func Ext4(tb testing.TB, size string) *Disk {
	tb.Helper()
	base := tb.TempDir()
	d := &Disk{Dir: filepath.Join(base, "mnt"), image: filepath.Join(base, "disk.img")}
	if err := os.Mkdir(d.Dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	run := func(name string, args ...string) (string, error) {
		out, err := exec.Command(name, args...).CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	if out, err := run("truncate", "-s", size, d.image); err != nil {
		tb.Fatalf("truncate: %v %s", err, out)
	}
	if out, err := run("mkfs.ext4", "-q", "-F", d.image); err != nil {
		tb.Skipf("cannot make an ext4 file system here: %v %s", err, out)
	}
	dev, err := run("losetup", "-f", "--show", d.image)
	if err != nil {
		tb.Skipf("cannot attach a loop device here (needs root): %v %s", err, dev)
	}
	d.dev = dev
	tb.Cleanup(func() {
		// A loop device keeps its read-only flag after it is detached: the next test to
		// take it would mount it read-only.
		run("blockdev", "--setrw", d.dev)
		run("losetup", "-d", d.dev)
	})
	if out, err := run("blockdev", "--setrw", d.dev); err != nil {
		tb.Fatalf("blockdev --setrw %s: %v %s", d.dev, err, out)
	}
	// commit=600: the journal is committed by a sync, not every five seconds.
	if out, err := run("mount", "-t", "ext4", "-o", "commit=600", d.dev, d.Dir); err != nil {
		tb.Skipf("cannot mount here: %v %s", err, out)
	}
	tb.Cleanup(func() {
		// Lazily: a device cut off (read-only) cannot take the unmount's writes.
		if out, err := run("umount", "-l", d.Dir); err != nil {
			tb.Errorf("umount %s: %v %s", d.Dir, err, out)
		}
	})
	for _, s := range []struct{ file, value string }{
		{"/proc/sys/vm/dirty_writeback_centisecs", "0"},
		{"/proc/sys/vm/dirty_expire_centisecs", "360000"},
	} {
		old, err := os.ReadFile(s.file)
		if err != nil {
			tb.Skipf("cannot read %s: %v", s.file, err)
		}
		if err := os.WriteFile(s.file, []byte(s.value), 0o644); err != nil {
			tb.Skipf("cannot turn the kernel's write-back off: %v", err)
		}
		tb.Cleanup(func() { os.WriteFile(s.file, old, 0o644) })
	}
	return d
}

// Cut makes the device read-only — from then on nothing more reaches the image — and returns
// a copy of the image as it was: the disk after a power cut.
func (d *Disk) Cut(tb testing.TB) string {
	tb.Helper()
	if out, err := exec.Command("blockdev", "--setro", d.dev).CombinedOutput(); err != nil {
		tb.Fatalf("blockdev --setro %s: %v %s", d.dev, err, out)
	}
	cut := d.image + ".cut"
	b, err := os.ReadFile(d.image)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(cut, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return cut
}

// Mount mounts an image (a Cut's) in a temporary directory, replaying its journal as a
// restart after the power cut would; it is unmounted when the test ends.
func Mount(tb testing.TB, image string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	dev, err := exec.Command("losetup", "-f", "--show", image).CombinedOutput()
	if err != nil {
		tb.Fatalf("losetup %s: %v %s", image, err, dev)
	}
	loop := strings.TrimSpace(string(dev))
	tb.Cleanup(func() { exec.Command("losetup", "-d", loop).Run() })
	if out, err := exec.Command("mount", "-t", "ext4", loop, dir).CombinedOutput(); err != nil {
		tb.Fatalf("mount the cut image: %v %s", err, out)
	}
	tb.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			tb.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}
