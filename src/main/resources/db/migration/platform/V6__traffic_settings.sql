-- The configuration centre's versions of each deployment's traffic settings. Every change an operator makes through
-- /actuator/traffic is a new version holding all of the deployment's overrides of its configured values (JSON), with
-- what changed, who changed it and when; every replica of the deployment follows the latest, a start applies it, and
-- a rollback is a new version copying an earlier one. One version per parent keeps each deployment's history a line:
-- of two changes made at once from the same version, the second is refused and made again from the first.
create table platform.traffic_settings (
    version    bigint generated always as identity primary key,
    deployment varchar(100)             not null,
    parent     bigint                   not null,
    overrides  varchar(16000)           not null,
    change     varchar(4000)            not null,
    changed_by varchar(200)             not null,
    changed_at timestamp with time zone not null,
    constraint traffic_settings_one_child unique (deployment, parent)
);
