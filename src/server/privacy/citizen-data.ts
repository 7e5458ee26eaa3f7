/**
 * A citizen's personal data on request (issue #9 §2; PIPL 查阅、复制权): finding the citizen by
 * phone or ID number, the preview an admin checks before acting, the export of everything held on
 * them, and the audit record of each request.
 */
import { randomUUID } from 'node:crypto';
import type { CaseRow } from '../db/schema';
import type { Executor } from '../cases/cases.repo';
import type { AuthUser } from '../auth/auth.repo';
import { loadCaseDetail } from '../cases/case-detail';
import { logPersonalDataView } from '../cases/case-view';
import { DomainError } from '../../core/errors';
import { isValidCitizenPhone, isValidIdNumber, maskName, normalizePhone } from '../../core/citizen';
import { CASE_STATE_LABELS, FINISHED_STATES, type CaseState } from '../../core/case-lifecycle';
import { maskedSubject } from './redact';

/** Who a request is about: a phone number, an ID number, or both (cases matching either). */
export interface Subject {
  phone: string | null;
  idNumber: string | null;
}

const invalid = (field: string, zh: string, en: string) => new DomainError('validation.failed', `${zh}（${field}）`, `${field}: ${en}`, { field });

/** Checks and normalises the phone and ID number as registration does (core/citizen.ts). */
export function parseSubject(input: { phone?: string | null; idNumber?: string | null }, now: Date): Subject {
  const phone = input.phone?.trim() ? normalizePhone(input.phone) : null;
  const idNumber = input.idNumber?.trim() ? input.idNumber.trim().toUpperCase() : null;
  if (!phone && !idNumber) throw invalid('phone', '请填写群众的电话号码或身份证号码', 'give the citizen’s phone or ID number');
  if (phone && !isValidCitizenPhone(phone)) throw invalid('phone', '电话号码格式不正确', 'not a valid Chinese mobile or landline number');
  if (idNumber && !isValidIdNumber(idNumber, now)) throw invalid('idNumber', '身份证号码无效', 'not a valid GB 11643 identity number');
  return { phone, idNumber };
}

export const subjectText = (s: Subject) => maskedSubject(s.phone, s.idNumber);

const isFinished = (state: string) => (FINISHED_STATES as readonly string[]).includes(state);

/** The cases that name the citizen, oldest first. */
export async function findCitizenCases(db: Executor, s: Subject): Promise<CaseRow[]> {
  return db
    .selectFrom('cases')
    .selectAll()
    .where((eb) => eb.or([...(s.phone ? [eb('citizen_phone', '=', s.phone)] : []), ...(s.idNumber ? [eb('citizen_id_no', '=', s.idNumber)] : [])]))
    .orderBy('created_at')
    .orderBy('case_no')
    .execute();
}

/** Open cases the citizen was merged into as a co-requester: the unit may still call them there. */
export async function openCorequests(db: Executor, s: Subject): Promise<string[]> {
  if (!s.phone) return [];
  const rows = await db
    .selectFrom('case_corequesters as q')
    .innerJoin('cases as c', 'c.id', 'q.case_id')
    .select('c.case_no')
    .where('q.phone', '=', s.phone)
    .where('c.state', 'not in', [...FINISHED_STATES])
    .execute();
  return [...new Set(rows.map((r) => r.case_no))];
}

/** What an admin sees before exporting or erasing: the cases, masked, and which are still open. */
export async function previewCitizen(db: Executor, s: Subject, lang: 'zh' | 'en') {
  const rows = await findCitizenCases(db, s);
  return {
    subject: subjectText(s),
    cases: rows.map((r) => ({
      caseNo: r.case_no,
      title: r.title,
      citizenName: maskName(r.citizen_name),
      state: r.state,
      stateLabel: CASE_STATE_LABELS[r.state as CaseState][lang],
      finished: isFinished(r.state),
      createdAt: r.created_at,
      closedAt: r.closed_at,
      archivedAt: r.archived_at,
    })),
    openCases: rows.filter((r) => !isFinished(r.state)).map((r) => r.case_no),
    openCorequests: await openCorequests(db, s),
  };
}

