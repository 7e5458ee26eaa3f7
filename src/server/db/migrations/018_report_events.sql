-- 018: the weekly report counts and finds its cases' supervision events by time (issue #10 §3).
--
-- The report counts the period's urges and leaders' instructions and lists the cases instructed,
-- supervised, escalated or specially reported (reports/report-data.ts). Without an index on the
-- action and time each count read all of case_events (70 million rows at 10 million cases, 4.5 s
-- apiece). These few actions are a small share of the history, so a partial index costs the
-- other steps nothing.
CREATE INDEX case_events_supervision_idx ON case_events (action, at) INCLUDE (case_id)
  WHERE action IN ('urge', 'auto_urge', 'instruct', 'supervise', 'escalate', 'special_report');
