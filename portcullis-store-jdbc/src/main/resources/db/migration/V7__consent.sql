-- Consent for third-party clients (issue 10). Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
--
-- A client registered before this migration was registered by an administrator and treated as
-- first-party (no consent page): it stays so. A new registration is first-party unless it says
-- "first_party": false.
ALTER TABLE clients ADD COLUMN first_party BOOLEAN NOT NULL DEFAULT TRUE;

-- What each user allowed each third-party client on the consent page: one row per scope, plus one
-- with the empty scope for the Allow itself. Deleting the user or the client deletes them.
CREATE TABLE consents (
  user_id    VARCHAR(64)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  client_id  VARCHAR(64)  NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  scope      VARCHAR(200) NOT NULL,
  granted_at BIGINT       NOT NULL,
  PRIMARY KEY (user_id, client_id, scope)
);