export type AuditKind = 'export' | 'erasure' | 'retention';

export async function recordAudit(
  db: Executor,
  a: { id?: string; kind: AuditKind; reference: string | null; subject: string | null; caseNos: string[]; cases?: number; details?: Record<string, unknown>; actor: AuthUser | null; now: Date },
): Promise<string> {
  const id = a.id ?? randomUUID();
  await db
    .insertInto('privacy_audit')
    .values({
      id,
      kind: a.kind,
      reference: a.reference,
      subject: a.subject,
      case_nos: JSON.stringify(a.caseNos),
      cases: a.cases ?? a.caseNos.length,
      details: JSON.stringify(a.details ?? {}),
      actor_id: a.actor?.userId ?? null,
      at: a.now,
    })
    .execute();
  return id;
}

/** The audit records, newest first. */
export async function listAudit(db: Executor, kind: AuditKind | undefined, limit: number) {
  let q = db
    .selectFrom('privacy_audit as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.kind', 'a.reference', 'a.subject', 'a.case_nos', 'a.cases', 'a.details', 'a.at', 'u.username', 'u.display_name']);
  if (kind) q = q.where('a.kind', '=', kind);
  const rows = await q.orderBy('a.at', 'desc').orderBy('a.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    reference: r.reference,
    subject: r.subject,
    caseNos: r.case_nos,
    cases: r.cases,
    details: r.details,
    actor: r.username ? { username: r.username, displayName: r.display_name ?? '' } : null,
    at: r.at,
  }));
}

/**
 * Everything held on the citizen: each case with its replies, callbacks, promises, attachments
 * (listed), history and who viewed their data; their entries as a co-requester, their calls and
 * the messages sent to them. The export is itself an unmasked view (logged on each case) and is
 * recorded in the audit table with its reference.
 */
