-- 011: personal data on request and by retention (issue #9 §2; docs/privacy.md).

-- When the citizen's personal data on the case was anonymised (erasure on request or retention).
-- The case keeps everything the statistics count; only who the citizen was is gone.
ALTER TABLE cases ADD COLUMN anonymised_at timestamptz;
-- The retention job walks the archived cases oldest first, skipping those already done.
CREATE INDEX cases_retention_idx ON cases (archived_at) WHERE state = 'archived' AND anonymised_at IS NULL;
-- A citizen is found by phone (cases_phone_idx) or by ID number.
CREATE INDEX cases_id_no_idx ON cases (citizen_id_no) WHERE citizen_id_no IS NOT NULL;

-- Every export and erasure of a citizen's data, and every retention run: who, when, on which
-- request, which cases. The citizen is named only masked (138****8000), so that the record of an
-- erasure does not keep what was erased.
CREATE TABLE privacy_audit (
  id          uuid PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('export','erasure','retention')),
  reference   text,                                  -- the request's reference (letter, form no.); none for the retention job
  subject     text,                                  -- the citizen, masked; none for retention
  case_nos    jsonb NOT NULL DEFAULT '[]'::jsonb,    -- the cases concerned (retention: the count only)
  cases       int NOT NULL DEFAULT 0,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_id    uuid REFERENCES users(id),             -- none: the daily retention job
  at          timestamptz NOT NULL
);
CREATE INDEX privacy_audit_kind_idx ON privacy_audit (kind, at DESC);
