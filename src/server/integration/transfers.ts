/**
 * Transfers between platforms (issue #11 §3): a case dispatched to a unit that stands for another
 * platform (another Huiyin, a secondary hotline speaking this API) is sent there; the other
 * platform registers it once however often it arrives, handles it, and sends its result back when
 * it closes, which arrives here as that unit's reply for the centre to review. Both directions go
 * through the outbox (retried, idempotent by the case's id on the sending side).
 */
import type { Executor } from '../cases/cases.repo';
import type { CaseRow } from '../db/schema';
import { enqueueMessage } from '../outbox/outbox.repo';

export interface PlatformRow {
  id: string;
  code: string;
  name: string;
  base_url: string;
  unit_id: string;
  user_id: string;
  active: boolean;
}

export async function platformOfUnit(db: Executor, unitId: string | null): Promise<PlatformRow | undefined> {
  if (!unitId) return undefined;
  return db.selectFrom('platforms').select(['id', 'code', 'name', 'base_url', 'unit_id', 'user_id', 'active']).where('unit_id', '=', unitId).where('active', '=', true).executeTakeFirst();
}

/** What the other platform needs to handle the case (it registers it as its own). */
export function transferPayload(c: CaseRow) {
  return {
    originCaseId: c.id,
    originCaseNo: c.case_no,
    channel: c.channel,
    kind: c.kind,
    urgency: c.urgency,
    title: c.title,
    content: c.content,
    address: c.address,
    location: c.lng !== null && c.lat !== null ? { lng: c.lng, lat: c.lat } : null,
    anonymous: c.anonymous,
    confidential: c.confidential,
    citizen: c.anonymous ? null : { name: c.citizen_name, phone: c.citizen_phone, idNumber: c.citizen_id_no, address: c.citizen_address },
    receivedAt: (c.received_at ?? c.created_at).toISOString(),
  };
}

export function resultPayload(c: CaseRow) {
  return {
    caseRef: c.origin_case_ref,
    remoteCaseNo: c.case_no,
    reply: c.final_reply ?? c.closing_note ?? '',
    closingNote: c.closing_note,
    satisfaction: c.satisfaction,
    closedAt: (c.closed_at ?? c.updated_at).toISOString(),
  };
}

/**
 * After a step: a case now led by a platform's unit is sent there; a case that came from a
 * platform and has just closed sends its result back.
 */
export async function transferAfterStep(trx: Executor, before: CaseRow, after: CaseRow, action: string, now: Date): Promise<void> {
  const sent = (action === 'dispatch' || action === 'dispatch_down' || action === 'reject_return') && after.lead_unit_id;
  if (sent) {
    const p = await platformOfUnit(trx, after.lead_unit_id);
    if (p) {
      await enqueueMessage(trx, {
        channel: 'http',
        to: `${p.base_url.replace(/\/+$/, '')}/api/transfers`,
        subject: 'transfer',
        body: JSON.stringify(transferPayload(after)),
        caseId: after.id,
        purpose: 'transfer',
        dedupeKey: `transfer:${after.id}:${p.id}:${after.version}`,
        target: { kind: 'platform', id: p.id },
        now,
      });
    }
  }
  if (after.origin_platform_id && after.state === 'closed' && before.state !== 'closed') {
    const p = await trx.selectFrom('platforms').select(['id', 'base_url', 'active']).where('id', '=', after.origin_platform_id).executeTakeFirst();
    if (p?.active) {
      await enqueueMessage(trx, {
        channel: 'http',
        to: `${p.base_url.replace(/\/+$/, '')}/api/transfers/result`,
        subject: 'transfer_result',
        body: JSON.stringify(resultPayload(after)),
        caseId: after.id,
        purpose: 'transfer_result',
        dedupeKey: `transfer_result:${after.id}:${after.version}`,
        target: { kind: 'platform', id: p.id },
        now,
      });
    }
  }
}
