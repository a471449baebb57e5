-- luoshi schema 5: target responsibility letters (目标责任书) with their indicators, events,
-- adjustment requests and actuals; key development indicators of peer counties (重要发展指标).
-- Times are UTC unix milliseconds; values are DOUBLE PRECISION on both databases.
CREATE TABLE target_letters (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id     BIGINT NOT NULL REFERENCES regions(id),
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    year          INTEGER NOT NULL,
    state         TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_by    BIGINT NOT NULL REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    submitted_at  BIGINT,
    reviewed_at   BIGINT,
    signed_at     BIGINT,
    signed_by     BIGINT REFERENCES users(id),
    UNIQUE (unit_id, year)
);
CREATE INDEX target_letters_region ON target_letters (region_id, year, unit_id);

-- flags: the ambition check's findings with their justifications and approvals (JSON);
-- profile: the seasonal profile (JSON array, '' for linear).
CREATE TABLE target_indicators (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    letter_id         BIGINT NOT NULL REFERENCES target_letters(id),
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL,
    category          TEXT NOT NULL,
    measure_unit      TEXT NOT NULL,
    direction         TEXT NOT NULL,
    accumulation      TEXT NOT NULL,
    baseline          DOUBLE PRECISION NOT NULL,
    target            DOUBLE PRECISION NOT NULL,
    stretch           DOUBLE PRECISION,
    weight            DOUBLE PRECISION NOT NULL,
    period            TEXT NOT NULL,
    profile           TEXT NOT NULL,
    county_indicator  TEXT NOT NULL,
    note              TEXT NOT NULL,
    flags             TEXT NOT NULL
);
CREATE INDEX target_indicators_letter ON target_indicators (letter_id, position);

CREATE TABLE target_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    letter_id  BIGINT NOT NULL REFERENCES target_letters(id),
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    actor_id   BIGINT NOT NULL REFERENCES users(id),
    at         BIGINT NOT NULL,
    payload    TEXT NOT NULL,
    UNIQUE (letter_id, seq)
);

CREATE TABLE target_adjustments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    letter_id     BIGINT NOT NULL REFERENCES target_letters(id),
    indicator_id  BIGINT NOT NULL REFERENCES target_indicators(id),
    state         TEXT NOT NULL,
    old_target    DOUBLE PRECISION NOT NULL,
    target        DOUBLE PRECISION NOT NULL,
    stretch       DOUBLE PRECISION,
    reason        TEXT NOT NULL,
    flags         TEXT NOT NULL,
    requested_by  BIGINT NOT NULL REFERENCES users(id),
    requested_at  BIGINT NOT NULL,
    decided_by    BIGINT REFERENCES users(id),
    decided_at    BIGINT,
    decision      TEXT NOT NULL
);
CREATE INDEX target_adjustments_letter ON target_adjustments (letter_id, id);

CREATE TABLE target_actuals (
    indicator_id  BIGINT NOT NULL REFERENCES target_indicators(id),
    period        INTEGER NOT NULL,
    value         DOUBLE PRECISION NOT NULL,
    note          TEXT NOT NULL,
    source        TEXT NOT NULL,
    entered_by    BIGINT NOT NULL REFERENCES users(id),
    entered_at    BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, period)
);

CREATE TABLE key_indicators (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id     BIGINT NOT NULL REFERENCES regions(id),
    name          TEXT NOT NULL,
    measure_unit  TEXT NOT NULL,
    direction     TEXT NOT NULL,
    UNIQUE (region_id, name)
);

CREATE TABLE key_figures (
    key_indicator_id  BIGINT NOT NULL REFERENCES key_indicators(id),
    year              INTEGER NOT NULL,
    quarter           INTEGER NOT NULL,
    county            TEXT NOT NULL,
    county_code       TEXT NOT NULL,
    is_self           BOOLEAN NOT NULL,
    value             DOUBLE PRECISION NOT NULL,
    source            TEXT NOT NULL,
    released_on       TEXT NOT NULL,
    imported_by       BIGINT NOT NULL REFERENCES users(id),
    imported_at       BIGINT NOT NULL,
    PRIMARY KEY (key_indicator_id, year, quarter, county)
);
