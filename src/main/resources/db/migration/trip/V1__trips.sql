CREATE SCHEMA IF NOT EXISTS trip;

CREATE TABLE trip.trips (
    id                  UUID PRIMARY KEY,
    organizer_id        UUID NOT NULL,
    status              VARCHAR(20) NOT NULL,
    primary_language    VARCHAR(35) NOT NULL,
    destination         VARCHAR(200) NOT NULL,
    start_date          DATE NOT NULL,
    end_date            DATE NOT NULL,
    seats               INT NOT NULL,
    budget_amount       NUMERIC(19, 4) NOT NULL,
    budget_currency     VARCHAR(3) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at        TIMESTAMP WITH TIME ZONE,
    cancelled_at        TIMESTAMP WITH TIME ZONE,
    cancellation_reason VARCHAR(500),
    version             BIGINT NOT NULL,
    CONSTRAINT trips_dates_ordered CHECK (end_date >= start_date),
    CONSTRAINT trips_seats_positive CHECK (seats > 0)
);

CREATE INDEX trips_listing_idx ON trip.trips (status, start_date, id);
CREATE INDEX trips_organizer_idx ON trip.trips (organizer_id);

CREATE TABLE trip.trip_texts (
    trip_id     UUID NOT NULL REFERENCES trip.trips (id) ON DELETE CASCADE,
    language    VARCHAR(35) NOT NULL,
    title       VARCHAR(120) NOT NULL,
    description VARCHAR(5000),
    PRIMARY KEY (trip_id, language)
);

CREATE TABLE trip.trip_stops (
    trip_id    UUID NOT NULL REFERENCES trip.trips (id) ON DELETE CASCADE,
    ordinal    INT NOT NULL,
    place_name VARCHAR(200) NOT NULL,
    latitude   DOUBLE PRECISION NOT NULL,
    longitude  DOUBLE PRECISION NOT NULL,
    day_number INT NOT NULL,
    PRIMARY KEY (trip_id, ordinal)
);

CREATE TABLE trip.trip_languages (
    trip_id  UUID NOT NULL REFERENCES trip.trips (id) ON DELETE CASCADE,
    ordinal  INT NOT NULL,
    language VARCHAR(35) NOT NULL,
    PRIMARY KEY (trip_id, ordinal)
);

CREATE INDEX trip_languages_language_idx ON trip.trip_languages (language);

CREATE TABLE trip.trip_tags (
    trip_id UUID NOT NULL REFERENCES trip.trips (id) ON DELETE CASCADE,
    ordinal INT NOT NULL,
    tag     VARCHAR(30) NOT NULL,
    PRIMARY KEY (trip_id, ordinal)
);

CREATE INDEX trip_tags_tag_idx ON trip.trip_tags (tag);
