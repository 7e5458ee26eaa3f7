-- 001: the foundation — units, users, sessions, tokens, categories, cases and their history.
-- Runs unchanged on PostgreSQL 15+ and on PGlite.

CREATE TABLE units (
  id          uuid PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  type        text NOT NULL CHECK (type IN ('government','centre','district','street','department','enterprise','secondary_hotline','discipline','political_legal')),
  parent_id   uuid REFERENCES units(id),
  -- materialised ancestry including the unit itself: '/<root id>/…/<own id>/'
  path        text NOT NULL,
  phone       text,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_path_idx ON units (path text_pattern_ops);
CREATE INDEX units_parent_idx ON units (parent_id);

CREATE TABLE users (
  id             uuid PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('citizen','operator','dispatcher','supervisor','unit_handler','unit_leader','leader','admin','reporter')),
  unit_id        uuid NOT NULL REFERENCES units(id),
  phone          text,
  mobile         text,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_unit_idx ON users (unit_id);

CREATE TABLE sessions (
  token_hash    text PRIMARY KEY,          -- sha256 of the cookie value; the cookie itself is never stored
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY,
  name          text NOT NULL,
  token_hash    text NOT NULL UNIQUE,      -- sha256 of the token; shown once at creation
  prefix        text NOT NULL,             -- first characters, to recognise a token in lists
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_by    uuid REFERENCES users(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

CREATE TABLE categories (
  code        text PRIMARY KEY,            -- dotted: 'cjjs' → 'cjjs.wy' → 'cjjs.wy.fee'
  name        text NOT NULL,
  parent_code text REFERENCES categories(code),
  level       int NOT NULL CHECK (level BETWEEN 1 AND 3),
  sort        int NOT NULL DEFAULT 0,
  active      boolean NOT NULL DEFAULT true
);

-- YYYYMMDD + 6-digit daily sequence: one counter row per Asia/Shanghai day.
CREATE TABLE case_no_counters (
  day   date PRIMARY KEY,
  last  int NOT NULL
);

CREATE TABLE cases (
  id                uuid PRIMARY KEY,
  case_no           text NOT NULL UNIQUE,
  query_code        text NOT NULL,
  channel           text NOT NULL CHECK (channel IN ('phone','mailbox','sms','online','emergency','leader_line','media','grassroots','liaison')),
  source            text,                  -- sub-source: 'province', 'wechat', 'people_cn' …
  external_id       text,                  -- the source system's id (idempotent intake)
  kind              text NOT NULL CHECK (kind IN ('consultation','help','complaint','tip_off','suggestion','criticism','praise')),
  urgency           text NOT NULL CHECK (urgency IN ('normal','urgent','general_emergency','major_emergency','leader_instructed')),
  title             text NOT NULL,
  content           text NOT NULL,
  category_code     text REFERENCES categories(code),
  address           text,
  lng               double precision,
  lat               double precision,
  anonymous         boolean NOT NULL DEFAULT false,
  confidential      boolean NOT NULL DEFAULT false,
  citizen_name      text,
  citizen_phone     text,
  citizen_id_no     text,
  citizen_address   text,
  state             text NOT NULL CHECK (state IN ('registered','dispatched','returned','handling','pending_signoff','replied','pending_callback','dissatisfied','closed','archived')),
  version           int NOT NULL DEFAULT 1,
  lead_unit_id      uuid REFERENCES units(id),
  -- the current stage and its time limit
  stage             text,                  -- first_dispatch | redispatch | rework | consultation | extension | instruction
  stage_limit       text,                  -- '5wd', '15m' …
  stage_started_at  timestamptz,
  due_at            timestamptz,
  requires_signoff  boolean NOT NULL DEFAULT false,
  supervised        boolean NOT NULL DEFAULT false,
  extension_pending boolean NOT NULL DEFAULT false,
  rework_count      int NOT NULL DEFAULT 0,
  consecutive_reworks int NOT NULL DEFAULT 0,
  urge_count        int NOT NULL DEFAULT 0,
  satisfaction      text,
  final_reply       text,                  -- the approved reply, or the answer on the spot, shown to the citizen
  closing_note      text,                  -- explanation when closed without a satisfied callback
  registered_by     uuid REFERENCES users(id),
  registered_unit_id uuid REFERENCES units(id),
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  dispatched_at     timestamptz,
  accepted_at       timestamptz,
  replied_at        timestamptz,
  closed_at         timestamptz,
  archived_at       timestamptz
);
CREATE UNIQUE INDEX cases_external_idx ON cases (channel, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX cases_created_idx ON cases (created_at DESC, id DESC);
CREATE INDEX cases_state_idx ON cases (state, created_at DESC);
CREATE INDEX cases_lead_idx ON cases (lead_unit_id, state);
CREATE INDEX cases_due_idx ON cases (due_at) WHERE state IN ('dispatched','handling','pending_signoff');
CREATE INDEX cases_phone_idx ON cases (citizen_phone) WHERE citizen_phone IS NOT NULL;

-- Lead (主办) and co-handling (协办) units of a case. A re-dispatch deactivates the old rows.
CREATE TABLE case_units (
  case_id        uuid NOT NULL REFERENCES cases(id),
  unit_id        uuid NOT NULL REFERENCES units(id),
  role           text NOT NULL CHECK (role IN ('lead','co')),
  active         boolean NOT NULL DEFAULT true,
  dispatched_at  timestamptz NOT NULL,
  accepted_at    timestamptz,
  PRIMARY KEY (case_id, unit_id)
);
CREATE INDEX case_units_unit_idx ON case_units (unit_id) WHERE active;

-- The history: one row per step, never updated or deleted. seq = the case's version after the step.
CREATE TABLE case_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id        uuid NOT NULL REFERENCES cases(id),
  seq            int NOT NULL,
  action         text NOT NULL,
  from_state     text,
  to_state       text NOT NULL,
  actor_id       uuid REFERENCES users(id),
  actor_role     text,
  actor_unit_id  uuid REFERENCES units(id),
  at             timestamptz NOT NULL,
  payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (case_id, seq)
);

CREATE FUNCTION huiyin_history_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case history is append-only (% on case_events)', TG_OP;
END $$;
CREATE TRIGGER case_events_immutable BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION huiyin_history_is_immutable();

CREATE TABLE attachments (
  id           uuid PRIMARY KEY,
  case_id      uuid REFERENCES cases(id),
  filename     text NOT NULL,
  mime         text NOT NULL,
  size         int NOT NULL,
  sha256       text NOT NULL,
  data         bytea NOT NULL,            -- in the database so stateless instances share it
  uploaded_by  uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_case_idx ON attachments (case_id);

CREATE TABLE case_replies (
  id                uuid PRIMARY KEY,
  case_id           uuid NOT NULL REFERENCES cases(id),
  unit_id           uuid NOT NULL REFERENCES units(id),
  kind              text NOT NULL CHECK (kind IN ('reply','co_reply')),
  content           text NOT NULL,
  attachment_ids    jsonb NOT NULL DEFAULT '[]'::jsonb,
  contacted_at      timestamptz,           -- when the unit contacted the citizen
  citizen_attitude  text,                  -- what the citizen said of the result
  author_id         uuid NOT NULL REFERENCES users(id),
  created_at        timestamptz NOT NULL,
  status            text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','signed_off','sign_off_refused','approved','reworked')),
  signed_off_by     uuid REFERENCES users(id),
  signed_off_at     timestamptz,
  review_note       text
);
CREATE INDEX case_replies_case_idx ON case_replies (case_id, created_at);

CREATE TABLE callbacks (
  id            uuid PRIMARY KEY,
  case_id       uuid NOT NULL REFERENCES cases(id),
  type          text NOT NULL CHECK (type IN ('process','result','look_back')),
  method        text NOT NULL DEFAULT 'phone',
  reached       boolean NOT NULL,
  contacted     boolean,
  satisfaction  text CHECK (satisfaction IN ('very_satisfied','satisfied','basically_satisfied','dissatisfied','very_dissatisfied')),
  resolved      boolean,
  comment       text,
  actor_id      uuid REFERENCES users(id),
  at            timestamptz NOT NULL
);
CREATE INDEX callbacks_case_idx ON callbacks (case_id, at);

CREATE TABLE extension_requests (
  id              uuid PRIMARY KEY,
  case_id         uuid NOT NULL REFERENCES cases(id),
  unit_id         uuid NOT NULL REFERENCES units(id),
  requested_by    uuid NOT NULL REFERENCES users(id),
  requested_at    timestamptz NOT NULL,
  reason          text NOT NULL,
  requested_limit text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
  decided_by      uuid REFERENCES users(id),
  decided_at      timestamptz,
  decision_note   text,
  old_due_at      timestamptz,
  new_due_at      timestamptz
);
CREATE INDEX extension_requests_case_idx ON extension_requests (case_id);

-- Every view of unmasked personal data (DOMAIN.md §4).
CREATE TABLE personal_data_access_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users(id),
  case_id    uuid NOT NULL REFERENCES cases(id),
  fields     text NOT NULL,
  purpose    text NOT NULL,
  ip         text,
  at         timestamptz NOT NULL
);
CREATE INDEX personal_data_access_user_idx ON personal_data_access_log (user_id, at);
CREATE INDEX personal_data_access_case_idx ON personal_data_access_log (case_id, at);

-- DOMAIN.md §6: time limits are data, not code.
CREATE TABLE time_limit_rules (
  id             uuid PRIMARY KEY,
  name           text NOT NULL,
  stage          text NOT NULL,
  kind           text,
  channel        text,
  urgency        text,
  category_code  text,
  limit_text     text NOT NULL,
  max_extension  text,
  priority       int NOT NULL DEFAULT 0,
  active         boolean NOT NULL DEFAULT true,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- The official calendar's local corrections (a day off, or a make-up working day).
CREATE TABLE calendar_overrides (
  day         date PRIMARY KEY,
  workday     boolean NOT NULL,
  note        text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE settings (
  key    text PRIMARY KEY,
  value  jsonb NOT NULL
);
