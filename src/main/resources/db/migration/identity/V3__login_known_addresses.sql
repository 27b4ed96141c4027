-- addresses an email last logged in from successfully: they stay free when the email as a whole is under attack
CREATE TABLE identity.login_known_addresses (
    email          VARCHAR(254) NOT NULL,
    client_address VARCHAR(45) NOT NULL,
    succeeded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (email, client_address)
);

CREATE INDEX login_failures_by_email_only_idx ON identity.login_failures (email, failed_at);
