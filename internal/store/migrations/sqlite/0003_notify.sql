-- luoshi schema 3: reminders, escalation and notifications.
-- Reminders an item (or a region's digest) owes, each recorded once under its unique key;
-- the scheduler reads the pending ones that are due through reminders_due, never the items.
CREATE TABLE reminders (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    key        TEXT NOT NULL UNIQUE,
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    item_id    BIGINT REFERENCES items(id),
    kind       TEXT NOT NULL,
    due_at     BIGINT NOT NULL,
    fired_at   BIGINT,
    outcome    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reminders_due ON reminders (due_at) WHERE fired_at IS NULL;
CREATE INDEX reminders_item ON reminders (item_id);

-- A notice: what one event or reminder tells (or a unit's daily digest).
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    item_id     BIGINT REFERENCES items(id),
    unit_id     BIGINT REFERENCES units(id),
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL DEFAULT '',
    urgent      BOOLEAN NOT NULL,
    alert       BOOLEAN NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- The in-app inbox: one row per notice and person.
CREATE TABLE inbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id  BIGINT NOT NULL REFERENCES notices(id),
    user_id    BIGINT NOT NULL REFERENCES users(id),
    read_at    BIGINT,
    UNIQUE (user_id, notice_id)
);
CREATE INDEX inbox_unread ON inbox (user_id, id) WHERE read_at IS NULL;

-- The outbox: one row per notice and outward channel (and person, for personal channels),
-- written in the transaction that made the notice. The address is looked up when sending.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id   BIGINT NOT NULL REFERENCES notices(id),
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    user_id     BIGINT REFERENCES users(id),
    channel     TEXT NOT NULL,
    status      TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     BIGINT NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT
);
CREATE INDEX deliveries_due ON deliveries (next_at) WHERE status = 'pending';
CREATE INDEX deliveries_region ON deliveries (region_id, status, id);

-- E-mail address and channel preferences; no row means the defaults (all on). SMS goes to
-- the phone number the security work keeps sealed in users.phone_sealed.
CREATE TABLE notify_prefs (
    user_id      BIGINT PRIMARY KEY REFERENCES users(id),
    email        TEXT NOT NULL DEFAULT '',
    by_email     BOOLEAN NOT NULL DEFAULT TRUE,
    by_sms       BOOLEAN NOT NULL DEFAULT TRUE,
    by_webhook   BOOLEAN NOT NULL DEFAULT TRUE,
    digest       BOOLEAN NOT NULL DEFAULT TRUE,
    quiet_start  INTEGER,
    quiet_end    INTEGER,
    updated_at   BIGINT NOT NULL
);

-- Leases decide which of several luoshi processes runs a timed job.
CREATE TABLE leases (
    name      TEXT PRIMARY KEY,
    holder    TEXT NOT NULL,
    until_at  BIGINT NOT NULL
);
INSERT INTO leases (name, holder, until_at) VALUES ('scheduler', '', 0);

CREATE TABLE notify_meta (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Recipients are found by unit, role and leader without reading every account.
CREATE INDEX users_leader ON users (leader_id);
CREATE INDEX user_roles_role ON user_roles (role, user_id);
