-- luoshi migration 0017: the data version, a number that changes with every committed write
-- that could change what a read answers (the item list and detail answers kept in memory,
-- service/answer_cache.go). On PostgreSQL several luoshi processes may share the database, so
-- the number lives in it: the store's writer adds one to it inside each write group's
-- transaction, and a read takes it in the snapshot it reads the data from. On SQLite one
-- process owns the file and keeps the number in memory; the table is there so that both
-- schemas hold the same tables. luoshi copy leaves it out and adds one on the target.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0);
-- The next deadline of a region's items after a moment, one index seek: an overdue list kept
-- in memory is good until then (Tx.NextItemMoment).
CREATE INDEX items_region_deadline ON items (region_id, deadline);
