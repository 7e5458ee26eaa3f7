-- 008: the integration API (issue #11): token scopes, webhooks, transfers between platforms.

-- What a token may call (core/scopes.ts); tokens made before keep everything their user may do.
ALTER TABLE api_tokens ADD COLUMN scopes jsonb NOT NULL DEFAULT '["*"]'::jsonb;
