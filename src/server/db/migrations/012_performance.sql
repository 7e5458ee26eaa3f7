-- 012: what tens of millions of cases need (issue #10 §3; BENCHMARKS.md, "Queries").

-- A unit's user sees the cases where the unit (or one below it) is an active lead or co-unit
-- (cases.repo.ts, visibleTo). The check reads the unit's case ids from this index alone (an
-- index-only scan) instead of visiting each case_units row of the unit's whole history in the heap.
CREATE INDEX case_units_unit_case_idx ON case_units (unit_id, case_id) WHERE active;
DROP INDEX case_units_unit_idx;

-- JIT compilation costs 100–250 ms a query on PostgreSQL and pays off only for long analytical
-- scans; the list, queue and search queries are short. Off for this database's new sessions
-- (a no-op where the setting or the privilege is missing, e.g. PGlite).
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN OTHERS THEN
  NULL;
END $$;
