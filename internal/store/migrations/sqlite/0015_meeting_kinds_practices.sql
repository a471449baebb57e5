-- luoshi schema 15: the kinds of meeting a region holds (configurable; a region without
-- rows has the three built-in kinds), and the experience library (外地经验): practices
-- learned elsewhere, each a JSON document (doc, with the topics and items that adopt it)
-- beside the columns lists filter on; search holds the practice's words in one lower-case
-- text, searched with LIKE. Times are UTC unix milliseconds.
CREATE TABLE meeting_kinds (
    region_id  BIGINT NOT NULL REFERENCES regions(id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    retired    BOOLEAN NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (region_id, code)
);

CREATE TABLE practices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    search      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    doc         TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX practices_region ON practices (region_id, updated_at);

