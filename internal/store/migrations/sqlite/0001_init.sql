-- luoshi schema 1: organisation, accounts, supervision items and their events, the calendar.
-- Times are UTC unix milliseconds (BIGINT) on every database.
CREATE TABLE regions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    tz          TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    created_at  BIGINT NOT NULL
);

CREATE TABLE units (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id    BIGINT NOT NULL REFERENCES regions(id),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    parent_id    BIGINT REFERENCES units(id),
    credit_code  TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    UNIQUE (region_id, name)
);

CREATE TABLE leaders (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    name       TEXT NOT NULL,
    post       TEXT NOT NULL,
    rank       INTEGER NOT NULL DEFAULT 0,
    all_units  BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE portfolios (
    leader_id  BIGINT NOT NULL REFERENCES leaders(id),
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (leader_id, unit_id)
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id      BIGINT NOT NULL REFERENCES regions(id),
    unit_id        BIGINT NOT NULL REFERENCES units(id),
    username       TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    leader_id      BIGINT REFERENCES leaders(id),
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT NOT NULL
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE user_roles (
    user_id  BIGINT NOT NULL REFERENCES users(id),
    role     TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE tokens (
    hash        TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE item_numbers (
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    year       INTEGER NOT NULL,
    last       INTEGER NOT NULL,
    PRIMARY KEY (region_id, year)
);

-- items: the columns lists filter on, plus doc, the item as JSON (the fold of its events).
CREATE TABLE items (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id     BIGINT NOT NULL REFERENCES regions(id),
    code          TEXT NOT NULL,
    parent_id     BIGINT REFERENCES items(id),
    title         TEXT NOT NULL,
    source        TEXT NOT NULL,
    priority      TEXT NOT NULL,
    lead_unit_id  BIGINT NOT NULL REFERENCES units(id),
    leader_id     BIGINT REFERENCES leaders(id),
    state         TEXT NOT NULL,
    deadline      BIGINT NOT NULL,
    percent       INTEGER NOT NULL,
    yellow_at     BIGINT,
    red_at        BIGINT,
    on_time       BOOLEAN,
    version       INTEGER NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    doc           TEXT NOT NULL,
    UNIQUE (region_id, code)
);
-- Per-unit lists and stats read only the unit's (or region's) rows in these indexes.
CREATE INDEX items_region_id ON items (region_id, id);
CREATE INDEX items_lead ON items (lead_unit_id, state, id);
CREATE INDEX items_stats ON items (region_id, state, lead_unit_id, red_at, yellow_at, deadline, on_time);
CREATE INDEX items_region_state ON items (region_id, state, id);
CREATE INDEX items_leader ON items (leader_id, id);
CREATE INDEX items_parent ON items (parent_id);

CREATE TABLE item_co_units (
    item_id  BIGINT NOT NULL REFERENCES items(id),
    unit_id  BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (item_id, unit_id)
);
CREATE INDEX item_co_units_unit ON item_co_units (unit_id, item_id);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id    BIGINT NOT NULL REFERENCES items(id),
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    actor_id   BIGINT NOT NULL REFERENCES users(id),
    at         BIGINT NOT NULL,
    payload    TEXT NOT NULL,
    UNIQUE (item_id, seq)
);

CREATE TABLE calendar_days (
    day   TEXT PRIMARY KEY,
    kind  TEXT NOT NULL,
    name  TEXT NOT NULL
);
