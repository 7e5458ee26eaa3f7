-- 010: login lockout (issue #9 §3): failures in a row, and until when the account is locked.
ALTER TABLE users ADD COLUMN failed_logins int NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until timestamptz;
