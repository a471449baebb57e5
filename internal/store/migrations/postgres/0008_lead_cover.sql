-- luoshi schema 8: a unit's led items with the deadline and the light times in the index, so
-- that a liaison's overdue, red or yellow list tests them there and reads only the items it
-- lists (the same first three columns as before: what used the old index uses this one).
DROP INDEX items_lead;
CREATE INDEX items_lead ON items (lead_unit_id, state, id, deadline, red_at, yellow_at);
