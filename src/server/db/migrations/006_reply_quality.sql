-- 006: reply quality, callbacks by channel, promises, supervision orders, criticism entries and
-- special reports (issue #7; DOMAIN.md §5, §7, §8, §9).

-- The perfunctory-phrase list admins edit (DOMAIN.md §7). 'block' refuses a reply, 'warn' only tells the reviewer.
CREATE TABLE reply_phrases (
  id          uuid PRIMARY KEY,
  phrase      text NOT NULL UNIQUE,
  level       text NOT NULL DEFAULT 'block' CHECK (level IN ('block','warn')),
  note        text,
  active      boolean NOT NULL DEFAULT true,
  updated_at  timestamptz NOT NULL
);

-- The dispatcher asked for an on-site check: the reply must carry photos (S4 §2.2).
ALTER TABLE cases ADD COLUMN site_check boolean NOT NULL DEFAULT false;
-- Supervision and key-item orders not yet answered by the unit.
ALTER TABLE cases ADD COLUMN open_orders int NOT NULL DEFAULT 0;

-- What the checks found when the reply was submitted, for the reviewer.
ALTER TABLE case_replies ADD COLUMN checks jsonb NOT NULL DEFAULT '[]'::jsonb;

-- Result callbacks are tasks too: 'phone' for an operator, 'link' while an SMS/online citizen may rate on the portal.
ALTER TABLE callback_tasks ADD COLUMN method text NOT NULL DEFAULT 'phone' CHECK (method IN ('phone','link'));

ALTER TABLE timers DROP CONSTRAINT timers_kind_check;
ALTER TABLE timers ADD CONSTRAINT timers_kind_check
  CHECK (kind IN ('process_callback','look_back','escalation','promise_reminder','evaluation_fallback','order_due'));

ALTER TABLE promises ADD COLUMN reminded_at timestamptz;
CREATE INDEX promises_open_idx ON promises (unit_id, due_date) WHERE done_at IS NULL;

-- 督办单 and 重点事项交办单: their own number, deadline and a required written response.
CREATE TABLE supervision_orders (
  id            uuid PRIMARY KEY,
  order_no      text NOT NULL UNIQUE,
  kind          text NOT NULL CHECK (kind IN ('supervision','key_item')),
  case_id       uuid NOT NULL REFERENCES cases(id),
  unit_id       uuid NOT NULL REFERENCES units(id),
  requirement   text NOT NULL,
  due_at        timestamptz NOT NULL,
  issued_by     uuid REFERENCES users(id),
  issued_at     timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open','responded','closed')),
  response      text,
  responded_by  uuid REFERENCES users(id),
  responded_at  timestamptz,
  closed_by     uuid REFERENCES users(id),
  closed_at     timestamptz,
  close_note    text,
  overdue_at    timestamptz
);
CREATE INDEX supervision_orders_case_idx ON supervision_orders (case_id);
CREATE INDEX supervision_orders_unit_idx ON supervision_orders (unit_id, status);

-- Numbers of orders and special reports: one counter per kind and year.
CREATE TABLE document_counters (
  kind  text NOT NULL,
  year  int NOT NULL,
  last  int NOT NULL,
  PRIMARY KEY (kind, year)
);

-- 通报批评 entries (DOMAIN.md §9, S1 §3): the quarterly criticism notice is drawn from them.
CREATE TABLE criticism_entries (
  id           uuid PRIMARY KEY,
  unit_id      uuid NOT NULL REFERENCES units(id),
  case_id      uuid REFERENCES cases(id),
  reason       text NOT NULL CHECK (reason IN ('consecutive_rework','missing_written_feedback','overdue_unexplained','contradicts_reality','repeated_complaints','duty_phone_unanswered')),
  detail       text NOT NULL,
  source       text NOT NULL CHECK (source IN ('auto','manual')),
  quarter      text NOT NULL,            -- '2026Q4', Asia/Shanghai
  created_by   uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  revoked_by   uuid REFERENCES users(id),
  revoke_note  text
);
CREATE INDEX criticism_entries_quarter_idx ON criticism_entries (quarter, unit_id);
CREATE UNIQUE INDEX criticism_entries_once_idx ON criticism_entries (case_id, reason, quarter) WHERE case_id IS NOT NULL AND source = 'auto';

-- 专报: cases compiled for leaders; the cases are copied in when the report is made, so it does not change afterwards.
CREATE TABLE special_reports (
  id            uuid PRIMARY KEY,
  report_no     text NOT NULL UNIQUE,
  title         text NOT NULL,
  summary       text NOT NULL,
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted')),
  cases         jsonb NOT NULL,          -- the case summaries as compiled
  created_by    uuid NOT NULL REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  submitted_by  uuid REFERENCES users(id),
  submitted_at  timestamptz
);
CREATE TABLE special_report_cases (
  report_id  uuid NOT NULL REFERENCES special_reports(id),
  case_id    uuid NOT NULL REFERENCES cases(id),
  position   int NOT NULL,
  PRIMARY KEY (report_id, case_id)
);
CREATE INDEX special_report_cases_case_idx ON special_report_cases (case_id);

-- Cases already awaiting their result callback get the phone task the queue now lists.
INSERT INTO callback_tasks (id, case_id, type, method, created_at, due_at)
SELECT gen_random_uuid(), c.id, 'result', 'phone', c.updated_at, NULL FROM cases c
WHERE c.state = 'pending_callback'
  AND NOT EXISTS (SELECT 1 FROM callback_tasks t WHERE t.case_id = c.id AND t.type = 'result' AND t.done_at IS NULL);
