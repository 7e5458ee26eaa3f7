-- 003: every intake channel and every message out (issue #4).

-- When the citizen's request reached the platform, and when the centre first acted on it
-- (GB/T 33358: SMS and online within 3 minutes, mailbox within 24 hours).
ALTER TABLE cases ADD COLUMN received_at timestamptz;
ALTER TABLE cases ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE cases ADD COLUMN call_id text;
ALTER TABLE cases ADD COLUMN recording_url text;
-- jieba tokens of title, content and address (space-joined, 'simple' configuration): similar cases
ALTER TABLE cases ADD COLUMN search_tokens tsvector;
CREATE INDEX cases_search_idx ON cases USING gin (search_tokens);
CREATE INDEX cases_received_idx ON cases (channel, received_at);

-- Messages to citizens and units, sent by the outbox worker with retries and backoff.
CREATE TABLE outbox (
  id               uuid PRIMARY KEY,
  channel          text NOT NULL CHECK (channel IN ('sms','email')),
  recipient        text NOT NULL,
  subject          text,
  body             text NOT NULL,
  case_id          uuid REFERENCES cases(id),
  purpose          text NOT NULL,
  dedupe_key       text UNIQUE,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','sent','failed')),
  attempts         int NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  lease_until      timestamptz,
  last_error       text,
  sender           text,
  provider_id      text,
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_lease_idx ON outbox (lease_until) WHERE status = 'sending';
CREATE INDEX outbox_case_idx ON outbox (case_id);

-- Inbound messages from gateways and other platforms, kept once per source and message id:
-- a retried delivery finds its first result here.
CREATE TABLE inbound_messages (
  id           uuid PRIMARY KEY,
  source       text NOT NULL,
  external_id  text NOT NULL,
  received_at  timestamptz NOT NULL,
  payload      jsonb NOT NULL,
  case_id      uuid REFERENCES cases(id),
  UNIQUE (source, external_id)
);

-- The parts of a long SMS until all have arrived.
CREATE TABLE sms_parts (
  sender      text NOT NULL,
  ref         text NOT NULL,
  part        int NOT NULL,
  total       int NOT NULL,
  text        text NOT NULL,
  message_id  text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (sender, ref, part)
);

-- Calls announced by the CTI (phone system).
CREATE TABLE calls (
  id             uuid PRIMARY KEY,
  call_id        text NOT NULL UNIQUE,
  caller         text NOT NULL,
  callee         text,
  recording_url  text,
  started_at     timestamptz NOT NULL,
  received_at    timestamptz NOT NULL,
  case_id        uuid REFERENCES cases(id)
);
CREATE INDEX calls_caller_idx ON calls (caller, started_at DESC);

-- CAPTCHAs of the public mailbox form, shared by every instance.
CREATE TABLE captchas (
  id           uuid PRIMARY KEY,
  answer_hash  text NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz
);

-- Batch imports from Excel / CSV, with their progress and every bad row.
CREATE TABLE import_jobs (
  id           uuid PRIMARY KEY,
  filename     text NOT NULL,
  status       text NOT NULL CHECK (status IN ('parsing','importing','done','failed')),
  total        int NOT NULL DEFAULT 0,
  processed    int NOT NULL DEFAULT 0,
  created      int NOT NULL DEFAULT 0,
  duplicates   int NOT NULL DEFAULT 0,
  errors       jsonb NOT NULL DEFAULT '[]'::jsonb,
  failure      text,
  created_by   uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL,
  finished_at  timestamptz
);
