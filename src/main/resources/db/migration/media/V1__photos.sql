create schema if not exists media;

-- An uploaded photo: its three sizes stored by the SHA-256 of their bytes; whose it is, and the moment (subject) that
-- took it. UPLOADED until taken, ATTACHED while the subject has it, RELEASED with the subject.
create table media.photos (
    id             uuid                     primary key,
    owner_id       uuid                     not null,
    subject_id     uuid,
    position       int,
    state          varchar(10)              not null,
    width          int                      not null,
    height         int                      not null,
    original_sha   varchar(64)              not null,
    large_sha      varchar(64)              not null,
    small_sha      varchar(64)              not null,
    stored_bytes   bigint                   not null,
    uploaded_at    timestamp with time zone not null,
    attached_at    timestamp with time zone,
    released_at    timestamp with time zone,
    version        bigint                   not null,
    constraint photos_attached_have_a_subject check (state <> 'ATTACHED' or subject_id is not null)
);

create index photos_subject_idx on media.photos (subject_id, position);
-- what the sweeper looks for: released photos, and uploads nothing took
create index photos_state_idx on media.photos (state, uploaded_at);

-- Every file in the store, by its SHA-256: the ledger the sweeper deletes files by. A file is written only after its
-- row was touched, and deleted only when no photo uses it and it was not touched for an hour, so an upload in progress
-- never loses the file it just wrote.
create table media.blobs (
    sha        varchar(64)              primary key,
    bytes      bigint                   not null,
    touched_at timestamp with time zone not null
);

-- whether any photo still uses a file
create index photos_original_sha_idx on media.photos (original_sha);
create index photos_large_sha_idx on media.photos (large_sha);
create index photos_small_sha_idx on media.photos (small_sha);
