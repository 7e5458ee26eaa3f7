/**
 * What bench/crash.ts proves against the database once the load and the kills are over: every
 * acknowledged case and step is there exactly once, each case's history replays, every timer and
 * outbox message its cause requires exists exactly once and every message reached the receiver.
 */
import type pg from 'pg';
import { replayHistory, type HistoryEvent } from '../src/core/replay';

export interface Acknowledged {
  /** Case id → how the client knows it: the marker in an operator's title, or the idempotency key. */
  cases: Map<string, { channel: 'phone' | 'sms' | 'online'; key: string }>;
  /** Operator registrations whose answer never came (no idempotency key, so not retried). */
  unanswered: string[];
  dispatched: string[];
  urged: string[];
  /** SMS sent twice on purpose, and how many of the second answers named another case. */
  smsResent: number;
  smsMismatch: number;
}

export interface CheckResult {
  figures: Record<string, number>;
  violations: string[];
}

export async function checkDatabase(db: pg.Client, ack: Acknowledged, received: { sms: Map<string, number>; hook: Map<string, number> }): Promise<CheckResult> {
  const violations: string[] = [];
  const rows = async <T extends pg.QueryResultRow>(q: string, params: unknown[] = []) => (await db.query<T>(q, params)).rows;
  const expectZero = (n: number, what: string) => {
    if (n !== 0) violations.push(`${n} ${what}`);
    return n;
  };

  // ---- cases: every acknowledged one exactly once ----
  const cases = await rows<{ id: string; channel: string; external_id: string | null; title: string; state: string; version: number; lead_unit_id: string | null; urge_count: number }>(
    'SELECT id, channel, external_id, title, state, version, lead_unit_id, urge_count FROM cases',
  );
  const byId = new Map(cases.map((c) => [c.id, c]));
  const markerOf = (title: string) => /#(crash-\d+)$/.exec(title)?.[1] ?? null;
  const byKey = new Map<string, string[]>();
  for (const c of cases) {
    const key = c.channel === 'phone' ? markerOf(c.title) : c.external_id;
    if (key) byKey.set(`${c.channel}:${key}`, [...(byKey.get(`${c.channel}:${key}`) ?? []), c.id]);
  }
  let lost = 0;
  let wrongCase = 0;
  for (const [id, a] of ack.cases) {
    if (!byId.has(id)) lost++;
    else if ((byKey.get(`${a.channel}:${a.key}`) ?? [])[0] !== id) wrongCase++;
  }
  const duplicates = [...byKey.values()].filter((ids) => ids.length > 1).length;
  const unansweredCommitted = ack.unanswered.filter((m) => byKey.has(`phone:${m}`)).length;

  // ---- histories replay to the stored cases ----
  const events = await rows<{ case_id: string; seq: number; action: string; from_state: string | null; to_state: string; actor_role: string | null; payload: Record<string, unknown> }>(
    'SELECT case_id, seq, action, from_state, to_state, actor_role, payload FROM case_events ORDER BY case_id, seq',
  );
  const history = new Map<string, HistoryEvent[]>();
  for (const e of events) history.set(e.case_id, [...(history.get(e.case_id) ?? []), { seq: e.seq, action: e.action, fromState: e.from_state, toState: e.to_state, actorRole: e.actor_role, payload: e.payload }]);
  let replayFailures = 0;
  for (const c of cases) {
    try {
      const r = replayHistory(history.get(c.id) ?? []);
      if (r.state !== c.state || r.version !== c.version || r.leadUnitId !== c.lead_unit_id || r.urgeCount !== c.urge_count) throw new Error('differs from the stored case');
    } catch (err) {
      replayFailures++;
      if (replayFailures <= 3) console.error(`[crash] case ${c.id}: ${(err as Error).message}`);
    }
  }
  const count = (id: string, action: string) => (history.get(id) ?? []).filter((e) => e.action === action).length;
  const ackedStepsLost = ack.dispatched.filter((id) => count(id, 'dispatch') !== 1).length + ack.urged.filter((id) => count(id, 'urge') !== 1).length;

  // ---- timers: as each case's history requires, exactly once ----
  const timers = await rows<{ case_id: string; kind: string; dedupe_key: string; fired_at: Date | null; payload: Record<string, unknown> }>('SELECT case_id, kind, dedupe_key, fired_at, payload FROM timers');
  const timerKeys = new Map<string, number>();
  for (const t of timers) timerKeys.set(t.dedupe_key, (timerKeys.get(t.dedupe_key) ?? 0) + 1);
  const dispatchEvents = events.filter((e) => e.action === 'dispatch');
  let timersLost = dispatchEvents.filter((e) => !timerKeys.has(`process_callback:${e.case_id}:${e.seq}`)).length;
  let timersDoubled = timers.filter((t) => t.kind === 'process_callback').length - (dispatchEvents.length - timersLost);
  const overdueCases = (await rows<{ id: string }>("SELECT id FROM cases WHERE due_at < now() - interval '5 seconds' AND dispatched_at IS NOT NULL")).map((r) => r.id);
  for (const id of overdueCases) {
    const n = count(id, 'overdue');
    if (n === 0) timersLost++;
    if (n > 1) timersDoubled += n - 1;
    if (count(id, 'auto_urge') !== n) timersDoubled++;
  }
  const records = await rows<{ case_id: string; n: string }>('SELECT case_id, count(*) AS n FROM overdue_records GROUP BY case_id');
  timersDoubled += records.filter((r) => Number(r.n) !== count(r.case_id, 'overdue')).length;
  const orders = await rows<{ id: string; case_id: string; issued_by: string | null }>('SELECT id, case_id, issued_by FROM supervision_orders');
  for (const c of cases.filter((x) => x.urge_count >= 2)) {
    const esc = timers.filter((t) => t.case_id === c.id && t.kind === 'escalation');
    const auto = orders.filter((o) => o.case_id === c.id && o.issued_by === null);
    if (esc.length === 0 || esc.some((t) => !t.fired_at) || count(c.id, 'escalate') === 0 || auto.length === 0) timersLost++;
    if (esc.length > 1 || count(c.id, 'escalate') > 1 || auto.length > 1) timersDoubled++;
  }
  for (const o of orders) {
    const n = timers.filter((t) => t.kind === 'order_due' && t.payload.orderId === o.id).length;
    if (n === 0) timersLost++;
    if (n > 1) timersDoubled++;
  }
  const notes = await rows<{ case_id: string; n: string }>("SELECT case_id, count(*) AS n FROM notifications WHERE kind = 'overdue' GROUP BY case_id");
  timersDoubled += notes.filter((r) => Number(r.n) !== count(r.case_id, 'overdue')).length;

  // ---- outbox: one receipt per SMS or message case, one webhook delivery per event ----
  const outbox = await rows<{ id: string; case_id: string | null; purpose: string; dedupe_key: string | null; status: string }>('SELECT id, case_id, purpose, dedupe_key, status FROM outbox');
  const receipts = new Map<string, number>();
  for (const m of outbox.filter((x) => x.purpose === 'receipt')) receipts.set(m.case_id!, (receipts.get(m.case_id!) ?? 0) + 1);
  const intakeCases = cases.filter((c) => c.channel === 'sms' || c.channel === 'online');
  let outboxLost = intakeCases.filter((c) => !receipts.has(c.id)).length;
  let outboxDoubled = [...receipts.values()].filter((n) => n > 1).length;
  const hooks = new Map<string, number>();
  for (const m of outbox.filter((x) => x.purpose === 'webhook')) {
    const [, , caseId, seq] = m.dedupe_key!.split(':');
    hooks.set(`${caseId}:${seq}`, (hooks.get(`${caseId}:${seq}`) ?? 0) + 1);
  }
  const offered = events.filter((e) => e.action !== 'auto_urge');
  outboxLost += offered.filter((e) => !hooks.has(`${e.case_id}:${e.seq}`)).length;
  outboxDoubled += [...hooks.values()].filter((n) => n > 1).length + (hooks.size - offered.filter((e) => hooks.has(`${e.case_id}:${e.seq}`)).length);

  // ---- deliveries: every message reached the receiver; a repeat carries the same key ----
  const undelivered = outbox.filter((m) => m.status !== 'sent').length;
  const got = (m: { id: string; purpose: string }) => (m.purpose === 'webhook' ? received.hook : received.sms).get(m.id) ?? 0;
  const neverReceived = outbox.filter((m) => m.status === 'sent' && got(m) === 0).length;
  const ids = new Set(outbox.map((m) => m.id));
  const phantom = [...received.sms.keys(), ...received.hook.keys()].filter((k) => !ids.has(k)).length;
  const redelivered = outbox.filter((m) => got(m) > 1).length;

  const figures = {
    acknowledged: ack.cases.size,
    casesInDatabase: cases.length,
    casesLost: expectZero(lost, 'acknowledged cases are missing'),
    duplicates: expectZero(duplicates, 'requests made more than one case'),
    answerNamedAnotherCase: expectZero(wrongCase, 'acknowledged answers named a case that is not the one stored under their key'),
    smsResent: ack.smsResent,
    smsResentOtherCase: expectZero(ack.smsMismatch, 'resent SMS were not answered 200 with the first case'),
    unansweredRegistrations: ack.unanswered.length,
    unansweredButCommitted: unansweredCommitted,
    stepsAcknowledged: ack.dispatched.length + ack.urged.length,
    stepsLostOrDoubled: expectZero(ackedStepsLost, 'acknowledged steps are missing from or doubled in a history'),
    historiesReplayed: cases.length - replayFailures,
    replayFailures: expectZero(replayFailures, 'histories do not replay to their case'),
    timers: timers.length,
    overdueCases: overdueCases.length,
    supervisionOrders: orders.length,
    timersLost: expectZero(timersLost, 'timers (or what firing them does) are missing'),
    timersDoubled: expectZero(timersDoubled, 'timers (or what firing them does) are doubled'),
    outboxMessages: outbox.length,
    outboxLost: expectZero(outboxLost, 'outbox messages are missing for their cause'),
    outboxDoubled: expectZero(outboxDoubled, 'outbox messages are doubled for their cause'),
    undelivered: expectZero(undelivered, 'outbox messages were never sent'),
    sentButNeverReceived: expectZero(neverReceived, 'messages marked sent never reached the receiver'),
    phantomDeliveries: expectZero(phantom, 'deliveries came with a key the outbox does not hold'),
    redeliveredSameKey: redelivered,
  };
  return { figures, violations };
}
