-- luoshi schema 18: items_stats (region_id, state, lead_unit_id, red_at, yellow_at, deadline,
-- on_time) is dropped. items_cockpit (schema 17) begins with the same three columns and holds
-- all of its others, so the per-unit counts read that index alone as they read this one
-- (SQLite: SEARCH items USING COVERING INDEX items_cockpit), while every item write paid for
-- one more index entry: a report moves the light times, so each report rewrote an entry of
-- both.
DROP INDEX items_stats;
