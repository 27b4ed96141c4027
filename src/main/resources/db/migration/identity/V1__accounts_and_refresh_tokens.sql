CREATE SCHEMA IF NOT EXISTS identity;

CREATE TABLE identity.accounts (
    id            UUID PRIMARY KEY,
    email         VARCHAR(254) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    display_name  VARCHAR(60)  NOT NULL,
    home_city     VARCHAR(100),
    bio           VARCHAR(1000),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT NOT NULL,
    CONSTRAINT accounts_email_unique UNIQUE (email)
);

CREATE TABLE identity.account_languages (
    account_id UUID NOT NULL REFERENCES identity.accounts (id) ON DELETE CASCADE,
    ordinal    INT NOT NULL,
    language   VARCHAR(35) NOT NULL,
    PRIMARY KEY (account_id, ordinal)
);

CREATE TABLE identity.account_interests (
    account_id UUID NOT NULL REFERENCES identity.accounts (id) ON DELETE CASCADE,
    ordinal    INT NOT NULL,
    interest   VARCHAR(30) NOT NULL,
    PRIMARY KEY (account_id, ordinal)
);

CREATE TABLE identity.account_roles (
    account_id UUID NOT NULL REFERENCES identity.accounts (id) ON DELETE CASCADE,
    role       VARCHAR(20) NOT NULL,
    PRIMARY KEY (account_id, role)
);

CREATE TABLE identity.refresh_tokens (
    id         UUID PRIMARY KEY,
    family_id  UUID NOT NULL,
    account_id UUID NOT NULL REFERENCES identity.accounts (id) ON DELETE CASCADE,
    token_hash VARCHAR(64) NOT NULL,
    issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE,
    version    BIGINT NOT NULL,
    CONSTRAINT refresh_tokens_hash_unique UNIQUE (token_hash)
);

CREATE INDEX refresh_tokens_family_idx ON identity.refresh_tokens (family_id);
