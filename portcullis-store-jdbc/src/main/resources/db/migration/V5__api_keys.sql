-- API keys (issue 9). A key is looked up by its public id (ak_ + 16 base62 characters, the part of
-- "pcl_ak_<id>_<secret><checksum>" before the secret); only the SHA-256 of its secret is kept
-- (base64url, 43 characters). Instants are epoch milliseconds (BIGINT), null where not (yet) set.
-- A key ends at the first of expires_at, revoked_at and retires_at (set by rotation: the end of its
-- grace); ended rows stay until purged so that their later use can be recognised and audited.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE api_keys (
  id           VARCHAR(32)   PRIMARY KEY,
  user_id      VARCHAR(64)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name         VARCHAR(200)  NOT NULL,
  scopes       VARCHAR(4200) NOT NULL,
  secret_hash  VARCHAR(64)   NOT NULL,
  hint         VARCHAR(64)   NOT NULL,
  created_at   BIGINT        NOT NULL,
  expires_at   BIGINT,
  revoked_at   BIGINT,
  retires_at   BIGINT,
  last_used_at BIGINT,
  -- informational (no foreign key): a successor may be purged before or after its predecessor
  successor_id VARCHAR(32)
);
CREATE INDEX api_keys_user ON api_keys (user_id, created_at);
