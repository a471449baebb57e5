package service

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"luoshi/internal/item"
	"luoshi/internal/luoshi"
)

// MaxAttachmentSize is the largest file accepted.
const MaxAttachmentSize = 20 << 20

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniff decides a file's type from its first bytes, never from its name.
func sniff(head []byte) string {
	if bytes.HasPrefix(head, oleMagic) {
		return "application/x-ole-storage"
	}
	return http.DetectContentType(head)
}

// AddAttachment stores a file for an item: checked by size and by the type its content
// shows (which must match its extension), written under a generated name, recorded as an
// event of the item.
func (s *Service) AddAttachment(ctx context.Context, a *luoshi.Actor, itemID int64, name string, r io.Reader) (*luoshi.Attachment, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	if s.FilesDir == "" {
		return nil, luoshi.Errorf(luoshi.EINTERNAL, "attachment.no_dir")
	}
	name = luoshi.CleanAttachmentName(name)
	if err := s.canAttach(ctx, a, itemID); err != nil {
		return nil, err
	}
	att, tmp, err := s.receive(r, name)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp) // gone after the rename; removed if anything fails
	now := s.now()
	p := s.Policy()
	ctx = withActorName(ctx, a)
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		it, err := s.findVisible(ctx, tx, a, itemID)
		if err != nil {
			return err
		}
		att.ItemID, att.RegionID, att.UploadedBy, att.UploadedAt = it.ID, it.RegionID, a.UserID, now
		if err := tx.CreateAttachment(ctx, att); err != nil {
			return err
		}
		ev := luoshi.Event{ItemID: it.ID, Seq: it.Version + 1, Kind: luoshi.EventAttachmentAdded, ActorID: a.UserID, At: now,
			Data: luoshi.EventData{Text: att.Name, AttachmentID: att.ID}}
		next := it.Clone()
		if err := item.Apply(next, ev); err != nil {
			return err
		}
		if err := s.record(ctx, tx, next, &ev); err != nil {
			return err
		}
		children, err := tx.FindChildren(ctx, it.ID)
		if err != nil {
			return err
		}
		if err := tx.UpdateItem(ctx, next, s.derive(p, next, children), it.Version); err != nil {
			return err
		}
		return os.Rename(tmp, filepath.Join(s.FilesDir, att.StoredName))
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// canAttach: whoever may comment on the item may attach to it.
func (s *Service) canAttach(ctx context.Context, a *luoshi.Actor, itemID int64) error {
	return s.Store.View(ctx, func(tx luoshi.Tx) error {
		it, err := s.findVisible(ctx, tx, a, itemID)
		if err != nil {
			return err
		}
		if !item.May(s.Policy(), it, a, luoshi.ActComment, s.now()) {
			return forbidden("attachment.upload.forbidden")
		}
		return nil
	})
}

// receive writes the upload to a temporary file in the files directory, checking its size
// and type on the way.
func (s *Service) receive(r io.Reader, name string) (*luoshi.Attachment, string, error) {
	if err := os.MkdirAll(s.FilesDir, 0o700); err != nil {
		return nil, "", err
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, "", err
	}
	head = head[:n]
	if n == 0 {
		return nil, "", luoshi.Invalid("file", "attachment.file.empty")
	}
	ctype := sniff(head)
	exts, ok := luoshi.AttachmentTypes[ctype]
	ext := strings.ToLower(filepath.Ext(name))
	if !ok || !slices.Contains(exts, ext) {
		return nil, "", luoshi.Invalid("file", "attachment.file.type", ctype, ext)
	}
	stored := randomName()
	tmp := filepath.Join(s.FilesDir, stored+".part")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(io.MultiReader(bytes.NewReader(head), r), MaxAttachmentSize+1))
	if err == nil {
		err = f.Sync()
	}
	if errors.Is(err, syscall.ENOSPC) {
		err = luoshi.Errorf(luoshi.EUNAVAILABLE, "store.full") // the store's 503, not a bare 500
	}
	if err != nil {
		os.Remove(tmp)
		return nil, "", fmt.Errorf("store attachment: %w", err)
	}
	if size > MaxAttachmentSize {
		os.Remove(tmp)
		return nil, "", luoshi.Errorf(luoshi.ETOOLARGE, "attachment.too_large", MaxAttachmentSize>>20)
	}
	return &luoshi.Attachment{Name: name, StoredName: stored, ContentType: ctype, Size: size,
		SHA256: hex.EncodeToString(h.Sum(nil))}, tmp, nil
}

func randomName() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Attachments lists an item's attachments.
func (s *Service) Attachments(ctx context.Context, a *luoshi.Actor, itemID int64) ([]*luoshi.Attachment, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	var list []*luoshi.Attachment
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		if _, err := s.findReadable(ctx, tx, a, itemID); err != nil {
			return err
		}
		var err error
		list, err = tx.FindAttachments(ctx, itemID)
		return err
	})
	if list == nil {
		list = []*luoshi.Attachment{}
	}
	return list, err
}

// OpenAttachment opens an attachment of an item the actor may read.
func (s *Service) OpenAttachment(ctx context.Context, a *luoshi.Actor, itemID, id int64) (*luoshi.Attachment, *os.File, error) {
	if err := requireReader(a); err != nil {
		return nil, nil, err
	}
	var att *luoshi.Attachment
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		if _, err := s.findReadable(ctx, tx, a, itemID); err != nil {
			return err
		}
		var err error
		att, err = tx.FindAttachment(ctx, id)
		if err == nil && att.ItemID != itemID {
			err = luoshi.Errorf(luoshi.ENOTFOUND, "attachment.not_found")
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(filepath.Join(s.FilesDir, att.StoredName))
	return att, f, err
}
