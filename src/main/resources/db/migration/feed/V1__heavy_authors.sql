create schema if not exists feed;

-- Authors with more followers than the fan-out threshold when they last posted: their moments are not written into
-- each follower's timeline but merged in when a follower reads the feed. An author stays here once added, so that
-- the moments they posted while here keep being merged in.
create table feed.heavy_authors (
    author_id      uuid                     primary key,
    follower_count bigint                   not null,
    marked_at      timestamp with time zone not null
);
