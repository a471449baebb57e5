-- luoshi schema 2: security (等保 2.0 三级): credentials, sessions, settings, audit trail.
ALTER TABLE users ADD COLUMN password_changed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
-- Sensitive fields, sealed with SM4-GCM (fieldcrypt); never stored in clear.
ALTER TABLE users ADD COLUMN phone_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN id_number_sealed TEXT NOT NULL DEFAULT '';

CREATE TABLE password_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    hash        TEXT NOT NULL,
    changed_at  BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, changed_at);

CREATE TABLE recovery_codes (
    user_id  BIGINT NOT NULL REFERENCES users(id),
    hash     TEXT NOT NULL,
    used_at  BIGINT,
    PRIMARY KEY (user_id, hash)
);

DROP TABLE tokens;
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    hash          TEXT NOT NULL UNIQUE,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    pending       TEXT NOT NULL DEFAULT '',
    csrf          TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- The audit trail: one SM3 hash chain over every security and business event. The head row
-- serialises appends on every database (the UPDATE locks it) and holds the last hash.
CREATE TABLE audit_head (
    id      INTEGER PRIMARY KEY,
    seq     BIGINT NOT NULL,
    hash    TEXT NOT NULL,
    anchor  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, anchor) VALUES (1, 0, '', '');

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    seq         BIGINT NOT NULL UNIQUE,
    at          BIGINT NOT NULL,
    region_id   BIGINT,
    actor_id    BIGINT,
    actor_name  TEXT NOT NULL,
    address     TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

-- Append-only for the application: no UPDATE ever; DELETE only below the pruning mark,
-- which the prune command raises no higher than the retention period allows.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.at >= COALESCE((SELECT CAST(value AS BIGINT) FROM settings WHERE key = 'audit_prune_before'), 0)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
