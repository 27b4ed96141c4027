-- The trace an event was published in (its W3C traceparent), for a handler that runs when that trace's context is
-- gone: a publication resubmitted after a failure or a restart continues the trace it began in.
create table platform.event_trace_contexts (
    event_id    uuid                     not null primary key,
    traceparent varchar(55)              not null,
    recorded_at timestamp with time zone not null
);

create index event_trace_contexts_by_age on platform.event_trace_contexts (recorded_at);
