-- read models of other processes catch up with public trips by the time of their last change
CREATE INDEX trips_changed_idx ON trip.trips (updated_at, id);
