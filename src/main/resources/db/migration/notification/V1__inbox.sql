CREATE SCHEMA IF NOT EXISTS notification;

CREATE TABLE notification.inbox_entries (
    id              UUID PRIMARY KEY,
    recipient_id    UUID NOT NULL,
    kind            VARCHAR(30) NOT NULL,
    subject_id      UUID,
    message         VARCHAR(1000) NOT NULL,
    source_event_id UUID NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    read_at         TIMESTAMP WITH TIME ZONE,
    version         BIGINT NOT NULL,
    CONSTRAINT inbox_entries_once_per_event UNIQUE (source_event_id, recipient_id)
);

CREATE INDEX inbox_entries_recipient_idx ON notification.inbox_entries (recipient_id, read_at, created_at);
