-- luoshi schema 11: proposals (建议提案办理) — NPC suggestions, CPPCC proposals and NPC review
-- opinions — with their sessions (届次), units, proposers and events. The proposal itself is
-- kept as a JSON document (doc) beside the columns that lists filter on; its events are
-- append-only. Times are UTC unix milliseconds.
CREATE TABLE proposal_sessions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id        BIGINT NOT NULL REFERENCES regions(id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    year             INTEGER NOT NULL,
    reply_months     INTEGER NOT NULL,
    rehandle_months  INTEGER NOT NULL,
    created_at       BIGINT NOT NULL,
    UNIQUE (region_id, name)
);

CREATE TABLE proposals (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id     BIGINT NOT NULL REFERENCES regions(id),
    session_id    BIGINT NOT NULL REFERENCES proposal_sessions(id),
    parent_id     BIGINT REFERENCES proposals(id),
    kind          TEXT NOT NULL,
    number        INTEGER NOT NULL,
    title         TEXT NOT NULL,
    state         TEXT NOT NULL,
    lead_unit_id  BIGINT REFERENCES units(id),
    deadline      BIGINT,
    reply_class   TEXT NOT NULL,
    verdict       TEXT NOT NULL,
    version       INTEGER NOT NULL,
    doc           TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX proposals_number ON proposals (session_id, number) WHERE parent_id IS NULL;
CREATE INDEX proposals_region ON proposals (region_id, session_id, number);

-- The units a proposal involves (lead or co-unit) and its proposers, for lists and visibility.
CREATE TABLE proposal_units (
    proposal_id  BIGINT NOT NULL REFERENCES proposals(id),
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    lead         BOOLEAN NOT NULL,
    PRIMARY KEY (proposal_id, unit_id)
);
CREATE INDEX proposal_units_unit ON proposal_units (unit_id);

CREATE TABLE proposal_proposers (
    proposal_id  BIGINT NOT NULL REFERENCES proposals(id),
    user_id      BIGINT NOT NULL REFERENCES users(id),
    is_leading   BOOLEAN NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX proposal_proposers_user ON proposal_proposers (user_id);

CREATE TABLE proposal_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id  BIGINT NOT NULL REFERENCES proposals(id),
    region_id    BIGINT NOT NULL REFERENCES regions(id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     BIGINT NOT NULL REFERENCES users(id),
    at           BIGINT NOT NULL,
    payload      TEXT NOT NULL,
    UNIQUE (proposal_id, seq)
);

CREATE TRIGGER proposal_events_no_update BEFORE UPDATE ON proposal_events
BEGIN
    SELECT RAISE(ABORT, 'proposal_events is append-only');
END;
CREATE TRIGGER proposal_events_no_delete BEFORE DELETE ON proposal_events
BEGIN
    SELECT RAISE(ABORT, 'proposal_events is append-only');
END;
