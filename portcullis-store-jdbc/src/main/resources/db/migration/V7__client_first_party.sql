-- Consent for third-party clients (issue 10). Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
--
-- A client registered before this migration was registered by an administrator and treated as
-- first-party (no consent page): it stays so. A new registration is first-party unless it says
-- "first_party": false.
ALTER TABLE clients ADD COLUMN first_party BOOLEAN NOT NULL DEFAULT TRUE;
