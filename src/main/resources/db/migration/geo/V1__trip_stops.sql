CREATE SCHEMA IF NOT EXISTS geo;

-- geo's own read model of public trips, fed by trip events; no foreign key into the trip schema
CREATE TABLE geo.trips (
    trip_id    UUID PRIMARY KEY,
    title      VARCHAR(8000) NOT NULL,
    start_date DATE NOT NULL,
    end_date   DATE NOT NULL,
    listed     BOOLEAN NOT NULL,
    version    BIGINT NOT NULL
);

-- one row per itinerary stop; cell is the stop's 60-bit geohash, so a geohash cell is a range of this column
CREATE TABLE geo.trip_stops (
    trip_id    UUID NOT NULL REFERENCES geo.trips (trip_id) ON DELETE CASCADE,
    ordinal    INT NOT NULL,
    place_name VARCHAR(200) NOT NULL,
    latitude   DOUBLE PRECISION NOT NULL,
    longitude  DOUBLE PRECISION NOT NULL,
    cell       BIGINT NOT NULL,
    PRIMARY KEY (trip_id, ordinal)
);

CREATE INDEX trip_stops_cell_idx ON geo.trip_stops (cell);
