-- Email, display name and home city are stored sealed (encrypted under identity's data keys, as text naming the key),
-- so the columns grow to the sealed form of their longest value; an account is found by its email's blind index, a
-- keyed hash, which takes over the email's uniqueness. Values stored before are sealed by the re-encryption and the
-- blind indexes of earlier accounts are computed at start (EmailIndexBackfill), before the first login.
ALTER TABLE identity.accounts ALTER COLUMN email SET DATA TYPE VARCHAR(800);
ALTER TABLE identity.accounts ALTER COLUMN display_name SET DATA TYPE VARCHAR(400);
ALTER TABLE identity.accounts ALTER COLUMN home_city SET DATA TYPE VARCHAR(600);
ALTER TABLE identity.accounts DROP CONSTRAINT accounts_email_unique;
ALTER TABLE identity.accounts ADD COLUMN email_index VARCHAR(64);
CREATE UNIQUE INDEX accounts_email_index_unique ON identity.accounts (email_index);

-- The login throttle counts emails by their blind index from now on: the failures and known addresses recorded by
-- plain email are let go (the failures' window is 15 minutes; an owner's address becomes known again at its next
-- login).
DELETE FROM identity.login_failures;
DELETE FROM identity.login_known_addresses;
