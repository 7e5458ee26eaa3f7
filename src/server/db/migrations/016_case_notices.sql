-- 016: real-time notices leave the step's transaction as a row, not as a NOTIFY (issue #10 §2, §4).
--
-- A transaction that sends NOTIFY holds a database-wide lock from its pre-commit to the end of
-- its commit, so such commits cannot share a WAL flush: with pg_notify inside every step,
-- registration could not pass ~30 % of the plain write ceiling (BENCHMARKS.md, "Intake"). A step
-- now inserts its notice here (committed, or rolled back, with the step) and each instance's
-- publisher moves the rows to NOTIFY in batches: one notifying commit per batch.
CREATE TABLE case_notices (
  id      bigserial PRIMARY KEY,
  payload text NOT NULL
);
