-- luoshi schema 12: meeting topics (议题) and meetings (会议) with their minutes' decisions
-- (议定事项). Each record is kept as a JSON document (doc) beside the columns lists filter on;
-- the events of each are append-only. Times are UTC unix milliseconds.
CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    kind        TEXT NOT NULL,
    held_at     BIGINT NOT NULL,
    state       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX meetings_region ON meetings (region_id, held_at);

CREATE TABLE topics (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    meeting_id  BIGINT REFERENCES meetings(id),
    state       TEXT NOT NULL,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX topics_region ON topics (region_id, state);
CREATE INDEX topics_meeting ON topics (meeting_id);

-- The units asked for a topic's sign-off, for lists and visibility.
CREATE TABLE topic_units (
    topic_id  BIGINT NOT NULL REFERENCES topics(id),
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (topic_id, unit_id)
);
CREATE INDEX topic_units_unit ON topic_units (unit_id);

CREATE TABLE topic_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_id   BIGINT NOT NULL REFERENCES topics(id),
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    actor_id   BIGINT NOT NULL REFERENCES users(id),
    at         BIGINT NOT NULL,
    payload    TEXT NOT NULL,
    UNIQUE (topic_id, seq)
);
CREATE TABLE meeting_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    actor_id   BIGINT NOT NULL REFERENCES users(id),
    at         BIGINT NOT NULL,
    payload    TEXT NOT NULL,
    UNIQUE (meeting_id, seq)
);

CREATE TRIGGER meeting_events_no_update BEFORE UPDATE ON meeting_events
BEGIN
    SELECT RAISE(ABORT, 'meeting_events is append-only');
END;
CREATE TRIGGER meeting_events_no_delete BEFORE DELETE ON meeting_events
BEGIN
    SELECT RAISE(ABORT, 'meeting_events is append-only');
END;

CREATE TRIGGER topic_events_no_update BEFORE UPDATE ON topic_events
BEGIN
    SELECT RAISE(ABORT, 'topic_events is append-only');
END;
CREATE TRIGGER topic_events_no_delete BEFORE DELETE ON topic_events
BEGIN
    SELECT RAISE(ABORT, 'topic_events is append-only');
END;
