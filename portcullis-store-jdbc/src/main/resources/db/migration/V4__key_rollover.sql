-- Key rollover (issue 7, item 11): a key is published from created_at but signs only from
-- activates_at, so that resource servers caching the JWKS know it before its first token. The
-- instant is stored so that every instance switches keys at the same moment. Keys that exist
-- already signed from their creation.
ALTER TABLE signing_keys ADD COLUMN activates_at BIGINT;
UPDATE signing_keys SET activates_at = created_at;
ALTER TABLE signing_keys ALTER COLUMN activates_at SET NOT NULL;
