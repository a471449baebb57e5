-- luoshi schema 6: regions form a tree (a province, its cities, their counties), so that an
-- account of a region may read the regions below it (the city role).
ALTER TABLE regions ADD COLUMN parent_id BIGINT REFERENCES regions(id);
CREATE INDEX regions_parent ON regions (parent_id);
