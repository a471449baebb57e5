-- luoshi schema 4: attachments of items. Files live on disk under generated names; the
-- name a user gave is only shown, never used as a path.
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id       BIGINT NOT NULL REFERENCES items(id),
    region_id     BIGINT NOT NULL REFERENCES regions(id),
    name          TEXT NOT NULL,
    stored_name   TEXT NOT NULL UNIQUE,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users(id),
    uploaded_at   BIGINT NOT NULL
);
CREATE INDEX attachments_item ON attachments (item_id);
