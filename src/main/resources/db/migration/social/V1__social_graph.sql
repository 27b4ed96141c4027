create schema if not exists social;

-- What one person is to another: whether they follow, mute or block them. One row per ordered pair, made on the first
-- of these and kept (a few bytes) so that every change of a pair locks the same rows.
create table social.relationships (
    person_id   uuid                     not null,
    other_id    uuid                     not null,
    following   boolean                  not null,
    followed_at timestamp with time zone,
    muted       boolean                  not null,
    blocked     boolean                  not null,
    blocked_at  timestamp with time zone,
    version     bigint                   not null,
    primary key (person_id, other_id),
    constraint relationships_not_oneself check (person_id <> other_id)
);

-- a person's followers and the people they follow, newest first, one page at a time after the last shown
create index relationships_followers_idx on social.relationships (other_id, following, followed_at desc, person_id desc);
create index relationships_following_idx on social.relationships (person_id, following, followed_at desc, other_id desc);
-- blocks made against a person
create index relationships_blocked_idx on social.relationships (other_id, blocked);

-- Who travelled on which trip, from booking's events: the organizer and every accepted companion who did not leave.
-- Events may be handled in another order than they happened, so each row keeps the moment of the last change it
-- took, and an older change never overwrites a newer one.
create table social.trip_members (
    trip_id    uuid                     not null,
    member_id  uuid                     not null,
    member     boolean                  not null,
    changed_at timestamp with time zone not null,
    primary key (trip_id, member_id)
);

-- trips cancelled: nobody travelled on them, whatever event about them comes late
create table social.cancelled_trips (
    trip_id uuid primary key
);

create index trip_members_member_idx on social.trip_members (member_id, trip_id);

-- Where each published trip went (its destination and stops, folded to lower case), for suggesting people who went to
-- the same places.
create table social.trip_places (
    trip_id uuid         not null,
    place   varchar(200) not null,
    primary key (trip_id, place)
);

create index trip_places_place_idx on social.trip_places (place, trip_id);
