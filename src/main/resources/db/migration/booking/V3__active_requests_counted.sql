-- a roster counts its active requests, so that asking to join checks the waitlist's bound without reading them all
ALTER TABLE booking.rosters ADD COLUMN active_requests INT NOT NULL DEFAULT 0;
UPDATE booking.rosters SET active_requests = (
    SELECT COUNT(*) FROM booking.join_requests r
    WHERE r.trip_id = booking.rosters.trip_id AND r.status IN ('PENDING', 'WAITLISTED', 'OFFERED', 'ACCEPTED'));
ALTER TABLE booking.rosters ADD CONSTRAINT rosters_active_requests_bounded
    CHECK (active_requests >= 0 AND active_requests <= 300);

-- what a new request is checked against: the traveler's earlier requests for the trip
CREATE INDEX join_requests_trip_traveler_idx ON booking.join_requests (trip_id, traveler_id);
