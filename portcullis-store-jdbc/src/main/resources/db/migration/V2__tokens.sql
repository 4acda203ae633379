-- OAuth clients, signing keys, refresh-token families and the access-token deny list.
-- Instants are epoch milliseconds (BIGINT) so that H2 (MODE=PostgreSQL) and PostgreSQL agree
-- exactly; secrets appear only as SHA-256 hashes (base64url, 43 characters).

CREATE TABLE clients (
  id          VARCHAR(64)   PRIMARY KEY,
  name        VARCHAR(200)  NOT NULL,
  type        VARCHAR(32)   NOT NULL,
  secret_hash VARCHAR(64),
  audience    VARCHAR(512),
  scopes      VARCHAR(4200) NOT NULL,
  created_at  BIGINT        NOT NULL
);

-- private_key is the private JWK sealed with AES-256-GCM ("aesgcm:…") unless the server runs
-- without PORTCULLIS_KEY_ENCRYPTION_KEY ("plain:…").
CREATE TABLE signing_keys (
  kid           VARCHAR(64)    PRIMARY KEY,
  alg           VARCHAR(16)    NOT NULL,
  public_jwk    VARCHAR(4000)  NOT NULL,
  private_key   VARCHAR(12000) NOT NULL,
  created_at    BIGINT         NOT NULL,
  retired_at    BIGINT,
  publish_until BIGINT
);

-- One row per login; the current token's hash is unique so a lookup by hash is one index probe.
-- Deleting a client or an account ends every login made through it or by it.
CREATE TABLE refresh_families (
  id                  VARCHAR(64)   PRIMARY KEY,
  user_id             VARCHAR(64)   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  client_id           VARCHAR(64)   NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  scopes              VARCHAR(4200) NOT NULL,
  current_hash        VARCHAR(64)   NOT NULL UNIQUE,
  previous_hash       VARCHAR(64),
  rotated_at          BIGINT,
  grace_ciphertext    VARCHAR(12000),
  created_at          BIGINT        NOT NULL,
  last_used_at        BIGINT        NOT NULL,
  expires_at          BIGINT        NOT NULL,
  absolute_expires_at BIGINT        NOT NULL,
  user_agent          VARCHAR(512),
  ip                  VARCHAR(64)
);
CREATE INDEX refresh_families_user ON refresh_families (user_id);
CREATE INDEX refresh_families_expires ON refresh_families (expires_at);

-- Every hash rotated out, so that presenting it again is recognised as reuse.
CREATE TABLE refresh_token_history (
  token_hash VARCHAR(64) PRIMARY KEY,
  family_id  VARCHAR(64) NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
  used_at    BIGINT      NOT NULL
);
CREATE INDEX refresh_token_history_family ON refresh_token_history (family_id);

CREATE TABLE access_token_denylist (
  jti        VARCHAR(64) PRIMARY KEY,
  expires_at BIGINT      NOT NULL
);
CREATE INDEX access_token_denylist_expires ON access_token_denylist (expires_at);
