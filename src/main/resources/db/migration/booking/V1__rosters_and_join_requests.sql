CREATE SCHEMA IF NOT EXISTS booking;

-- booking's own view of a trip's seats; trip ids are not foreign keys: trips live in another module's schema
CREATE TABLE booking.rosters (
    trip_id     UUID PRIMARY KEY,
    organizer_id UUID NOT NULL,
    trip_title  VARCHAR(4000) NOT NULL,
    start_date  DATE NOT NULL,
    end_date    DATE NOT NULL,
    capacity    INT NOT NULL,
    taken       INT NOT NULL,
    offered     INT NOT NULL,
    cancelled   BOOLEAN NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the last line of defence: no state in which more seats are held than the trip has
    CONSTRAINT rosters_no_overbooking CHECK (taken >= 0 AND offered >= 0 AND taken + offered <= capacity)
);

CREATE TABLE booking.join_requests (
    id          UUID PRIMARY KEY,
    trip_id     UUID NOT NULL REFERENCES booking.rosters (trip_id),
    traveler_id UUID NOT NULL,
    message     VARCHAR(500),
    status      VARCHAR(20) NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at  TIMESTAMP WITH TIME ZONE,
    reason      VARCHAR(500)
);

CREATE INDEX join_requests_trip_idx ON booking.join_requests (trip_id, requested_at);
CREATE INDEX join_requests_traveler_idx ON booking.join_requests (traveler_id, requested_at);
