-- 017: a unit's queue sorted in the index (issue #10 §3, BENCHMARKS.md "Queries").
--
-- 015 made the queue read only the unit's open cases, but it still fetched every one of them to
-- sort them newest first: a district bureau whose streets hold 30,000 open cases read 30,000 cases
-- for a page of 200. Each case_units row now carries its case's registration time (immutable), and
-- the open rows are indexed by unit and that time, so the newest ids of a unit's desk come from the
-- index alone and only a page's worth of cases is read (cases.repo.ts, listCases).

ALTER TABLE case_units ADD COLUMN case_created_at timestamptz;
-- only the open rows are read through the index; a finished case's rows get the time if it reopens
UPDATE case_units cu SET case_created_at = c.created_at FROM cases c WHERE c.id = cu.case_id AND cu.active AND cu.case_open;

CREATE OR REPLACE FUNCTION case_units_open_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.state NOT IN ('closed', 'archived'), c.created_at INTO NEW.case_open, NEW.case_created_at FROM cases c WHERE c.id = NEW.case_id;
  NEW.case_open := coalesce(NEW.case_open, true);
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION case_units_follow_case_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.state IN ('closed', 'archived')) IS DISTINCT FROM (NEW.state IN ('closed', 'archived')) THEN
    UPDATE case_units SET case_open = NEW.state NOT IN ('closed', 'archived'), case_created_at = NEW.created_at WHERE case_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;

DROP INDEX case_units_open_idx;
CREATE INDEX case_units_open_idx ON case_units (unit_id, case_created_at DESC, case_id DESC) WHERE active AND case_open;
