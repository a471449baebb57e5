-- luoshi schema 17: the schedule status (序时进度) as two moments beside the light's, so that
-- the cockpit counts 超/达/欠进度 and lists filter by it in SQL (luoshi.ScheduleTimes): behind
-- from behind_at on, ahead before ahead_until. Rows written before this migration are marked
-- ahead_until = -1 ("not computed"); the service computes them at start
-- (Service.BackfillSchedule) and a row so marked counts as on schedule until then.
ALTER TABLE items ADD COLUMN behind_at BIGINT;
ALTER TABLE items ADD COLUMN ahead_until BIGINT;
UPDATE items SET ahead_until = -1;
CREATE INDEX items_schedule_unset ON items (id) WHERE ahead_until = -1;
-- The cockpit's summaries read a region's (or a lead unit's) rows of this index only.
CREATE INDEX items_cockpit ON items (region_id, state, lead_unit_id, deadline, red_at, yellow_at, behind_at,
    ahead_until, on_time, source);
