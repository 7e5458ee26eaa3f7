-- 004: dispatch, routing and duplicate requests (issue #5).

-- 属地: the territory of a district or street, as GeoJSON (Polygon / MultiPolygon, WGS 84).
CREATE TABLE regions (
  unit_id     uuid PRIMARY KEY REFERENCES units(id),
  name        text NOT NULL,
  aliases     jsonb NOT NULL DEFAULT '[]'::jsonb,   -- other names found in addresses: 滨江街道, 滨江
  geometry    jsonb NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- 权责清单: each unit's list of duties, tied to categories.
CREATE TABLE unit_duties (
  id             uuid PRIMARY KEY,
  unit_id        uuid NOT NULL REFERENCES units(id),
  item           text NOT NULL,                 -- 职责事项
  category_code  text REFERENCES categories(code),
  keywords       jsonb NOT NULL DEFAULT '[]'::jsonb,
  basis          text,                          -- 依据 (law, regulation, 三定方案)
  created_at     timestamptz NOT NULL,
  UNIQUE (unit_id, item)
);
CREATE INDEX unit_duties_category_idx ON unit_duties (category_code);

-- 派单目录: category × region → lead unit (+ co-units). A null region means anywhere; a
-- territorial row sends the case to the street (or district) the case lies in.
CREATE TABLE dispatch_catalogue (
  id              uuid PRIMARY KEY,
  category_code   text NOT NULL REFERENCES categories(code),
  region_unit_id  uuid REFERENCES units(id),
  territorial     boolean NOT NULL DEFAULT false,
  lead_unit_id    uuid REFERENCES units(id),
  co_unit_ids     jsonb NOT NULL DEFAULT '[]'::jsonb,
  note            text,
  updated_at      timestamptz NOT NULL,
  CHECK (territorial OR lead_unit_id IS NOT NULL)
);
CREATE UNIQUE INDEX dispatch_catalogue_key ON dispatch_catalogue (category_code, COALESCE(region_unit_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- The staff registry of DOMAIN.md §2 (S4 annex 1): four duties per unit.
CREATE TABLE unit_staff (
  id            uuid PRIMARY KEY,
  unit_id       uuid NOT NULL REFERENCES units(id),
  duty          text NOT NULL CHECK (duty IN ('principal','leader_in_charge','office_director','liaison')),
  name          text NOT NULL,
  title         text,
  office_phone  text,
  mobile        text,
  updated_at    timestamptz NOT NULL,
  UNIQUE (unit_id, duty, name)
);

-- Learnt routing suggestions (category and unit), retrained on demand and nightly.
CREATE TABLE routing_models (
  kind        text PRIMARY KEY CHECK (kind IN ('category','unit')),
  model       jsonb NOT NULL,
  docs        int NOT NULL,
  metrics     jsonb NOT NULL DEFAULT '{}'::jsonb,
  trained_at  timestamptz NOT NULL
);

-- Where a case lies, once resolved from its coordinates or address.
ALTER TABLE cases ADD COLUMN region_unit_id uuid REFERENCES units(id);
CREATE INDEX cases_region_idx ON cases (region_unit_id, created_at);
-- 重复件: a repeat of an earlier case, linked to it.
ALTER TABLE cases ADD COLUMN repeat_of uuid REFERENCES cases(id);
-- Merged: a case folded into another; its citizen becomes a co-requester of the other.
ALTER TABLE cases ADD COLUMN merged_into uuid REFERENCES cases(id);

CREATE TABLE case_corequesters (
  case_id         uuid NOT NULL REFERENCES cases(id),
  from_case_id    uuid NOT NULL REFERENCES cases(id),
  name            text,
  phone           text,
  added_at        timestamptz NOT NULL,
  PRIMARY KEY (case_id, from_case_id)
);

-- 集中诉求: many citizens, the same issue, the same area, within 48 hours.
CREATE TABLE alerts (
  id               uuid PRIMARY KEY,
  kind             text NOT NULL,
  dedupe_key       text NOT NULL UNIQUE,
  region_unit_id   uuid REFERENCES units(id),
  category_code    text,
  title            text NOT NULL,
  case_ids         jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  acknowledged_at  timestamptz,
  acknowledged_by  uuid REFERENCES users(id)
);
