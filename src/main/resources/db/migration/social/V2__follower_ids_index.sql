-- a person's followers in the order of their ids, batch after batch: what delivering a post to every follower walks
create index relationships_follower_ids_idx on social.relationships (other_id, person_id);
