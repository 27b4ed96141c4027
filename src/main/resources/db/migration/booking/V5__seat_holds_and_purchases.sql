-- a seat's price, from the trip's budget per person; rosters made before seats were paid for stay free
ALTER TABLE booking.rosters ADD COLUMN price_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE booking.rosters ADD COLUMN currency VARCHAR(3) NOT NULL DEFAULT 'CNY';

-- the booking saga of each request to join a trip with a price: its state, the payment it asked for and its deadline
CREATE TABLE booking.seat_purchases (
    request_id     UUID PRIMARY KEY REFERENCES booking.join_requests (id),
    trip_id        UUID NOT NULL REFERENCES booking.rosters (trip_id),
    traveler_id    UUID NOT NULL,
    organizer_id   UUID NOT NULL,
    payment_id     UUID NOT NULL UNIQUE,
    price_minor    BIGINT NOT NULL CHECK (price_minor > 0),
    currency       VARCHAR(3) NOT NULL,
    trip_start     DATE NOT NULL,
    pay_by         TIMESTAMP WITH TIME ZONE NOT NULL,
    state          VARCHAR(20) NOT NULL,
    refund_percent INT CHECK (refund_percent BETWEEN 0 AND 100),
    refunded_minor BIGINT,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    version        BIGINT NOT NULL
);

CREATE INDEX seat_purchases_deadline_idx ON booking.seat_purchases (state, pay_by);
CREATE INDEX seat_purchases_trip_idx ON booking.seat_purchases (trip_id);
