-- 009: knowledge base, information filings, directories and duty rosters (issue #12; DOMAIN.md §10, §11, §13).

-- 资料库 (GB/T 44191: policies and regulations, service guides, FAQ), reviewed before publication.
CREATE TABLE knowledge_articles (
  id              uuid PRIMARY KEY,
  type            text NOT NULL CHECK (type IN ('policy','guide','faq')),
  title           text NOT NULL,
  body            text NOT NULL,
  category_code   text REFERENCES categories(code),
  owner_unit_id   uuid NOT NULL REFERENCES units(id),
  valid_from      date,
  valid_to        date,
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','review','published','expired')),
  version         int NOT NULL DEFAULT 1,
  search_tokens   tsvector,
  created_by      uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  submitted_at    timestamptz,
  reviewed_by     uuid REFERENCES users(id),
  reviewed_at     timestamptz,
  review_note     text,
  published_at    timestamptz,
  expired_at      timestamptz,
  use_count       int NOT NULL DEFAULT 0
);
CREATE INDEX knowledge_search_idx ON knowledge_articles USING gin (search_tokens);
CREATE INDEX knowledge_status_idx ON knowledge_articles (status, type);

-- An operator answered a case on the spot with an article (counted: S2 §4).
CREATE TABLE knowledge_uses (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  article_id  uuid NOT NULL REFERENCES knowledge_articles(id),
  case_id     uuid NOT NULL REFERENCES cases(id),
  user_id     uuid REFERENCES users(id),
  at          timestamptz NOT NULL,
  UNIQUE (article_id, case_id)
);

-- 信息报备 (S4 annex 4): what units file in advance, shown on the operators' bulletin board.
CREATE TABLE filings (
  id            uuid PRIMARY KEY,
  unit_id       uuid NOT NULL REFERENCES units(id),
  type          text NOT NULL,
  title         text NOT NULL,
  content       text NOT NULL,
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  area_unit_ids jsonb NOT NULL DEFAULT '[]'::jsonb,   -- districts / streets affected ([] with no polygon: the whole city)
  area_polygon  jsonb,                               -- or a GeoJSON Polygon / MultiPolygon
  late          boolean NOT NULL DEFAULT false,      -- a planned event filed less than 3 days ahead
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active','withdrawn')),
  search_tokens tsvector,
  filed_by      uuid REFERENCES users(id),
  filed_at      timestamptz NOT NULL,
  withdrawn_at  timestamptz,
  withdraw_note text
);
CREATE INDEX filings_period_idx ON filings (ends_at, starts_at) WHERE status = 'active';
CREATE INDEX filings_unit_idx ON filings (unit_id, filed_at DESC);
CREATE INDEX filings_search_idx ON filings USING gin (search_tokens);

-- 便民服务名录 (S0): emergency numbers and the centre's own numbers, edited by admins.
CREATE TABLE directory_entries (
  id          uuid PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('emergency','service','media')),
  name        text NOT NULL,
  phone       text NOT NULL,
  note        text,
  sort        int NOT NULL DEFAULT 0,
  active      boolean NOT NULL DEFAULT true
);

-- 领导接听 (S4 annex 2): planned sessions; cases taken in one are tagged with it.
CREATE TABLE leader_sessions (
  id           uuid PRIMARY KEY,
  leader_name  text NOT NULL,
  leader_title text NOT NULL,
  unit_id      uuid REFERENCES units(id),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  topic        text,
  published    boolean NOT NULL DEFAULT true,
  created_by   uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL
);
CREATE INDEX leader_sessions_time_idx ON leader_sessions (starts_at);

-- 社会联络员 and 走基层活动 (S4 annexes): their cases are tagged.
CREATE TABLE liaisons (
  id             uuid PRIMARY KEY,
  name           text NOT NULL,
  phone          text,
  area_unit_id   uuid REFERENCES units(id),
  organisation   text,
  appointed_on   date NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL
);
CREATE TABLE grassroots_activities (
  id          uuid PRIMARY KEY,
  title       text NOT NULL,
  place       text NOT NULL,
  held_on     date NOT NULL,
  unit_ids    jsonb NOT NULL DEFAULT '[]'::jsonb,   -- units that took part
  note        text,
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL
);
ALTER TABLE cases ADD COLUMN leader_session_id uuid REFERENCES leader_sessions(id);
ALTER TABLE cases ADD COLUMN liaison_id uuid REFERENCES liaisons(id);
ALTER TABLE cases ADD COLUMN activity_id uuid REFERENCES grassroots_activities(id);

-- 值班 (S1 §1: 24-hour duty): each unit's duty person and phone by date.
CREATE TABLE duty_rosters (
  unit_id     uuid NOT NULL REFERENCES units(id),
  day         date NOT NULL,
  person      text NOT NULL,
  phone       text NOT NULL,
  updated_by  uuid REFERENCES users(id),
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (unit_id, day)
);

-- A duty phone the centre called and nobody answered (S1 §3 (七)); it counts in the assessment.
CREATE TABLE duty_call_failures (
  id           uuid PRIMARY KEY,
  unit_id      uuid NOT NULL REFERENCES units(id),
  case_id      uuid REFERENCES cases(id),
  phone        text NOT NULL,
  called_at    timestamptz NOT NULL,
  note         text,
  recorded_by  uuid REFERENCES users(id),
  recorded_at  timestamptz NOT NULL
);
CREATE INDEX duty_call_failures_unit_idx ON duty_call_failures (unit_id, called_at);
