-- The feed benchmark's population, made in the database the application migrated: :people people, each following
-- about :follows others chosen by a power law (a few accounts followed by tens of thousands), and :moments moments
-- over the last 90 days. People are numbered 1..:people and their ids derived from the number. The readers and
-- authors that the benchmark logs in as are registered through the API first and follow here.
\set ON_ERROR_STOP on
create function pg_temp.person(n bigint) returns uuid language sql immutable
    as $$ select ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$;

insert into identity.accounts (id, email, password_hash, display_name, created_at, updated_at, version)
select pg_temp.person(n), 'p' || n || '@bench.yuelv.test', 'no password: not for logging in', 'Traveller ' || n,
       now(), now(), 0
from generate_series(1, :people) n;

-- the three most followed accounts: about 55% of everyone follows each
insert into social.relationships (person_id, other_id, following, followed_at, muted, blocked, version)
select pg_temp.person(p), pg_temp.person(c), true, now() - random() * interval '365 days', false, false, 0
from generate_series(4, :people) p, generate_series(1, 3) c
where random() < 0.55;

-- everyone else's follows: the followed drawn with a density falling as a power of their rank
insert into social.relationships (person_id, other_id, following, followed_at, muted, blocked, version)
select pg_temp.person(p.n), pg_temp.person(f.n), true, now() - random() * interval '365 days', false, false, 0
from generate_series(1, :people) p(n),
     lateral (select 4 + floor((:people - 4) * power(random(), 3))::bigint as n
              from generate_series(1, 1 + floor(random() * 2 * :follows)::int + 0 * p.n)) f
where f.n <> p.n
on conflict do nothing;

insert into content.moments (id, author_id, body, visibility, posted_at, like_count, comment_count, version)
select gen_random_uuid(), pg_temp.person(1 + floor(random() * :people)::bigint), 'Moment ' || m, 'PUBLIC',
       date_trunc('milliseconds', now() - random() * interval '90 days'), 0, 0, 0
from generate_series(1, :moments) m;

insert into feed.heavy_authors (author_id, follower_count, marked_at)
select other_id, count(*), now() from social.relationships where following group by other_id
having count(*) > :threshold;

analyze identity.accounts;
analyze social.relationships;
analyze content.moments;
