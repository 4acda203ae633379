-- Credential epoch: every browser session and refresh family records the account's token_version
-- as of the password check that created it. Password change and forced logout bump the account's
-- token_version; a session or family whose token_version differs is ended at its next use. This
-- also catches a login that checked the old password before the change and stored its session or
-- family after the change had revoked everything.
--
-- Rows that exist before this migration get 0. That keeps every session and family of an account
-- never bumped valid (its token_version is 0), and ends at their next use the pre-existing ones of
-- accounts that were bumped at least once. Stamping them with the account's current version
-- instead would keep them all, but would also keep, for up to their 30-day lifetime, the very
-- credentials this change exists to end: ones created by a login in flight across a password change
-- or forced logout, which cannot be told apart from legitimate later logins. Ending them costs the
-- users concerned one login; keeping them could keep an attacker in.
--
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

ALTER TABLE sessions ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE refresh_families ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
