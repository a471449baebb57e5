-- luoshi schema 20: the scheduler claims the due reminders in the order (due_at, id), a batch at
-- a time. On PostgreSQL an index on due_at alone gives rows of one due_at in no particular id
-- order, so every claim sorted every due reminder before taking its few: a pass over 10,000
-- due reminders in batches of one or two took minutes (docs/performance.md, "PostgreSQL
-- writes"). With id in the index the claim reads its batch in order and stops. (On SQLite the
-- rowid already followed due_at in the old index; the two stay alike.)
DROP INDEX reminders_due;
CREATE INDEX reminders_due ON reminders (due_at, id) WHERE fired_at IS NULL;
