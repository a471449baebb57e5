-- luoshi schema 13: supervision bulletins (督查通报). The bulletin is kept as a JSON document
-- (doc) — its figures a snapshot taken when generated or refreshed, never recomputed —
-- beside the columns lists and the number's uniqueness use; its events are append-only.
-- Times are UTC unix milliseconds.
CREATE TABLE bulletins (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    kind        TEXT NOT NULL,
    state       TEXT NOT NULL,
    period_from BIGINT NOT NULL,
    period_to   BIGINT NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX bulletins_number ON bulletins (region_id, year, number) WHERE number > 0;
CREATE INDEX bulletins_region ON bulletins (region_id, period_from);

CREATE TABLE bulletin_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    bulletin_id  BIGINT NOT NULL REFERENCES bulletins(id),
    region_id    BIGINT NOT NULL REFERENCES regions(id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     BIGINT NOT NULL REFERENCES users(id),
    at           BIGINT NOT NULL,
    payload      TEXT NOT NULL,
    UNIQUE (bulletin_id, seq)
);

CREATE TRIGGER bulletin_events_no_update BEFORE UPDATE ON bulletin_events
BEGIN
    SELECT RAISE(ABORT, 'bulletin_events is append-only');
END;
CREATE TRIGGER bulletin_events_no_delete BEFORE DELETE ON bulletin_events
BEGIN
    SELECT RAISE(ABORT, 'bulletin_events is append-only');
END;

-- A published bulletin is unchangeable, even by SQL written behind the store's back.
CREATE TRIGGER bulletins_published_no_update BEFORE UPDATE ON bulletins
WHEN OLD.state = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published bulletin is unchangeable');
END;
CREATE TRIGGER bulletins_published_no_delete BEFORE DELETE ON bulletins
WHEN OLD.state = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published bulletin is unchangeable');
END;
