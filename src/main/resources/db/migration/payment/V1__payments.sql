CREATE SCHEMA IF NOT EXISTS payment;

-- payments from opening to their last refund; amounts in the currency's minor unit (fen, yen)
CREATE TABLE payment.intents (
    id             UUID PRIMARY KEY,
    reference      VARCHAR(200) NOT NULL,
    payer_id       UUID NOT NULL,
    payee_id       UUID NOT NULL,
    amount_minor   BIGINT NOT NULL CHECK (amount_minor > 0),
    currency       VARCHAR(3) NOT NULL,
    escrow         VARCHAR(200) NOT NULL,
    release_on     DATE NOT NULL,
    pay_by         TIMESTAMP WITH TIME ZONE NOT NULL,
    description    VARCHAR(500) NOT NULL,
    status         VARCHAR(30) NOT NULL,
    pending_call   VARCHAR(20) NOT NULL,
    provider_id    VARCHAR(100) UNIQUE,
    payment_method VARCHAR(100),
    captured_minor BIGINT NOT NULL,
    refunded_minor BIGINT NOT NULL,
    failure        VARCHAR(100),
    settled        BOOLEAN NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    version        BIGINT NOT NULL,
    CONSTRAINT intents_refunds_bounded CHECK (refunded_minor >= 0 AND refunded_minor <= captured_minor
        AND captured_minor <= amount_minor)
);

CREATE INDEX intents_status_idx ON payment.intents (status, updated_at);
CREATE INDEX intents_release_idx ON payment.intents (settled, release_on);

CREATE TABLE payment.refunds (
    id           UUID PRIMARY KEY,
    payment_id   UUID NOT NULL REFERENCES payment.intents (id),
    refund_key   UUID NOT NULL,
    percent      INT NOT NULL CHECK (percent BETWEEN 0 AND 100),
    reason       VARCHAR(200) NOT NULL,
    status       VARCHAR(20) NOT NULL,
    amount_minor BIGINT,
    provider_id  VARCHAR(100),
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at   TIMESTAMP WITH TIME ZONE,
    version      BIGINT NOT NULL,
    CONSTRAINT refunds_once_per_key UNIQUE (payment_id, refund_key)
);

CREATE INDEX refunds_status_idx ON payment.refunds (status);

CREATE TABLE payment.payouts (
    id           UUID PRIMARY KEY,
    payment_id   UUID NOT NULL UNIQUE REFERENCES payment.intents (id),
    payee_id     UUID NOT NULL,
    currency     VARCHAR(3) NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    status       VARCHAR(20) NOT NULL,
    provider_id  VARCHAR(100),
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    paid_at      TIMESTAMP WITH TIME ZONE,
    version      BIGINT NOT NULL
);

CREATE INDEX payouts_status_idx ON payment.payouts (status);

-- the double-entry ledger: transactions are only added; balances are sums of postings, never stored
CREATE TABLE payment.ledger_transactions (
    id         UUID PRIMARY KEY,
    kind       VARCHAR(20) NOT NULL,
    payment_id UUID,
    booked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version    BIGINT NOT NULL
);

CREATE INDEX ledger_transactions_payment_idx ON payment.ledger_transactions (payment_id);

CREATE TABLE payment.postings (
    transaction_id UUID NOT NULL REFERENCES payment.ledger_transactions (id),
    ordinal        INT NOT NULL,
    account        VARCHAR(200) NOT NULL,
    currency       VARCHAR(3) NOT NULL,
    amount_minor   BIGINT NOT NULL CHECK (amount_minor <> 0),
    PRIMARY KEY (transaction_id, ordinal)
);

CREATE INDEX postings_account_idx ON payment.postings (account, currency);

-- the provider's webhook events taken in, by id: a duplicate is taken once
CREATE TABLE payment.provider_events (
    event_id    VARCHAR(100) PRIMARY KEY,
    event_type  VARCHAR(100) NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
