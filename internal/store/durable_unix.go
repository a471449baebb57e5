//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

func identity(file string) (fileID, error) {
	fi, err := os.Stat(file)
	if err != nil {
		return fileID{}, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, errors.New("no device and inode")
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}, nil
}

// readOnly reports whether the file cannot be written, even by root: a read-only file
// system (EROFS) or an immutable file.
func readOnly(file string) bool {
	const wOK = 2
	err := syscall.Access(file, wOK)
	return errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM)
}

// diskFree is the space left to an unprivileged writer on the file system of dir; unknown
// counts as plenty.
func diskFree(dir string) uint64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return ^uint64(0)
	}
	return uint64(st.Bavail) * uint64(st.Bsize)
}
