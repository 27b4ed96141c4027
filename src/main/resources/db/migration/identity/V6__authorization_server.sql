-- A login through the authorization server belongs to the client it was made for: a refresh token is traded only by
-- that client. Tokens of the password login (the mobile app) name no client.
ALTER TABLE identity.refresh_tokens ADD COLUMN client_id VARCHAR(100);

-- A revocation names the account whose tokens it stops; a partner's token (client credentials) belongs to no account.
ALTER TABLE identity.token_revocations ALTER COLUMN account_id DROP NOT NULL;

-- The authorization server's authorizations (Spring Authorization Server's layout, in identity's schema): one per
-- login of a web or mini-program client, from the authorization code to the end of its session; partners' tokens are
-- not stored. Codes and tokens are stored as their SHA-256 hashes ("sha256:" and 64 hex digits), found by them; the
-- principal is the account's id, never its email. An authorization's id is the session (refresh-token family) its
-- tokens name.
CREATE TABLE identity.oauth2_authorization (
    id                            VARCHAR(100) NOT NULL PRIMARY KEY,
    registered_client_id          VARCHAR(100) NOT NULL,
    principal_name                VARCHAR(200) NOT NULL,
    authorization_grant_type      VARCHAR(100) NOT NULL,
    authorized_scopes             VARCHAR(1000),
    attributes                    TEXT,
    state                         VARCHAR(500),
    authorization_code_value      VARCHAR(100),
    authorization_code_issued_at  TIMESTAMP WITH TIME ZONE,
    authorization_code_expires_at TIMESTAMP WITH TIME ZONE,
    authorization_code_metadata   TEXT,
    access_token_value            VARCHAR(100),
    access_token_issued_at        TIMESTAMP WITH TIME ZONE,
    access_token_expires_at       TIMESTAMP WITH TIME ZONE,
    access_token_metadata         TEXT,
    access_token_type             VARCHAR(100),
    access_token_scopes           VARCHAR(1000),
    oidc_id_token_value           VARCHAR(100),
    oidc_id_token_issued_at       TIMESTAMP WITH TIME ZONE,
    oidc_id_token_expires_at      TIMESTAMP WITH TIME ZONE,
    oidc_id_token_metadata        TEXT,
    refresh_token_value           VARCHAR(100),
    refresh_token_issued_at       TIMESTAMP WITH TIME ZONE,
    refresh_token_expires_at      TIMESTAMP WITH TIME ZONE,
    refresh_token_metadata        TEXT,
    user_code_value               VARCHAR(100),
    user_code_issued_at           TIMESTAMP WITH TIME ZONE,
    user_code_expires_at          TIMESTAMP WITH TIME ZONE,
    user_code_metadata            TEXT,
    device_code_value             VARCHAR(100),
    device_code_issued_at         TIMESTAMP WITH TIME ZONE,
    device_code_expires_at        TIMESTAMP WITH TIME ZONE,
    device_code_metadata          TEXT
);

CREATE INDEX oauth2_authorization_principal ON identity.oauth2_authorization (principal_name);
CREATE INDEX oauth2_authorization_code ON identity.oauth2_authorization (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token ON identity.oauth2_authorization (access_token_value);
CREATE INDEX oauth2_authorization_id_token ON identity.oauth2_authorization (oidc_id_token_value);
CREATE INDEX oauth2_authorization_refresh_token ON identity.oauth2_authorization (refresh_token_value);
