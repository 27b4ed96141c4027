-- Trips gone for good with their organizer's account: the trip's id and when, nothing else. Read models of other
-- processes (each search replica's index) remove them when they catch up; a rebuilt one never had them.
CREATE TABLE trip.withdrawals (
    trip_id      UUID PRIMARY KEY,
    withdrawn_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX withdrawals_by_time ON trip.withdrawals (withdrawn_at, trip_id);
