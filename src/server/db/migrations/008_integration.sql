-- 008: the integration API (issue #11): token scopes, webhooks, transfers between platforms.

-- What a token may call (core/scopes.ts); tokens made before keep everything their user may do.
ALTER TABLE api_tokens ADD COLUMN scopes jsonb NOT NULL DEFAULT '["*"]'::jsonb;

-- Webhooks (issue #11 §2): external systems subscribe to case events; each delivery is an outbox
-- row of channel 'http', signed with the subscription's secret, retried with backoff.
CREATE TABLE webhooks (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  url         text NOT NULL,
  secret      text NOT NULL,
  events      jsonb NOT NULL DEFAULT '["*"]'::jsonb,   -- history actions ('dispatch', 'reply' …) or '*'
  active      boolean NOT NULL DEFAULT true,
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL
);

-- Other platforms (another Huiyin, a secondary hotline) cases are transferred to and come from
-- (issue #11 §3). A platform is also a unit of this one (type secondary_hotline): dispatching a
-- case to that unit transfers it; its result comes back as that unit's reply.
CREATE TABLE platforms (
  id            uuid PRIMARY KEY,
  code          text NOT NULL UNIQUE,            -- how the other platform names this one's cases' source
  name          text NOT NULL,
  base_url      text NOT NULL,                   -- e.g. https://12345.other.gov.cn
  token         text NOT NULL,                   -- the API token this platform uses to call it
  unit_id       uuid NOT NULL UNIQUE REFERENCES units(id),
  user_id       uuid NOT NULL REFERENCES users(id),   -- acts for the platform when its results arrive
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL
);

ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check CHECK (channel IN ('sms','email','http'));
-- for 'http': whose URL and credentials (a webhook's secret, a platform's token)
ALTER TABLE outbox ADD COLUMN target_kind text CHECK (target_kind IN ('webhook','platform'));
ALTER TABLE outbox ADD COLUMN target_id uuid;
CREATE INDEX outbox_target_idx ON outbox (target_id, created_at DESC) WHERE target_id IS NOT NULL;

-- A transferred case remembers where it came from, to send the result back.
ALTER TABLE cases ADD COLUMN origin_platform_id uuid REFERENCES platforms(id);
ALTER TABLE cases ADD COLUMN origin_case_ref text;   -- the case's id on the platform it came from
