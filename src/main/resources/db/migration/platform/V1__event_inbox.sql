-- Events received from other deployments of a split, by id: a message delivered twice takes effect once.
create schema if not exists platform;

create table platform.event_inbox (
    event_id    uuid primary key,
    event_type  varchar(200)             not null,
    received_at timestamp with time zone not null
);

create index event_inbox_received_at on platform.event_inbox (received_at);
