-- The audit trail of security events (logins, role changes, revocations, operators' changes, replays), appended to
-- only. Each entry carries the SHA-256 hash of its content and of the entry before it, so an edited, inserted or
-- removed entry breaks the chain, which /actuator/audit/verification walks. An append locks the one row of
-- audit_head, which names the last entry, so entries are numbered without gaps and the chain's end is known: removing
-- the newest entries shows as a head the trail does not reach. The retention job deletes the oldest entries and
-- records in the chain how far it pruned and the hash the first remaining entry must follow.
create table platform.audit_entries (
    seq           bigint primary key,
    recorded_at   timestamp with time zone not null,
    deployment    varchar(100)             not null,
    action        varchar(60)              not null,
    actor         varchar(200)             not null,
    subject       varchar(200),
    details       varchar(4000)            not null,
    previous_hash char(64)                 not null,
    hash          char(64)                 not null
);

create index audit_entries_by_action on platform.audit_entries (action, seq);
create index audit_entries_by_actor on platform.audit_entries (actor, seq);
create index audit_entries_by_subject on platform.audit_entries (subject, seq);
create index audit_entries_by_time on platform.audit_entries (recorded_at);

create table platform.audit_head (
    id   int primary key,
    seq  bigint   not null,
    hash char(64) not null
);

insert into platform.audit_head (id, seq, hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
