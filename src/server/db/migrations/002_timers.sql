-- 002: the time-limit engine's persisted timers (issue #3) and what they produce.

-- Deadline warning and overdue are sweeps over the cases themselves: each stage sets warn_at and
-- due_at and clears warned_at / overdue_at; a sweep marks each case once per stage.
ALTER TABLE cases ADD COLUMN warn_at timestamptz;
ALTER TABLE cases ADD COLUMN warned_at timestamptz;
ALTER TABLE cases ADD COLUMN overdue_at timestamptz;
CREATE INDEX cases_warn_sweep_idx ON cases (warn_at)
  WHERE warned_at IS NULL AND state IN ('dispatched','handling','pending_signoff');
CREATE INDEX cases_overdue_sweep_idx ON cases (due_at)
  WHERE overdue_at IS NULL AND state IN ('dispatched','handling','pending_signoff');

-- Other timers: one row each, fired exactly once (fired_at set in the transaction that acts).
CREATE TABLE timers (
  id          uuid PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES cases(id),
  kind        text NOT NULL CHECK (kind IN ('process_callback','look_back','escalation')),
  due_at      timestamptz NOT NULL,
  dedupe_key  text NOT NULL UNIQUE,
  payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL,
  fired_at    timestamptz,
  outcome     text
);
CREATE INDEX timers_due_idx ON timers (due_at) WHERE fired_at IS NULL;
CREATE INDEX timers_case_idx ON timers (case_id);

-- An overdue stage counts against the unit that held the case (DOMAIN.md §9).
CREATE TABLE overdue_records (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES cases(id),
  unit_id     uuid REFERENCES units(id),
  stage       text,
  due_at      timestamptz NOT NULL,
  overdue_at  timestamptz NOT NULL,
  UNIQUE (case_id, due_at)
);
CREATE INDEX overdue_records_unit_idx ON overdue_records (unit_id, overdue_at);

-- Messages to a unit's users inside the platform (deadline warnings, overdue, urges).
CREATE TABLE notifications (
  id          uuid PRIMARY KEY,
  unit_id     uuid NOT NULL REFERENCES units(id),
  case_id     uuid REFERENCES cases(id),
  kind        text NOT NULL,
  message     text NOT NULL,
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
);
CREATE INDEX notifications_unit_idx ON notifications (unit_id, created_at DESC);

-- Callback work for operators and supervisors (DOMAIN.md §8).
CREATE TABLE callback_tasks (
  id          uuid PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES cases(id),
  type        text NOT NULL CHECK (type IN ('process','result','look_back')),
  created_at  timestamptz NOT NULL,
  due_at      timestamptz,
  done_at     timestamptz,
  done_by     uuid REFERENCES users(id),
  timer_id    uuid REFERENCES timers(id)
);
CREATE INDEX callback_tasks_open_idx ON callback_tasks (type, created_at) WHERE done_at IS NULL;

-- 承诺事项: what a unit promised in its reply, followed up weekly until kept (S4 §2.6).
CREATE TABLE promises (
  id          uuid PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES cases(id),
  reply_id    uuid REFERENCES case_replies(id),
  unit_id     uuid NOT NULL REFERENCES units(id),
  what        text NOT NULL,
  due_date    date,
  created_at  timestamptz NOT NULL,
  done_at     timestamptz,
  done_note   text
);
CREATE INDEX promises_case_idx ON promises (case_id);
