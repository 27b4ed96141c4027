-- A person whose data is being erased, or was: named by their pseudonym for good, by their account id only until every
-- store is clean. Listeners ask here before writing about someone, so that a message about an erased person that
-- arrives late is dropped.
create table platform.erasures (
    pseudonym    uuid                     not null primary key,
    account_id   uuid,
    requested_at timestamp with time zone not null,
    finished_at  timestamp with time zone
);

create index erasures_unfinished on platform.erasures (finished_at, requested_at);

-- Each module's passes over an erasure, made by one replica of the deployment that runs the module: the first at
-- once, the second once the requests and messages in flight at the closing have landed. The erasure is finished when
-- every module made both.
create table platform.erasure_passes (
    pseudonym     uuid                     not null,
    module        varchar(60)              not null,
    first_at      timestamp with time zone,
    second_at     timestamp with time zone,
    claimed_by    varchar(100),
    claimed_until timestamp with time zone,
    attempts      int                      not null default 0,
    problem       varchar(500),
    primary key (pseudonym, module)
);
