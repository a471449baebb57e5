-- luoshi schema 9: a region's events of one kind in a time range (the collaboration metrics
-- read the assignments, acceptances, declines and reassignments of a year) through an index,
-- instead of scanning every event of the region.
CREATE INDEX events_region_kind ON events (region_id, kind, at);
