-- The place a moment was posted from is stored sealed (encrypted under content's data keys, as text naming the key):
-- its name and coordinates become text columns long enough for the sealed form. Values stored before are sealed by
-- the re-encryption and read as they are until then.
ALTER TABLE content.moments ALTER COLUMN place_name SET DATA TYPE VARCHAR(1200);
ALTER TABLE content.moments ALTER COLUMN latitude SET DATA TYPE VARCHAR(100);
ALTER TABLE content.moments ALTER COLUMN longitude SET DATA TYPE VARCHAR(100);
