-- The Idempotency-Key of each unsafe request that carried one, per caller: the request's fingerprint, whether it is
-- still running, and its outcome, replayed to retries until the key expires. Shared by every shape of the application,
-- like the event inbox, so that a retry reaching another replica or deployment finds the key.
create table platform.idempotency_keys (
    caller          varchar(200)             not null,
    idempotency_key varchar(255)             not null,
    -- the claim's own: an outcome is recorded, or the claim released, only by the request that holds it
    token           uuid                     not null,
    fingerprint     varchar(64)              not null,
    request         varchar(300)             not null,
    running         boolean                  not null,
    started_at      timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    status          integer,
    headers         varchar(16000),
    body            bytea,
    primary key (caller, idempotency_key)
);

create index idempotency_keys_expires_at on platform.idempotency_keys (expires_at);
