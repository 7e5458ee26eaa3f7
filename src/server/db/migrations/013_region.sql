-- The region key (issue #10 §4, docs/scale-out.md): the column a distributed PostgreSQL (Citus)
-- would shard cases by, with their hot child rows co-located on the same key.
--
-- cases.district_id (007) is not fit for it: it is filled later for a case placed nowhere at
-- registration (run-step.ts takes the lead unit's district), and a distribution key never changes.
-- region_id is fixed when the case is inserted: its district at registration, else the root of the
-- registering unit's tree (the city: 市级, for cases placed nowhere), and never changes after.
-- Triggers fill it, so every path that inserts a case or a child row (registration by every intake
-- channel, import, transfer, steps, timers, demo seeding) sets it without passing it.

ALTER TABLE cases ADD COLUMN region_id uuid REFERENCES units(id);
ALTER TABLE case_units ADD COLUMN region_id uuid;
ALTER TABLE case_events ADD COLUMN region_id uuid;

UPDATE cases c SET region_id = COALESCE(
  c.district_id,
  (SELECT split_part(u.path, '/', 2)::uuid FROM units u WHERE u.id = c.registered_unit_id),
  (SELECT r.id FROM units r WHERE r.parent_id IS NULL ORDER BY r.created_at LIMIT 1));
UPDATE case_units cu SET region_id = c.region_id FROM cases c WHERE c.id = cu.case_id;
UPDATE case_events e SET region_id = c.region_id FROM cases c WHERE c.id = e.case_id;

CREATE FUNCTION cases_fill_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.region_id IS NULL THEN
    NEW.region_id := COALESCE(
      NEW.district_id,
      (SELECT split_part(u.path, '/', 2)::uuid FROM units u WHERE u.id = NEW.registered_unit_id),
      (SELECT r.id FROM units r WHERE r.parent_id IS NULL ORDER BY r.created_at LIMIT 1));
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION cases_keep_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.region_id IS DISTINCT FROM OLD.region_id THEN
    RAISE EXCEPTION 'cases.region_id never changes (it is the distribution key)';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION case_child_fill_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.region_id IS NULL THEN
    SELECT c.region_id INTO NEW.region_id FROM cases c WHERE c.id = NEW.case_id;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER cases_region BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION cases_fill_region();
CREATE TRIGGER cases_region_fixed BEFORE UPDATE OF region_id ON cases FOR EACH ROW EXECUTE FUNCTION cases_keep_region();
CREATE TRIGGER case_units_region BEFORE INSERT ON case_units FOR EACH ROW EXECUTE FUNCTION case_child_fill_region();
CREATE TRIGGER case_events_region BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION case_child_fill_region();

-- NOT NULL is checked after the BEFORE triggers have filled the column
ALTER TABLE cases ALTER COLUMN region_id SET NOT NULL;
ALTER TABLE case_units ALTER COLUMN region_id SET NOT NULL;
ALTER TABLE case_events ALTER COLUMN region_id SET NOT NULL;
