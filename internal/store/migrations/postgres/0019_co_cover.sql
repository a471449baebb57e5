-- luoshi schema 19: a co-unit's rows carry the item's state, deadline and the moments its light
-- and schedule turn, indexed as the lead unit's are (items_lead), so that a liaison's overdue,
-- red or behind list tests the co-led items inside the index instead of reading each item's row
-- (a unit co-leads hundreds; each new item it co-leads made every such list slower). The store
-- writes them with the item's columns (CreateItem, UpdateItem, UpdateItemDerived).
ALTER TABLE item_co_units ADD COLUMN state TEXT NOT NULL DEFAULT '';
ALTER TABLE item_co_units ADD COLUMN deadline BIGINT NOT NULL DEFAULT 0;
ALTER TABLE item_co_units ADD COLUMN yellow_at BIGINT;
ALTER TABLE item_co_units ADD COLUMN red_at BIGINT;
ALTER TABLE item_co_units ADD COLUMN behind_at BIGINT;
ALTER TABLE item_co_units ADD COLUMN ahead_until BIGINT;
UPDATE item_co_units SET
    state = (SELECT i.state FROM items i WHERE i.id = item_co_units.item_id),
    deadline = (SELECT i.deadline FROM items i WHERE i.id = item_co_units.item_id),
    yellow_at = (SELECT i.yellow_at FROM items i WHERE i.id = item_co_units.item_id),
    red_at = (SELECT i.red_at FROM items i WHERE i.id = item_co_units.item_id),
    behind_at = (SELECT i.behind_at FROM items i WHERE i.id = item_co_units.item_id),
    ahead_until = (SELECT i.ahead_until FROM items i WHERE i.id = item_co_units.item_id);
CREATE INDEX item_co_units_cover ON item_co_units (unit_id, state, item_id, deadline, red_at, yellow_at, behind_at,
    ahead_until);
