-- Access tokens carry the account's token generation; taking a role away raises it, so older tokens stop.
ALTER TABLE identity.accounts ADD COLUMN token_generation INT NOT NULL DEFAULT 0;

-- Revocations every deployment reads within seconds: a login's tokens (by family) or an account's older generations.
-- Kept for as long as an access token lives, then purged.
CREATE TABLE identity.token_revocations (
    id             UUID PRIMARY KEY,
    account_id     UUID NOT NULL,
    family_id      UUID,
    min_generation INT NOT NULL,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX token_revocations_recorded_at ON identity.token_revocations (recorded_at);
