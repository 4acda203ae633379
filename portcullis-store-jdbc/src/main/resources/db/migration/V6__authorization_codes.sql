-- The authorization code flow (issue 10). Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
--
-- Clients gain their RFC 7591 metadata: redirect URIs (space separated; a URI has no spaces), grant
-- types (space separated) and the token endpoint's authentication method. Clients registered before
-- keep what their type allowed them until now: mobile clients the password and refresh grants (the
-- password grant is opt-in from here on, and they had opted in by using it), the other types their
-- type's grant. None has a redirect URI, so none can use the code flow until re-registered.
ALTER TABLE clients ADD COLUMN redirect_uris VARCHAR(20100) NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN grant_types VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN token_endpoint_auth_method VARCHAR(32) NOT NULL DEFAULT 'none';
UPDATE clients SET grant_types = CASE type
    WHEN 'mobile' THEN 'password refresh_token'
    WHEN 'browser' THEN 'authorization_code refresh_token'
    WHEN 'service' THEN 'client_credentials'
    ELSE 'introspection' END;
UPDATE clients SET token_endpoint_auth_method = 'client_secret_basic' WHERE secret_hash IS NOT NULL;

-- One row per authorization code, keyed by the SHA-256 of the code (base64url, 43 characters); the
-- code itself is never stored. A code is valid until expires_at (a minute) and kept until
-- retain_until so that a replay is still recognised; used_at and family_id are set together, once,
-- by the redemption that wins (UPDATE … WHERE used_at IS NULL).
CREATE TABLE authorization_codes (
  code_hash      VARCHAR(64)   PRIMARY KEY,
  client_id      VARCHAR(64)   NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  user_id        VARCHAR(64)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  redirect_uri   VARCHAR(2000) NOT NULL,
  code_challenge VARCHAR(64)   NOT NULL,
  scopes         VARCHAR(4200) NOT NULL,
  token_version  BIGINT        NOT NULL,
  created_at     BIGINT        NOT NULL,
  expires_at     BIGINT        NOT NULL,
  retain_until   BIGINT        NOT NULL,
  used_at        BIGINT,
  family_id      VARCHAR(64),
  replayed_at    BIGINT
);
CREATE INDEX authorization_codes_retain ON authorization_codes (retain_until);
