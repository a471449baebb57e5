-- luoshi schema 14: the stocktake routine (调度会). The stocktake is kept as a JSON document
-- (doc) — its agenda a snapshot taken when generated, never recomputed — beside the columns
-- lists and the one-per-leader-and-date rule use; its events are append-only, and a closed
-- stocktake is unchangeable. Times are UTC unix milliseconds.
CREATE TABLE stocktakes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    leader_id   BIGINT NOT NULL REFERENCES leaders(id),
    day         BIGINT NOT NULL,
    state       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (leader_id, day)
);
CREATE INDEX stocktakes_region ON stocktakes (region_id, day);

CREATE TABLE stocktake_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    stocktake_id BIGINT NOT NULL REFERENCES stocktakes(id),
    region_id    BIGINT NOT NULL REFERENCES regions(id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     BIGINT NOT NULL REFERENCES users(id),
    at           BIGINT NOT NULL,
    payload      TEXT NOT NULL,
    UNIQUE (stocktake_id, seq)
);

CREATE TRIGGER stocktake_events_no_update BEFORE UPDATE ON stocktake_events
BEGIN
    SELECT RAISE(ABORT, 'stocktake_events is append-only');
END;
CREATE TRIGGER stocktake_events_no_delete BEFORE DELETE ON stocktake_events
BEGIN
    SELECT RAISE(ABORT, 'stocktake_events is append-only');
END;

-- A closed stocktake is unchangeable, even by SQL written behind the store's back.
CREATE TRIGGER stocktakes_closed_no_update BEFORE UPDATE ON stocktakes
WHEN OLD.state = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'a closed stocktake is unchangeable');
END;
CREATE TRIGGER stocktakes_closed_no_delete BEFORE DELETE ON stocktakes
WHEN OLD.state = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'a closed stocktake is unchangeable');
END;
