create schema if not exists content;

-- A traveller's moment: text, up to nine photos (media's ids, in order), optionally a trip and a place, seen by
-- everyone, the author's followers, or the trip's companions. Likes and comments are counted on the moment, changed
-- by the same statement that adds or removes one, so the counts stay exact under concurrency.
create table content.moments (
    id            uuid                     primary key,
    author_id     uuid                     not null,
    body          varchar(8000),
    visibility    varchar(20)              not null,
    trip_id       uuid,
    place_name    varchar(200),
    latitude      double precision,
    longitude     double precision,
    posted_at     timestamp with time zone not null,
    edited_at     timestamp with time zone,
    deleted_at    timestamp with time zone,
    like_count    bigint                   not null,
    comment_count bigint                   not null,
    version       bigint                   not null,
    constraint moments_counts_not_negative check (like_count >= 0 and comment_count >= 0),
    constraint moments_companions_need_a_trip check (visibility <> 'COMPANIONS' or trip_id is not null)
);

-- an author's moments, newest first: what a profile shows and what a feed merges in at read time
create index moments_author_idx on content.moments (author_id, posted_at desc, id desc);

create table content.moment_photos (
    moment_id uuid    not null references content.moments (id),
    ordinal   int     not null,
    photo_id  uuid    not null,
    primary key (moment_id, ordinal)
);

-- one like per person and moment
create table content.likes (
    moment_id uuid                     not null references content.moments (id),
    liker_id  uuid                     not null,
    liked_at  timestamp with time zone not null,
    primary key (moment_id, liker_id)
);

-- comments, and replies to them: one level, a reply's parent is always a comment that is not a reply
create table content.comments (
    id         uuid                     primary key,
    moment_id  uuid                     not null references content.moments (id),
    author_id  uuid                     not null,
    parent_id  uuid                     references content.comments (id),
    body       varchar(4000)            not null,
    created_at timestamp with time zone not null,
    deleted_at timestamp with time zone,
    version    bigint                   not null
);

create index comments_moment_idx on content.comments (moment_id, created_at, id);

-- words the moderation refuses or masks; an operator changes them at run time
create table content.sensitive_words (
    word       varchar(100)             primary key,
    action     varchar(10)              not null,
    changed_at timestamp with time zone not null
);

-- what anyone reported, and how an admin resolved it
create table content.reports (
    id          uuid                     primary key,
    target_type varchar(10)              not null,
    target_id   uuid                     not null,
    reporter_id uuid                     not null,
    reason      varchar(500)             not null,
    status      varchar(10)              not null,
    created_at  timestamp with time zone not null,
    resolved_by uuid,
    resolved_at timestamp with time zone,
    version     bigint                   not null,
    constraint reports_once_per_reporter unique (target_type, target_id, reporter_id)
);

create index reports_open_idx on content.reports (status, created_at);
