-- 005: historical cases imported for training the routing models (issue #5 §4), kept so that
-- every retraining, nightly or on demand, learns from them too.
CREATE TABLE routing_history (
  id             uuid PRIMARY KEY,
  title          text NOT NULL,
  content        text NOT NULL DEFAULT '',
  category_code  text REFERENCES categories(code),
  unit_code      text,
  imported_at    timestamptz NOT NULL
);
