-- 015: a unit's queue in time proportional to its open cases, not to its whole history
-- (issue #10 §3, BENCHMARKS.md "Queries").
--
-- A unit's handler opens the desk with "my open cases". Visibility is decided by case_units
-- (cases.repo.ts, visibleTo), whose rows stay active after a case closes, so a busy street's
-- check walked hundreds of thousands of rows of closed cases. `case_open` mirrors "the case is
-- not closed or archived" on each case_units row, kept by a trigger on cases.state, and a partial
-- index holds only the open rows.

ALTER TABLE case_units ADD COLUMN case_open boolean NOT NULL DEFAULT true;
UPDATE case_units cu SET case_open = false FROM cases c WHERE c.id = cu.case_id AND c.state IN ('closed', 'archived');

CREATE FUNCTION case_units_follow_case_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.state IN ('closed', 'archived')) IS DISTINCT FROM (NEW.state IN ('closed', 'archived')) THEN
    UPDATE case_units SET case_open = NEW.state NOT IN ('closed', 'archived') WHERE case_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER cases_state_to_case_units AFTER UPDATE OF state ON cases
  FOR EACH ROW EXECUTE FUNCTION case_units_follow_case_state();

-- a row added to a case that is already finished (rare: corrections) starts closed
CREATE FUNCTION case_units_open_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.state NOT IN ('closed', 'archived') INTO NEW.case_open FROM cases c WHERE c.id = NEW.case_id;
  NEW.case_open := coalesce(NEW.case_open, true);
  RETURN NEW;
END $$;

CREATE TRIGGER case_units_open_before_insert BEFORE INSERT ON case_units
  FOR EACH ROW EXECUTE FUNCTION case_units_open_on_insert();

CREATE INDEX case_units_open_idx ON case_units (unit_id, case_id) INCLUDE (region_id) WHERE active AND case_open;

-- the whole history of a unit, read from the index alone (the region key is checked with it)
DROP INDEX case_units_unit_case_idx;
CREATE INDEX case_units_unit_case_idx ON case_units (unit_id, case_id) INCLUDE (region_id) WHERE active;

-- cases a unit registered itself (走基层, 社会联络员) that are still open
CREATE INDEX cases_registered_open_idx ON cases (registered_unit_id)
  WHERE state NOT IN ('closed', 'archived');
