/**
 * Erasure on request (issue #9 §2; PIPL 删除权): every finished case of the citizen is anonymised
 * (anonymise.ts). A citizen with a case still open is refused, naming the cases: the unit still
 * needs to reach them. Idempotent: a repeated request finds nothing left and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import type { AuthUser } from '../auth/auth.repo';
import { DomainError } from '../../core/errors';
import { FINISHED_STATES } from '../../core/case-lifecycle';
import { maskPhone } from '../../core/citizen';
import { anonymiseCases, type AnonymisedCase } from './anonymise';
import { ANONYMISED_NAME } from './redact';
import { findCitizenCases, openCorequests, recordAudit, subjectText, type Subject } from './citizen-data';

/** Cases anonymised per transaction, so that no request holds many rows locked for long. */
const BATCH = 50;

export interface ErasureResult {
  auditId: string;
  reference: string;
  subject: string;
  erased: AnonymisedCase[];
  corequests: number;
  calls: number;
}

export async function eraseCitizen(db: Database, user: AuthUser, s: Subject, reference: string, now: Date): Promise<ErasureResult> {
  const found = await findCitizenCases(db, s);
  const open = [...found.filter((r) => !(FINISHED_STATES as readonly string[]).includes(r.state)).map((r) => r.case_no), ...(await openCorequests(db, s))];
  if (open.length) {
    throw new DomainError(
      'conflict',
      `该群众仍有未办结的诉求：${open.join('、')}。办理中仍需联系诉求人，请办结后再删除个人信息。`,
      `the citizen still has open cases: ${open.join(', ')}. The units still need to reach them; erase once these are closed.`,
      { openCases: open },
    );
  }
  const auditId = randomUUID();
  const erased: AnonymisedCase[] = [];
  const phones = [...new Set([s.phone, ...found.map((r) => r.citizen_phone)].filter((p): p is string => !!p))];
  for (let i = 0; i < found.length; i += BATCH) {
    const ids = found.slice(i, i + BATCH).map((r) => r.id);
    await db.transaction().execute(async (trx) => {
      // locked and read again: a step may have reopened one since (then it stays as it is)
      const rows = await trx.selectFrom('cases').selectAll().where('id', 'in', ids).where('state', 'in', [...FINISHED_STATES]).where('anonymised_at', 'is', null).orderBy('created_at').forUpdate().execute();
      erased.push(...(await anonymiseCases(trx, rows, { reason: 'erasure', actor: user, reference, note: `依申请删除个人信息（${reference}）`, auditId, now })));
    });
  }
  return db.transaction().execute(async (trx) => {
    // the citizen as a co-requester on finished cases, and calls not tied to a case
    let corequests = 0;
    let calls = 0;
    if (phones.length) {
      const q = await trx.updateTable('case_corequesters').set((eb) => ({ name: eb.case().when('name', 'is not', null).then(ANONYMISED_NAME).else(null).end(), phone: null })).where('phone', 'in', phones).executeTakeFirst();
      corequests = Number(q.numUpdatedRows);
      for (const p of phones) {
        const k = await trx.updateTable('calls').set({ caller: maskPhone(p)!, recording_url: null }).where('caller', '=', p).where('case_id', 'is', null).executeTakeFirst();
        calls += Number(k.numUpdatedRows);
        await trx.deleteFrom('sms_parts').where('sender', '=', p).execute();
      }
    }
    const subject = subjectText(s);
    await recordAudit(trx, {
      id: auditId,
      kind: 'erasure',
      reference,
      subject,
      caseNos: erased.map((e) => e.caseNo),
      details: { attachmentsRemoved: erased.reduce((n, e) => n + e.attachmentsRemoved, 0), corequests, calls },
      actor: user,
      now,
    });
    return { auditId, reference, subject, erased, corequests, calls };
  });
}
