/**
 * Anonymising the citizens of finished cases (issue #9 §2), shared by the erasure on request and
 * the retention job. Who the citizen was goes: name, phone, ID number and address on the case,
 * the same in every free text about it (replies, callbacks, orders, messages, the calls' and
 * inbound messages' records), the attachments the citizen sent, their entry as a co-requester.
 * What the case was stays: category, units, dates, states, satisfaction, and so every figure the
 * statistics count. The history is never rewritten: one `anonymise` event is appended, naming who
 * asked and on which request, never the data removed, and carrying cleaned copies of the earlier
 * events' payloads that named the citizen (`redactedPayloads`, by seq), which the case page shows.
 *
 * A batch of cases at a time: each related table is read once for the whole batch, so that the
 * retention job's cost is about one statement per case.
 */
import { sql, type Transaction } from 'kysely';
import type { CaseRow, DB } from '../db/schema';
import type { AuthUser } from '../auth/auth.repo';
import { searchVector } from '../text/segment';
import { recordStatsChanges } from '../stats/stats.repo';
import { offerToWebhooks } from '../integration/webhooks';
import { maskPhone } from '../../core/citizen';
import { ANONYMISED_NAME, redactJson, redactText, type CitizenValues } from './redact';

export interface AnonymiseContext {
  reason: 'erasure' | 'retention';
  /** The admin who carried out the request or ran the job; null for the daily job. */
  actor: AuthUser | null;
  reference: string | null;
  /** What the case page shows under the event (no personal data). */
  note: string;
  auditId: string;
  now: Date;
}

export interface AnonymisedCase {
  caseNo: string;
  state: string;
  attachmentsRemoved: number;
}

/** Free-text columns of the tables that hang off a case (each has an `id` and a `case_id`). */
const TEXT_COLUMNS: [table: string, columns: string[]][] = [
  ['case_replies', ['content', 'citizen_attitude', 'review_note']],
  ['callbacks', ['comment']],
  ['promises', ['what', 'done_note']],
  ['extension_requests', ['reason', 'decision_note']],
  ['supervision_orders', ['requirement', 'response', 'close_note']],
  ['notifications', ['message']],
  ['criticism_entries', ['detail', 'revoke_note']],
];

async function redactColumns(trx: Transaction<DB>, table: string, columns: string[], ids: string[], who: Map<string, CitizenValues>): Promise<void> {
  const rows = await sql<Record<string, string | null>>`SELECT id, case_id, ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.table(table)} WHERE case_id IN (${sql.join(ids)})`.execute(trx);
  for (const row of rows.rows) {
    const citizen = who.get(row.case_id!)!;
    const sets = columns.flatMap((c) => {
      const v = row[c];
      if (typeof v !== 'string') return [];
      const r = redactText(v, citizen);
      return r === v ? [] : [sql`${sql.ref(c)} = ${r}`];
    });
    if (sets.length) await sql`UPDATE ${sql.table(table)} SET ${sql.join(sets)} WHERE id = ${row.id}`.execute(trx);
  }
}

/**
 * Anonymises `rows` (loaded FOR UPDATE by the caller, finished, not yet anonymised) in `trx`.
 * Returns what was done to each, for the audit record.
 */
