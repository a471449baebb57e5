package store

import (
	"context"
	"fmt"

	"luoshi/internal/luoshi"
)

func (t *tx) CreateAttachment(ctx context.Context, a *luoshi.Attachment) error {
	id, err := t.insertID(ctx, `INSERT INTO attachments (item_id, region_id, name, stored_name, content_type, size, sha256,
		uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		a.ItemID, a.RegionID, a.Name, a.StoredName, a.ContentType, a.Size, a.SHA256, a.UploadedBy, ms(a.UploadedAt))
	if err != nil {
		return fmt.Errorf("create attachment: %w", err)
	}
	a.ID = id
	return nil
}

const attachmentCols = `id, item_id, region_id, name, stored_name, content_type, size, sha256, uploaded_by, uploaded_at`

func scanAttachment(s interface{ Scan(...any) error }) (*luoshi.Attachment, error) {
	var a luoshi.Attachment
	var at int64
	err := s.Scan(&a.ID, &a.ItemID, &a.RegionID, &a.Name, &a.StoredName, &a.ContentType, &a.Size, &a.SHA256, &a.UploadedBy, &at)
	a.UploadedAt = fromMS(at)
	return &a, err
}

func (t *tx) FindAttachment(ctx context.Context, id int64) (*luoshi.Attachment, error) {
	a, err := scanAttachment(t.tx.QueryRowContext(ctx, `SELECT `+attachmentCols+` FROM attachments WHERE id = $1`, id))
	return a, notFound("attachment.not_found", err)
}

func (t *tx) FindAttachments(ctx context.Context, itemID int64) ([]*luoshi.Attachment, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+attachmentCols+` FROM attachments WHERE item_id = $1 ORDER BY id`, itemID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAttachment)
}
