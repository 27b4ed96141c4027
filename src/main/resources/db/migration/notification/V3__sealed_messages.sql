-- An inbox entry's message names the people it is about ("李娜 followed you."), so it is stored sealed (encrypted
-- under notification's data keys, as text naming the key) like their names: the column grows to the sealed form of
-- the longest message. Messages stored before are sealed by the re-encryption and read as they are until then.
ALTER TABLE notification.inbox_entries ALTER COLUMN message SET DATA TYPE VARCHAR(5400);