export async function exportCitizenData(db: Executor, user: AuthUser, s: Subject, reference: string, ip: string | undefined, now: Date, lang: 'zh' | 'en') {
  const rows = await findCitizenCases(db, s);
  const ids = rows.map((r) => r.id);
  const categories = new Map((await db.selectFrom('categories').select(['code', 'name']).execute()).map((c) => [c.code, c.name]));
  const accessRows = ids.length
    ? await db
        .selectFrom('personal_data_access_log as l')
        .innerJoin('users as u', 'u.id', 'l.user_id')
        .innerJoin('units as un', 'un.id', 'u.unit_id')
        .select(['l.case_id', 'l.at', 'l.fields', 'l.purpose', 'u.display_name', 'u.username', 'u.role', 'un.name as unit_name'])
        .where('l.case_id', 'in', ids)
        .orderBy('l.at')
        .execute()
    : [];
  const attachmentRows = ids.length
    ? await db
        .selectFrom('attachments as a')
        .leftJoin('users as u', 'u.id', 'a.uploaded_by')
        .select(['a.case_id', 'a.filename', 'a.mime', 'a.size', 'a.created_at', 'a.uploaded_by', 'u.role'])
        .where('a.case_id', 'in', ids)
        .orderBy('a.created_at')
        .execute()
    : [];

  const cases = [];
  for (const row of rows) {
    const d = (await loadCaseDetail(db, row.id, lang))!;
    const lead = d.units.find((u) => u.role === 'lead' && u.active);
    cases.push({
      caseNo: row.case_no,
      channel: row.channel,
      kind: row.kind,
      urgency: row.urgency,
      state: row.state,
      stateLabel: CASE_STATE_LABELS[row.state as CaseState][lang],
      category: row.category_code ? { code: row.category_code, name: categories.get(row.category_code) ?? row.category_code } : null,
      title: row.title,
      content: row.content,
      address: row.address,
      confidential: row.confidential,
      citizen: { name: row.citizen_name, phone: row.citizen_phone, idNumber: row.citizen_id_no, address: row.citizen_address },
      leadUnit: lead?.name ?? null,
      createdAt: row.created_at,
      receivedAt: row.received_at,
      dispatchedAt: row.dispatched_at,
      repliedAt: row.replied_at,
      closedAt: row.closed_at,
      archivedAt: row.archived_at,
      satisfaction: row.satisfaction,
      finalReply: row.final_reply,
      closingNote: row.closing_note,
      replies: d.replies.map((r) => ({ unit: r.unit, kind: r.kind, content: r.content, contactedAt: r.contactedAt, citizenAttitude: r.citizenAttitude, status: r.status, createdAt: r.createdAt })),
      callbacks: d.callbacks.map((c) => ({ type: c.type, method: c.method, reached: c.reached, contacted: c.contacted, satisfaction: c.satisfaction, resolved: c.resolved, comment: c.comment, at: c.at })),
      promises: d.promises.map((p) => ({ what: p.what, dueDate: p.dueDate, doneAt: p.doneAt })),
      attachments: attachmentRows
        .filter((a) => a.case_id === row.id)
        .map((a) => ({ filename: a.filename, mime: a.mime, size: a.size, createdAt: a.created_at, fromCitizen: a.uploaded_by === null || a.role === 'citizen' })),
      history: d.events.map((e) => ({ seq: e.seq, action: e.action, actionLabel: e.actionLabel, fromState: e.fromState, toState: e.toState, unit: e.unit?.name ?? null, at: e.at })),
      accessLog: accessRows
        .filter((l) => l.case_id === row.id)
        .map((l) => ({ at: l.at, user: l.display_name, username: l.username, role: l.role, unit: l.unit_name, fields: l.fields.split(','), purpose: l.purpose })),
    });
  }

  const corequests = s.phone
    ? await db
        .selectFrom('case_corequesters as q')
        .innerJoin('cases as c', 'c.id', 'q.case_id')
        .select(['c.case_no', 'q.name', 'q.phone', 'q.added_at'])
        .where('q.phone', '=', s.phone)
        .orderBy('q.added_at')
        .execute()
    : [];
  const phones = [...new Set([s.phone, ...rows.map((r) => r.citizen_phone)].filter((p): p is string => !!p))];
  const calls = phones.length
    ? await db
        .selectFrom('calls as k')
        .leftJoin('cases as c', 'c.id', 'k.case_id')
        .select(['k.call_id', 'k.caller', 'k.started_at', 'c.case_no'])
        .where('k.caller', 'in', phones)
        .orderBy('k.started_at')
        .execute()
    : [];
  const messages = phones.length
    ? await db
        .selectFrom('outbox as o')
        .leftJoin('cases as c', 'c.id', 'o.case_id')
        .select(['o.channel', 'o.recipient', 'o.purpose', 'o.body', 'o.status', 'o.created_at', 'o.sent_at', 'c.case_no'])
        .where('o.recipient', 'in', phones)
        .orderBy('o.created_at')
        .execute()
    : [];

  const auditId = await recordAudit(db, { kind: 'export', reference, subject: subjectText(s), caseNos: rows.map((r) => r.case_no), actor: user, now });
  for (const row of rows) await logPersonalDataView(db, user, row, `依申请导出个人信息（${reference}）`, ip, now);

  return {
    auditId,
    reference,
    generatedAt: now,
    generatedBy: { username: user.username, displayName: user.displayName, unit: user.unitName },
    subject: { phone: s.phone, idNumber: s.idNumber },
    cases,
    corequests: corequests.map((q) => ({ caseNo: q.case_no, name: q.name, phone: q.phone, addedAt: q.added_at })),
    calls: calls.map((k) => ({ callId: k.call_id, caller: k.caller, startedAt: k.started_at, caseNo: k.case_no })),
    messages: messages.map((m) => ({ channel: m.channel, to: m.recipient, purpose: m.purpose, body: m.body, status: m.status, createdAt: m.created_at, sentAt: m.sent_at, caseNo: m.case_no })),
  };
}
