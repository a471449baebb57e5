-- luoshi schema 10: the keyed audit chain (HMAC-SM3 under a key kept outside the database).
-- Records written before this migration keep their plain SM3 chain and carry no MAC; every
-- record after it carries the key generation that signed it and its MAC. The head row keeps
-- the last MAC beside the last hash, and the anchor's MAC beside the anchor's hash.
ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN mac TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN anchor_mac TEXT NOT NULL DEFAULT '';
