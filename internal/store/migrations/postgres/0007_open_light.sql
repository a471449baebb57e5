-- luoshi schema 7: the red, yellow and green lists of a region walk its open items newest
-- first and test the light times inside the index, fetching only the items they list. The
-- state list is the one the queries write (store.openList), so that the planner proves the
-- index applies.
CREATE INDEX items_open_light ON items (region_id, id, red_at, yellow_at)
    WHERE state IN ('draft', 'assigned', 'declined', 'in_progress', 'completion_requested');
