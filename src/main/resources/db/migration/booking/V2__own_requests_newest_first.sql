-- a traveler's own requests are read newest first, one page at a time after the last (requested_at, id) shown:
-- the index holds them in that order, so a page reads only its own rows
DROP INDEX booking.join_requests_traveler_idx;
CREATE INDEX join_requests_traveler_idx ON booking.join_requests (traveler_id, requested_at DESC, id DESC);
