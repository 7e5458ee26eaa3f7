/** A case as printed on an order or compiled into a special report (personal data masked). */
import type { Executor } from '../cases/cases.repo';
import { loadCaseUnits } from '../cases/cases.repo';
import { CASE_STATE_LABELS, type CaseState } from '../../core/case-lifecycle';
import { CHANNEL_LABELS, KIND_LABELS, URGENCY_LABELS, type Channel, type Kind, type Urgency } from '../../core/enums';
import { maskName, maskPhone } from '../../core/citizen';
import type { CaseSummary } from '../print/pdf';

/** The printed summary (print/pdf.ts) plus the case's id, so a compiled report can link back. */
export interface CaseSummaryData extends CaseSummary {
  caseId: string;
}

export async function loadCaseSummaries(db: Executor, caseIds: string[]): Promise<CaseSummaryData[]> {
  if (caseIds.length === 0) return [];
  const rows = await db.selectFrom('cases').selectAll().where('id', 'in', caseIds).execute();
  const units = await loadCaseUnits(db, caseIds);
  const replies = await db.selectFrom('case_replies').select(['case_id', 'content', 'created_at']).where('case_id', 'in', caseIds).where('kind', '=', 'reply').orderBy('created_at').execute();
  const instructions = await db
    .selectFrom('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.case_id', 'e.at', 'e.payload', 'u.display_name'])
    .where('e.case_id', 'in', caseIds)
    .where('e.action', '=', 'instruct')
    .orderBy('e.at')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return caseIds.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const u = units.get(id) ?? [];
    const latest = replies.filter((x) => x.case_id === id).at(-1);
    const who = r.anonymous ? null : [maskName(r.citizen_name), maskPhone(r.citizen_phone)].filter(Boolean).join(' ') || null;
    return [
      {
        caseId: r.id,
        caseNo: r.case_no,
        title: r.title,
        kindLabel: KIND_LABELS[r.kind as Kind] ?? r.kind,
        channelLabel: CHANNEL_LABELS[r.channel as Channel] ?? r.channel,
        urgencyLabel: URGENCY_LABELS[r.urgency as Urgency] ?? r.urgency,
        createdAt: r.created_at,
        address: r.address,
        content: r.content,
        citizen: r.confidential ? null : who,
        leadUnit: u.find((x) => x.role === 'lead' && x.active)?.name ?? null,
        coUnits: u.filter((x) => x.role === 'co' && x.active).map((x) => x.name),
        stateLabel: CASE_STATE_LABELS[r.state as CaseState].zh,
        dueAt: r.due_at,
        latestReply: latest?.content ?? null,
        finalReply: r.final_reply,
        instructions: instructions
          .filter((e) => e.case_id === id)
          .map((e) => ({ at: e.at, by: e.display_name ?? '', text: String((e.payload as { instruction?: string }).instruction ?? '') })),
      },
    ];
  });
}

/** JSON stored in special_reports.cases: dates as ISO strings; this brings them back. */
export function reviveSummary(s: Record<string, unknown>): CaseSummaryData {
  const d = (v: unknown) => (v ? new Date(String(v)) : null);
  const x = s as unknown as CaseSummaryData;
  return {
    ...x,
    createdAt: d(s.createdAt)!,
    dueAt: d(s.dueAt),
    instructions: ((s.instructions as { at: string; by: string; text: string }[]) ?? []).map((i) => ({ ...i, at: new Date(i.at) })),
  };
}
