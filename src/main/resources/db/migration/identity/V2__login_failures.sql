-- failed logins, kept for the throttle's window: by the email that was tried (registered or not) and the address
CREATE TABLE identity.login_failures (
    id             UUID PRIMARY KEY,
    email          VARCHAR(254) NOT NULL,
    client_address VARCHAR(45) NOT NULL,
    failed_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX login_failures_by_email_idx ON identity.login_failures (email, client_address, failed_at);
CREATE INDEX login_failures_by_address_idx ON identity.login_failures (client_address, failed_at);
