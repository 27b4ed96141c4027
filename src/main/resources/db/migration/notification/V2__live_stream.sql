-- Each entry's place in its recipient's live stream: 1, 2, 3... in the order the entries committed, since the writers
-- of one recipient's entries take the recipient's counter row in turn. A client that reconnects says the last place it
-- saw (Last-Event-ID) and gets what came after. Entries from before the stream have none.
ALTER TABLE notification.inbox_entries ADD COLUMN seq BIGINT;

CREATE UNIQUE INDEX inbox_entries_stream_idx ON notification.inbox_entries (recipient_id, seq);

CREATE TABLE notification.inbox_counters (
    recipient_id UUID PRIMARY KEY,
    last_seq     BIGINT NOT NULL
);