export async function anonymiseCases(trx: Transaction<DB>, rows: readonly CaseRow[], ctx: AnonymiseContext): Promise<AnonymisedCase[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const who = new Map<string, CitizenValues>(rows.map((r) => [r.id, { name: r.citizen_name, phone: r.citizen_phone, idNumber: r.citizen_id_no, address: r.citizen_address }]));
  const clean = (id: string, s: string | null) => (s === null ? null : redactText(s, who.get(id)!));

  // what the citizens sent (the mailbox's photos, a citizen account's uploads); the units' photos stay
  const removed = await trx
    .deleteFrom('attachments')
    .where('case_id', 'in', ids)
    .where((eb) => eb.or([eb('uploaded_by', 'is', null), eb('uploaded_by', 'in', eb.selectFrom('users').select('id').where('role', '=', 'citizen'))]))
    .returning('case_id')
    .execute();

  const after: CaseRow[] = [];
  for (const row of rows) {
    const title = clean(row.id, row.title)!;
    const content = clean(row.id, row.content)!;
    const address = clean(row.id, row.address);
    after.push(
      await trx
        .updateTable('cases')
        .set({
          citizen_name: row.citizen_name ? ANONYMISED_NAME : null,
          citizen_phone: null,
          citizen_id_no: null,
          citizen_address: null,
          title,
          content,
          address,
          final_reply: clean(row.id, row.final_reply),
          closing_note: clean(row.id, row.closing_note),
          recording_url: null,
          search_tokens: searchVector([title, content, address]),
          anonymised_at: ctx.now,
          version: row.version + 1,
          updated_at: ctx.now,
        })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }

  for (const [table, columns] of TEXT_COLUMNS) await redactColumns(trx, table, columns, ids, who);
  // messages to the citizens: texts cleaned, the number masked, and none still waiting goes out
  for (const m of await trx.selectFrom('outbox').select(['id', 'case_id', 'channel', 'recipient', 'subject', 'body', 'status']).where('case_id', 'in', ids).execute()) {
    const c = who.get(m.case_id!)!;
    const toCitizen = m.channel !== 'http' && !!c.phone && m.recipient === c.phone;
    const set = {
      recipient: toCitizen ? maskPhone(m.recipient)! : m.recipient,
      subject: m.subject === null ? null : redactText(m.subject, c),
      body: redactText(m.body, c),
      ...(toCitizen && m.status === 'pending' ? { status: 'failed' as const, last_error: '个人信息已匿名化，不再发送' } : {}),
    };
    if (set.recipient !== m.recipient || set.subject !== m.subject || set.body !== m.body || 'status' in set) await trx.updateTable('outbox').set(set).where('id', '=', m.id).execute();
  }
  const phones = rows.map((r) => r.citizen_phone).filter((p): p is string => !!p);
  if (phones.length) await trx.deleteFrom('sms_parts').where('sender', 'in', phones).execute();
  for (const call of await trx.selectFrom('calls').select(['id', 'caller']).where('case_id', 'in', ids).execute()) {
    await trx.updateTable('calls').set({ caller: maskPhone(call.caller) ?? '', recording_url: null }).where('id', '=', call.id).execute();
  }
  for (const m of await trx.selectFrom('inbound_messages').select(['id', 'case_id', 'payload']).where('case_id', 'in', ids).execute()) {
    await trx.updateTable('inbound_messages').set({ payload: JSON.stringify(redactJson(m.payload, who.get(m.case_id!)!)) }).where('id', '=', m.id).execute();
  }
  // these citizens as co-requesters of the cases theirs were merged into
  await trx
    .updateTable('case_corequesters')
    .set((eb) => ({ name: eb.case().when('name', 'is not', null).then(ANONYMISED_NAME).else(null).end(), phone: null }))
    .where('from_case_id', 'in', ids)
    .execute();
  // the special reports that compiled these cases keep their copy, without the citizens
  const reports = await trx.selectFrom('special_report_cases as rc').innerJoin('special_reports as s', 's.id', 'rc.report_id').select(['s.id', 'rc.case_id']).where('rc.case_id', 'in', ids).execute();
  for (const rep of reports) {
    const current = (await trx.selectFrom('special_reports').select('cases').where('id', '=', rep.id).executeTakeFirstOrThrow()).cases;
    await trx.updateTable('special_reports').set({ cases: JSON.stringify(redactJson(current, who.get(rep.case_id)!)) }).where('id', '=', rep.id).execute();
  }

  // the history is never rewritten: where an earlier event's payload names the citizen (a callback's
  // comment, an answer), its cleaned copy travels in the new event, and readers show that instead
  const redacted = new Map<string, Record<number, unknown>>();
  for (const e of await trx.selectFrom('case_events').select(['case_id', 'seq', 'payload']).where('case_id', 'in', ids).execute()) {
    const cleaned = redactJson(e.payload, who.get(e.case_id)!);
    if (JSON.stringify(cleaned) !== JSON.stringify(e.payload)) redacted.set(e.case_id, { ...redacted.get(e.case_id), [e.seq]: cleaned });
  }
  const removedBy = (id: string) => removed.filter((a) => a.case_id === id).length;
  await trx
    .insertInto('case_events')
    .values(
      rows.map((row, i) => {
        const c = who.get(row.id)!;
        const redactedPayloads = redacted.get(row.id);
        return {
          case_id: row.id,
          seq: after[i]!.version,
          action: 'anonymise',
          from_state: row.state,
          to_state: row.state,
          actor_id: ctx.actor?.userId ?? null,
          actor_role: ctx.actor?.role ?? 'system',
          actor_unit_id: ctx.actor?.unitId ?? null,
          at: ctx.now,
          payload: JSON.stringify({
            trigger: ctx.reason,
            note: ctx.note,
            reference: ctx.reference,
            auditId: ctx.auditId,
            fields: (['name', 'phone', 'idNumber', 'address'] as const).filter((f) => c[f]),
            attachmentsRemoved: removedBy(row.id),
            ...(redactedPayloads ? { redactedPayloads } : {}),
          }),
        };
      }),
    )
    .execute();
  // nothing the statistics count has changed: the difference recorded is zero
  await recordStatsChanges(
    trx,
    rows.map((r, i) => [r, after[i]!]),
  );
  // integrations that keep copies learn that these cases' citizens are to be forgotten
  await offerToWebhooks(
    trx,
    after.map((a, i) => ({ row: a, seq: a.version, action: 'anonymise', fromState: rows[i]!.state, toState: rows[i]!.state, at: ctx.now, actorRole: ctx.actor?.role ?? 'system' })),
  );
  return rows.map((r) => ({ caseNo: r.case_no, state: r.state, attachmentsRemoved: removedBy(r.id) }));
}
