-- Every shape of the application shares one inbox, and a queue is a listening module's, whoever consumes it: an event
-- is taken in once per listening module, so that the deployment that takes a module over after a season change
-- recognises what the one before took in. The ids kept by the inbox of one deployment's own database before every
-- shape shared one are not carried over.
drop table platform.event_inbox;

create table platform.event_inbox (
    event_id    uuid                     not null,
    module      varchar(100)             not null,
    event_type  varchar(200)             not null,
    received_at timestamp with time zone not null,
    primary key (event_id, module)
);

create index event_inbox_received_at on platform.event_inbox (received_at);
