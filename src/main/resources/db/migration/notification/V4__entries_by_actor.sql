-- The person whose doing an entry tells of and names ("李娜 followed you."): the entries in other people's inboxes
-- that name someone are found, and erased, by it.
ALTER TABLE notification.inbox_entries ADD COLUMN actor_id UUID;
CREATE INDEX inbox_entries_by_actor ON notification.inbox_entries (actor_id);
