package luoshi

import (
	"context"
	"path"
	"strings"
	"time"
	"unicode"
)

// Attachment is a file attached to an item: optional evidence, never demanded (DOMAIN.md,
// "Less burden").
type Attachment struct {
	ID          int64     `json:"id"`
	ItemID      int64     `json:"item_id"`
	RegionID    int64     `json:"-"`
	Name        string    `json:"name"`
	StoredName  string    `json:"-"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  int64     `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// AttachmentTx is what attachments need of a transaction.
type AttachmentTx interface {
	CreateAttachment(ctx context.Context, a *Attachment) error
	FindAttachment(ctx context.Context, id int64) (*Attachment, error)
	FindAttachments(ctx context.Context, itemID int64) ([]*Attachment, error)
}

// AttachmentTypes are the accepted kinds of file, by the type sniffed from their content
// (never by the name or the declared type), with the extensions each may carry.
var AttachmentTypes = map[string][]string{
	"application/pdf":           {".pdf"},
	"image/jpeg":                {".jpg", ".jpeg"},
	"image/png":                 {".png"},
	"image/gif":                 {".gif"},
	"image/webp":                {".webp"},
	"application/zip":           {".docx", ".xlsx", ".pptx", ".zip", ".ofd", ".wps", ".et"},
	"text/plain; charset=utf-8": {".txt", ".csv"},
	"application/x-ole-storage": {".doc", ".xls", ".ppt"},
}

// The longest display name of an attachment, and the longest extension kept when a name is
// shortened to it (in characters).
const (
	maxAttachmentName = 100
	maxAttachmentExt  = 16
)

// CleanAttachmentName turns a client's file name into a display name: the last path
// element only, no control or separator characters, at most 100 characters.
func CleanAttachmentName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' || r == ':' || r == '"' || r == '<' || r == '>' || r == '|' || r == '*' || r == '?' {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(name, ". ")
	if r := []rune(name); len(r) > maxAttachmentName {
		// The extension is kept if it can be one; a longer "extension" is cut with the rest
		// (and then matches no type).
		ext := []rune(path.Ext(name))
		if len(ext) > maxAttachmentExt {
			ext = nil
		}
		name = string(r[:maxAttachmentName-len(ext)]) + string(ext)
	}
	if name == "" {
		name = "附件"
	}
	return name
}
