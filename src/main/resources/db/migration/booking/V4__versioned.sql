-- rosters and join requests carry a version like every entity with an assigned identity: empty until stored, it tells
-- Spring Data that an entity is new, and a change based on an older version is refused
ALTER TABLE booking.rosters ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE booking.join_requests ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
