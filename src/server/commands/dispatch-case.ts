import type { CaseRow } from '../db/schema';
import { runStep, type CommandContext } from './run-step';
import { resolveUnit } from '../cases/cases.repo';
import { startStage } from './stage-deadline';
import { DomainError } from '../../core/errors';
import { parseLimit } from '../../core/time-limits';

/** Units that handle cases; the centre and the government itself are not dispatch targets. */
const NOT_HANDLING = new Set(['centre', 'government']);

export interface DispatchInput {
  version: number;
  /** Unit ids or codes; the first is the lead unit (首问负责制, S4 §1), the rest co-handling units. */
  units: string[];
  /** An explicit limit set by an instruction ('2wd', '4h'), overriding the policy (S1 §2). */
  limit?: string;
  note?: string;
  /** The category the dispatcher settled on (a suggestion taken, or a correction). */
  categoryCode?: string;
  /** 需现场核查: the reply must then carry site photos (S4 §2.2). Kept from an earlier dispatch when omitted. */
  siteCheck?: boolean;
}

/**
 * 交办 / 改派: from a registered case, or after the centre accepts a unit's return as misrouted.
 * The stage's due time comes from the time-limit policy (first dispatch, consultation or re-dispatch).
 */
export function dispatchCase(ctx: CommandContext, caseRef: string, input: DispatchInput): Promise<CaseRow> {
  return runStep(ctx, caseRef, input.version, 'dispatch', {}, async ({ trx, row, now, policy }) => {
    const refs = input.units.map((u) => u.trim());
    if (refs.length === 0) throw new DomainError('case.invalid_units', '至少指定一个承办单位', 'name at least one unit', { field: 'units' });
    const units = [];
    for (const ref of refs) units.push(await resolveUnit(trx, ref));
    const ids = units.map((u) => u.id);
    if (new Set(ids).size !== ids.length) throw new DomainError('case.invalid_units', '承办单位重复', 'a unit is named twice', { field: 'units' });
    const bad = units.find((u) => NOT_HANDLING.has(u.type));
    if (bad) throw new DomainError('case.invalid_units', `${bad.name}不是承办单位`, `${bad.code} does not handle cases`, { field: 'units' });
    if (input.limit) {
      try {
        parseLimit(input.limit);
      } catch {
        throw new DomainError('validation.failed', '办理时限格式不正确（例：5wd、3d、2h、15m、sameday）', 'limit must look like 5wd, 3d, 2h, 15m or sameday', { field: 'limit' });
      }
    }
    if (input.categoryCode && !(await trx.selectFrom('categories').select('code').where('code', '=', input.categoryCode).where('active', '=', true).executeTakeFirst())) {
      throw new DomainError('validation.failed', `诉求分类不存在：${input.categoryCode}`, `no such category: ${input.categoryCode}`, { field: 'categoryCode' });
    }
    const redispatch = row.state === 'returned';
    // a re-dispatch takes the case away from the units that had it
    await trx.updateTable('case_units').set({ active: false }).where('case_id', '=', row.id).where('active', '=', true).execute();
    for (const [i, u] of units.entries()) {
      await trx
        .insertInto('case_units')
        .values({ case_id: row.id, unit_id: u.id, role: i === 0 ? 'lead' : 'co', active: true, dispatched_at: now, accepted_at: null })
        .onConflict((oc) => oc.columns(['case_id', 'unit_id']).doUpdateSet({ role: i === 0 ? 'lead' : 'co', active: true, dispatched_at: now, accepted_at: null }))
        .execute();
    }
    // the kind, channel and urgency of the case pick the rule (a dispatched consultation: the same day)
    const stage = redispatch ? 'redispatch' : 'first_dispatch';
    const lead = units[0]!;
    const category = input.categoryCode ?? row.category_code;
    return {
      patch: { lead_unit_id: lead.id, category_code: category, site_check: input.siteCheck ?? row.site_check, dispatched_at: row.dispatched_at ?? now, accepted_at: null, ...startStage(policy, { ...row, category_code: category }, stage, now, input.limit) },
      payload: { lead: { id: lead.id, code: lead.code, name: lead.name }, co: units.slice(1).map((u) => ({ id: u.id, code: u.code, name: u.name })), stage, note: input.note ?? null, siteCheck: input.siteCheck ?? row.site_check },
    };
  });
}
